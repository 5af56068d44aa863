// The `Host` of a page served by `kernelbook serve`: each call is one request to
// the file API (host/serve/api.ts), with the token from the page's URL in an
// Authorization header. Errors come back as HostErrors with the server's code.
import {
  hostError, isHostErrorCode, type DirEntry, type FileChange, type Host, type HostErrorCode, type HostPath, type Walkthrough,
  type OpenedFile, type RecoveryEntry, type SavedFile,
} from '../host.js';
import { eventStreamParser } from './event-stream.js';

// After a dropped watch stream (the server restarting), try again this often.
const RECONNECT_MS = 2000;

export interface HttpHostOptions {
  /** The server's origin, e.g. http://127.0.0.1:8750 (the page's own, normally). */
  origin: string;
  token: string;
  /** Tests in Node pass their own; pages use the global fetch. */
  fetch?: typeof fetch;
}

export function httpHost(options: HttpHostOptions): Host {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const headers = { Authorization: `Bearer ${options.token}` };
  // The version this page last read or wrote of each file: a change with that
  // hash is this page's own save coming back, not news.
  const known = new Map<HostPath, string | null>();

  async function call<T>(method: string, route: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<T> {
    const url = new URL(route, options.origin);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw hostError('UNAVAILABLE', `kernelbook serve is not answering at ${options.origin} (${(error as Error).message}); is it still running?`);
    }
    if (response.status === 204) return undefined as T;
    if (!response.ok) throw await errorOf(response);
    return (await response.json()) as T;
  }

  const see = <T extends { path: HostPath; hash: string }>(file: T): T => {
    known.set(file.path, file.hash);
    return file;
  };

  return {
    kind: 'serve',
    initialPath: async () => (await call<{ path: HostPath | null }>('GET', '/api/initial')).path,
    list: (dir) => call<DirEntry[]>('GET', '/api/list', { dir }),
    open: async (path) => see(await call<OpenedFile>('GET', '/api/file', { path })),
    save: async (path, text, opts = {}) => see(await call<SavedFile>('PUT', '/api/file', { path }, { text, ...opts })),
    autosave: (path, text) => call<void>('PUT', '/api/recovery', { path }, { text }),
    discardRecovery: (path) => call<void>('DELETE', '/api/recovery', { path }),
    recoveries: () => call<RecoveryEntry[]>('GET', '/api/recoveries'),
    trust: (path, hash) => call<void>('POST', '/api/trust', {}, { path, hash }),
    recent: () => call<HostPath[]>('GET', '/api/recent'),
    walkthroughs: () => call<Walkthrough[]>('GET', '/api/walkthroughs'),
    watch(path, onChange) {
      const controller = new AbortController();
      const report = (change: FileChange) => {
        if (known.has(path) && known.get(path) === change.hash) return;
        known.set(path, change.hash);
        onChange(change);
      };
      void (async () => {
        while (!controller.signal.aborted) {
          const ended = await streamChanges(path, report, controller.signal);
          // The token is per start: a restarted server will never accept this page again.
          if (ended === 'refused') return;
          await new Promise((r) => setTimeout(r, RECONNECT_MS));
        }
      })();
      return () => controller.abort();
    },
  };

  async function streamChanges(path: HostPath, report: (change: FileChange) => void, signal: AbortSignal): Promise<'dropped' | 'refused'> {
    const url = new URL('/api/watch', options.origin);
    url.searchParams.set('path', path);
    if (known.has(path)) url.searchParams.set('since', known.get(path) ?? '');
    try {
      const response = await fetchImpl(url, { headers, signal });
      if (!response.ok || !response.body) return response.status === 401 || response.status === 403 || response.status === 404 ? 'refused' : 'dropped';
      const parse = eventStreamParser(({ event, data }) => { if (event === 'change') report(JSON.parse(data) as FileChange); });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return 'dropped';
        parse(value);
      }
    } catch {
      return 'dropped';
    }
  }
}

async function errorOf(response: Response): Promise<Error> {
  let code: HostErrorCode = response.status === 404 ? 'NOT_FOUND' : response.status >= 500 ? 'IO' : 'BAD_REQUEST';
  let message = `${response.status} ${response.statusText}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (isHostErrorCode(body.error?.code)) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // not our JSON (a proxy's page?): keep the status line
  }
  return hostError(code, message);
}
