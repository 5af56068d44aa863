// The kernel process: the sockets of a connection file, a NotebookKernel in
// a headless DOM, and the loops that turn requests into replies. Shell
// requests run one after another; control requests (interrupt, shutdown)
// are handled as they come, so they reach a cell that is still running.
// Every request is wrapped in busy/idle on IOPub, which clients wait for.
import { randomUUID } from 'node:crypto';
import { disposeSharedEngine } from '../builtins/index.js';
import { installDom } from '../runner/dom.js';
import { NotebookKernel } from '../runtime/kernel.js';
import { freshConnectionInfo, writeConnectionFile, type ConnectionInfo } from './connection.js';
import { streamConsole } from './console.js';
import { HANDLERS, type Context } from './handlers.js';
import { History } from './history.js';
import { IOPub } from './iopub.js';
import { kernelMessage, replyType, type Content, type Message } from './message.js';
import { jupyterBundle } from './renderer.js';
import { SignatureHistory } from './replay.js';
import { Scope } from './scope.js';
import { JupyterSession } from './session.js';
import { Signer } from './signature.js';
import { ShellQueue } from './shell-queue.js';
import { openChannels, Outbox } from './sockets.js';
import { keepStdioBlocking } from './stdio.js';
import { watchParent } from './parent.js';
import { decode, encode } from './wire.js';
import type { Router } from 'zeromq';

export interface ServeOptions {
  connectionFile: string;
  /** The file's contents, read and checked already; null when it does not exist (the kernel then writes it). */
  connection: ConnectionInfo | null;
  version: string;
  /** Where the kernel's own log lines go (a Jupyter client shows the kernel's stderr in its log). */
  log?: (line: string) => void;
}

/** Runs the kernel until a client shuts it down (or SIGTERM); resolves with the exit code. */
export async function serve(options: ServeOptions): Promise<number> {
  keepStdioBlocking();
  const log = options.log ?? ((line: string) => process.stderr.write(`[kernelbook kernel] ${line}\n`));
  const existing = options.connection;
  const info: ConnectionInfo = existing ?? freshConnectionInfo();
  const signer = new Signer(info.signature_scheme, info.key);
  if (!signer.enabled) log('warning: the connection file has an empty key, so messages are not signed; anyone on this machine can run code in this kernel');
  const channels = await openChannels(info);
  if (!existing) {
    await writeConnectionFile(options.connectionFile, { ...info, ...Object.fromEntries(Object.entries(channels.ports).map(([c, p]) => [`${c}_port`, p])) });
    log(`wrote ${options.connectionFile}; connect with: jupyter console --existing ${options.connectionFile}`);
  }

  const sessionId = randomUUID();
  const replayed = new SignatureHistory();
  const iopubOut = new Outbox(channels.iopub);
  const send = (outbox: Outbox, message: Message) => outbox.send(encode(message, signer)).catch((error) => log(`could not send ${message.header.msg_type}: ${error.message}`));
  const iopub = new IOPub((msgType, content, parent) => {
    void send(iopubOut, kernelMessage(msgType, content, sessionId, parent, [Buffer.from(`kernel.${sessionId}.${msgType}`)]));
  });

  const document = installDom();
  const kernel = new NotebookKernel({ document, mimeBundle: jupyterBundle });
  const session = new JupyterSession(kernel, iopub, document);
  // A cell's console.log is the execution's stdout; the kernel's own log keeps stderr.
  const hostConsole = globalThis.console;
  globalThis.console = streamConsole((name, text) => iopub.stream(name, text));

  let stop!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => { stop = resolve; });
  const context: Context = {
    session, scope: new Scope(session, document), history: new History(), iopub, version: options.version,
    shutdown: () => setImmediate(() => stop(0)),
  };

  const shellOut = new Outbox(channels.shell);
  const controlOut = new Outbox(channels.control);

  // The first request waits (briefly) for a subscriber, so its busy/idle is not published into the void.
  let subscriber: Promise<unknown> | null = Promise.race([channels.subscribed, new Promise((resolve) => setTimeout(resolve, SUBSCRIBER_WAIT_MS))]);
  /** A request after its busy status, its reply sent back to whoever asked; `idle` ends it. */
  const handle = async (request: Message, out: Outbox): Promise<Content | null> => {
    if (subscriber) {
      await subscriber;
      subscriber = null;
    }
    const msgType = request.header.msg_type;
    iopub.publish('status', { execution_state: 'busy' }, request);
    let reply: Content | null = null;
    try {
      const handler = HANDLERS[msgType];
      if (!handler) log(`ignored a ${msgType} message: not a request this kernel knows`);
      else reply = await handler(request, context);
    } catch (error) {
      log(`${msgType} failed: ${(error as Error).stack ?? error}`);
      if (msgType.endsWith('_request')) reply = { status: 'error', ename: (error as Error).name ?? 'Error', evalue: (error as Error).message ?? String(error), traceback: [] };
    }
    if (reply) await send(out, kernelMessage(replyType(msgType), reply, sessionId, request, request.identities));
    return reply;
  };
  const idle = (request: Message) => iopub.publish('status', { execution_state: 'idle' }, request);
  const shell = new ShellQueue((request) => handle(request, shellOut), idle, async (request) => {
    iopub.publish('status', { execution_state: 'busy' }, request);
    await send(shellOut, kernelMessage('execute_reply', { status: 'aborted', execution_count: session.executionCount }, sessionId, request, request.identities));
    iopub.publish('status', { execution_state: 'idle' }, request);
  });

  const receive = async (socket: Router, channel: string, accept: (message: Message) => void) => {
    try {
      for await (const frames of socket) {
        const decoded = decode(frames, signer, replayed);
        if (decoded.rejected) log(`rejected a message on ${channel}: ${decoded.rejected}`);
        else accept(decoded.message!);
      }
    } catch (error) {
      if (!socket.closed) log(`${channel} stopped: ${(error as Error).message}`);
    }
  };
  void receive(channels.shell, 'shell', (message) => shell.push(message));
  // Control requests (interrupt, shutdown) are handled as they come, beside a running execution.
  void receive(channels.control, 'control', (message) => { void handle(message, controlOut).then(() => idle(message)); });
  // This kernel never asks for input, so nothing should come on stdin; it is bound because clients connect to it.
  void receive(channels.stdin, 'stdin', (message) => log(`ignored ${message.header.msg_type} on stdin`));

  const unwatch = watchParent((pid) => {
    log(`the process that started this kernel (pid ${pid}) is gone; stopping`);
    stop(0);
  });
  const onInterrupt = () => { log('SIGINT: interrupting'); session.interrupt(); };
  const onTerminate = () => stop(0);
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onTerminate);
  iopub.publish('status', { execution_state: 'starting' }, null);
  log(`started (pid ${process.pid}, shell port ${channels.ports.shell})`);

  const code = await stopped;
  unwatch();
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onTerminate);
  shell.stop();
  session.interrupt();
  // An execution the interrupt cannot stop (a synchronous loop) gets a moment, not forever.
  await Promise.race([shell.done, new Promise((resolve) => setTimeout(resolve, 1000))]);
  session.dispose();
  kernel.dispose();
  iopub.flush();
  await Promise.all([iopubOut.drained(), shellOut.drained(), controlOut.drained()]);
  await channels.close();
  await disposeSharedEngine();
  globalThis.console = hostConsole;
  log('stopped');
  return code;
}

/** How long the first request waits for an IOPub subscriber: clients subscribe within milliseconds of connecting. */
const SUBSCRIBER_WAIT_MS = 2000;
