// The kernel's five ZeroMQ sockets: shell, control and stdin ROUTERs, IOPub
// (an XPUB, a PUB that also hears subscriptions), and the heartbeat (a REP on
// its own thread). A ZeroMQ socket takes one send at a time, so each sending
// socket gets a queue.
import { Worker } from 'node:worker_threads';
import { Router, XPublisher, type Socket } from 'zeromq';
import { endpoint, portOf, type Channel, type ConnectionInfo } from './connection.js';

/** Serialises sends on one socket: zeromq refuses a send while another is in progress. */
export class Outbox {
  #tail: Promise<void> = Promise.resolve();

  constructor(readonly socket: Router | XPublisher) {}

  send(frames: Buffer[]): Promise<void> {
    const next = this.#tail.then(() => this.socket.send(frames));
    // One failed send (a closed socket during shutdown) must not block the ones after it.
    this.#tail = next.catch(() => {});
    return next;
  }

  /** Resolves once everything queued so far has been handed to ZeroMQ. */
  drained(): Promise<void> {
    return this.#tail;
  }
}

export interface Channels {
  shell: Router;
  control: Router;
  stdin: Router;
  iopub: XPublisher;
  /**
   * Resolves when the first client subscribes to IOPub. A client's SUB socket
   * connects a moment after its shell socket; what is published before then
   * is lost (ZeroMQ's "slow joiner"), including the idle status a client
   * waits for.
   */
  subscribed: Promise<void>;
  /** The ports actually bound (they differ from the connection file's where it said 0). */
  ports: Record<Channel, number>;
  close(): Promise<void>;
}

export async function openChannels(info: ConnectionInfo): Promise<Channels> {
  // Replies and the last IOPub messages (shutdown_reply, status) get a moment to leave when closing.
  const options = { linger: 1000 };
  const shell = new Router(options);
  const control = new Router(options);
  const stdin = new Router(options);
  const iopub = new XPublisher(options);
  // Every subscription is heard, even a second client's subscription to the same (empty) prefix.
  iopub.verbosity = 'allSubs';
  const sockets: [Channel, Socket][] = [['shell', shell], ['control', control], ['stdin', stdin], ['iopub', iopub]];
  let heartbeat: Worker | null = null;
  const close = async () => {
    for (const [, socket] of sockets) if (!socket.closed) socket.close();
    if (heartbeat) {
      const worker = heartbeat;
      heartbeat = null;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage('stop');
      await exited;
    }
  };
  try {
    const ports = {} as Record<Channel, number>;
    for (const [channel, socket] of sockets) {
      await socket.bind(endpoint(info, channel));
      ports[channel] = portOf(socket.lastEndpoint!);
    }
    heartbeat = new Worker(new URL('./heartbeat-worker.js', import.meta.url), { workerData: { endpoint: endpoint(info, 'hb') } });
    ports.hb = await new Promise<number>((resolve, reject) => {
      heartbeat!.once('message', (m: { bound?: string; error?: string }) => (m.bound ? resolve(portOf(m.bound)) : reject(new Error(m.error))));
      heartbeat!.once('error', reject);
    });
    // The worker has nothing to keep alive on its own; the main sockets decide when the process ends.
    heartbeat.unref();
    const subscribed = (async () => {
      try {
        for await (const [frame] of iopub) if (frame[0] === 1) return;
      } catch {
        // Closed before anyone subscribed.
      }
    })();
    return { shell, control, stdin, iopub, subscribed, ports, close };
  } catch (error) {
    await close();
    const port = /EADDRINUSE|Address already in use/.test(String((error as Error).message)) ? ' (is another kernel using these ports?)' : '';
    throw new Error(`cannot open the kernel's sockets on ${info.ip}: ${(error as Error).message}${port}`);
  }
}
