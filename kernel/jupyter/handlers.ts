// One handler per request type: each takes the request and returns the
// content of its reply (null: the message has no reply). The server wraps
// every one in busy/idle status and sends the reply.
import { LANGUAGE_INFO } from '../format/ipynb.js';
import { complete } from './complete.js';
import type { History } from './history.js';
import { inspectAt } from './inspect.js';
import type { IOPub } from './iopub.js';
import { isComplete } from './is-complete.js';
import { PROTOCOL_VERSION, type Content, type Message } from './message.js';
import type { Scope } from './scope.js';
import type { JupyterSession } from './session.js';

export interface Context {
  session: JupyterSession;
  scope: Scope;
  history: History;
  iopub: IOPub;
  version: string;
  /** Ends the kernel once the reply is out; a client restarting it starts a new process. */
  shutdown(restart: boolean): void;
}

export type Handler = (request: Message, context: Context) => Promise<Content | null>;

export const HANDLERS: Record<string, Handler> = {
  kernel_info_request: async (_request, { version }) => ({
    status: 'ok',
    protocol_version: PROTOCOL_VERSION,
    implementation: 'kernelbook',
    implementation_version: version,
    language_info: { ...LANGUAGE_INFO, version: process.versions.v8, codemirror_mode: 'javascript', pygments_lexer: 'javascript' },
    banner: `Kernelbook ${version}: reactive JavaScript cells with the convolution engine (Node ${process.versions.node}).\n`
      + 'Redefine a name and everything that reads it re-runs. Built in: engine, Plot, featureMaps, costBreakdown, compareOps, md, tex.\n',
    help_links: [],
    debugger: false,
  }),

  execute_request: async (request, { session, history, iopub }) => {
    const content = request.content as { code?: unknown; silent?: boolean; store_history?: boolean; user_expressions?: Record<string, unknown> };
    const metadata = request.metadata as { cellId?: unknown; deletedCells?: unknown };
    const code = typeof content.code === 'string' ? content.code : '';
    iopub.executing = request;
    const outcome = await session.execute({
      code,
      silent: content.silent === true,
      storeHistory: content.store_history !== false,
      cellId: typeof metadata.cellId === 'string' ? metadata.cellId : undefined,
      deletedCells: Array.isArray(metadata.deletedCells) ? metadata.deletedCells.filter((c): c is string => typeof c === 'string') : undefined,
    });
    if (content.silent !== true && content.store_history !== false) history.add(outcome.executionCount, code);
    if (outcome.status === 'error') return { status: 'error', execution_count: outcome.executionCount, ...outcome.error, user_expressions: {} };
    const expressions: Record<string, unknown> = {};
    for (const [name, expression] of Object.entries(content.user_expressions ?? {})) {
      expressions[name] = await session.evaluate(String(expression));
    }
    return { status: 'ok', execution_count: outcome.executionCount, user_expressions: expressions, payload: [] };
  },

  is_complete_request: async (request) => isComplete(String(request.content.code ?? '')),

  complete_request: async (request, { scope }) => {
    const code = String(request.content.code ?? '');
    const cursor = Number.isInteger(request.content.cursor_pos) ? (request.content.cursor_pos as number) : [...code].length;
    return { ...(await complete(code, cursor, scope)) };
  },

  inspect_request: async (request, { scope, session }) => {
    const code = String(request.content.code ?? '');
    const cursor = Number.isInteger(request.content.cursor_pos) ? (request.content.cursor_pos as number) : [...code].length;
    return { ...(await inspectAt(code, cursor, Number(request.content.detail_level ?? 0), scope, session)) };
  },

  history_request: async (request, { history }) => ({ status: 'ok', history: history.query(request.content) }),

  // This kernel opens no comms and offers no comm targets.
  comm_info_request: async () => ({ status: 'ok', comms: {} }),
  comm_open: async (request, { iopub }) => {
    iopub.publish('comm_close', { comm_id: request.content.comm_id, data: {} }, request);
    return null;
  },
  comm_msg: async () => null,
  comm_close: async () => null,

  interrupt_request: async (_request, { session }) => {
    session.interrupt();
    return { status: 'ok' };
  },

  shutdown_request: async (request, { iopub, shutdown }) => {
    const restart = request.content.restart === true;
    // Other clients of this kernel learn of it on IOPub.
    iopub.publish('shutdown_reply', { status: 'ok', restart }, request);
    shutdown(restart);
    return { status: 'ok', restart };
  },
};
