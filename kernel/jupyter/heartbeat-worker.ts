// The heartbeat: a REP socket that echoes every ping, on a thread of its own
// so a cell that keeps the main thread busy (a long synchronous engine op)
// does not look like a dead kernel to a client checking the heartbeat.
// The parent posts 'stop' and waits for the exit: ZeroMQ sockets must be
// closed by their own thread before it ends.
import { parentPort, workerData } from 'node:worker_threads';
import { Reply } from 'zeromq';

const socket = new Reply({ linger: 0 });
const port = parentPort!;
port.on('message', (message) => {
  if (message === 'stop') {
    socket.close();
    port.close();
  }
});

// In a function rather than at the top level: a module that awaits at the top
// level is evaluated asynchronously, and Node 20's V8 can abort the process
// when the thread is ended then (see engine/pool/worker.ts).
async function echo(): Promise<void> {
  try {
    await socket.bind(workerData.endpoint as string);
    port.postMessage({ bound: socket.lastEndpoint });
    for await (const frames of socket) await socket.send(frames);
  } catch (error) {
    // Closing the socket ends the loop with an error; anything else is worth telling the parent.
    if (!socket.closed) port.postMessage({ error: (error as Error).message });
  }
}
void echo();
