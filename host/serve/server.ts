// `kernelbook serve`'s HTTP server: the renderer bundle and the file API on
// 127.0.0.1, every response with the isolation and security headers, every
// request through guard.ts, every refusal a JSON (or plain-text) 4xx that says
// what was wrong. Nothing here decides about files: workspace.ts does.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isHostError } from '../host-error.js';
import { SECURITY_HEADERS } from '../headers.js';
import { resolveStatic } from '../static-files.js';
import type { Workspace } from '../workspace.js';
import { ROUTES, STATUS, type ApiRequest } from './api.js';
import { refusal, type Expected } from './guard.js';

/** JSON bodies above this are refused (a notebook's text, escaped, plus a little). */
export const MAX_BODY_BYTES = 160 * 1024 * 1024;
/** A comment line on open watch streams, so dead connections are noticed and proxies keep them. */
const HEARTBEAT_MS = 15_000;

export interface ServeOptions {
  workspace: Workspace;
  /** The renderer bundle (dist/renderer/, index.html its entry). */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed only by tests; normally 24 random bytes per start. */
  token?: string;
}

export interface RunningServer {
  /** What to open: the page with the token in its #fragment (never sent to the server, never in a Referer). */
  url: string;
  origin: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

// The only address we listen on: loopback, IPv4, by number (a name could be rebound).
const LOOPBACK = '127.0.0.1';

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let expected: Expected | undefined;

  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(request, response).catch((error) => {
      if (!response.headersSent) sendError(response, 500, 'IO', error instanceof Error ? error.message : String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', expected!.origin);
    const api = url.pathname === '/api' || url.pathname.startsWith('/api/');
    const refused = refusal(request.headers, expected!, api);
    if (refused) return sendError(response, refused.status, refused.code, refused.message, !api);
    if (!api) return serveStatic(request, response, url.pathname);
    response.setHeader('Cache-Control', 'no-store');
    if (url.pathname === '/api/watch') return watchStream(request, response, url.searchParams);
    const route = ROUTES[url.pathname];
    if (!route) return sendError(response, 404, 'NOT_FOUND', `no API call ${url.pathname}`);
    const method = request.method ?? 'GET';
    const handler = route[method];
    if (!handler) {
      response.setHeader('Allow', Object.keys(route).join(', '));
      return sendError(response, 405, 'BAD_REQUEST', `${url.pathname} does not take ${method} (it takes ${Object.keys(route).join(', ')})`);
    }
    let body: Record<string, unknown> = {};
    if (method === 'PUT' || method === 'POST') {
      const read = await readJsonBody(request);
      if ('error' in read) return sendError(response, read.status, 'BAD_REQUEST', read.error);
      body = read.body;
    }
    const apiRequest: ApiRequest = { query: url.searchParams, body };
    try {
      const result = await handler(options.workspace, apiRequest);
      if (result === undefined) {
        response.writeHead(204).end();
      } else {
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(result));
      }
    } catch (error) {
      if (!isHostError(error)) throw error;
      sendError(response, STATUS[error.code], error.code, error.message);
    }
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse, pathname: string): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return sendError(response, 405, 'BAD_REQUEST', `${request.method} is not allowed here`, true);
    }
    const found = await resolveStatic(options.rendererDir, pathname);
    if (!found.ok) {
      // The page itself missing means the renderer was never built: say so, not just "404".
      if (found.status === 404 && (pathname === '/' || pathname === '/index.html')) {
        return sendError(response, 503, 'UNAVAILABLE', `The workbook's renderer is not built (${options.rendererDir}/index.html is missing). Run \`npm run build\`, then reload.`, true);
      }
      return sendError(response, found.status, found.status === 404 ? 'NOT_FOUND' : found.status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST', found.message, true);
    }
    response.writeHead(200, { 'Content-Type': found.contentType, 'Content-Length': found.size, 'Cache-Control': 'no-cache' });
    if (request.method === 'HEAD') return void response.end();
    await new Promise<void>((resolve, reject) => {
      createReadStream(found.file).on('error', reject).pipe(response).on('finish', resolve).on('close', resolve);
    });
  }

  // Server-Sent Events over a plain GET, read by the page with fetch (so the
  // token travels in the Authorization header, like every other call).
  async function watchStream(request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      return sendError(response, 405, 'BAD_REQUEST', '/api/watch takes GET');
    }
    const path = query.get('path');
    if (path === null) return sendError(response, 400, 'BAD_REQUEST', 'missing ?path= in the URL');
    const since = query.has('since') ? query.get('since') || null : undefined;
    // A change can land after the page went away and before the watch stops: never write to a closed stream.
    const send = (text: string) => { if (!response.writableEnded && !response.destroyed) response.write(text); };
    // Listening for the end before the watch starts, so a page gone meanwhile does not leave a watch behind.
    let stop: (() => void) | undefined;
    let closed = false;
    let heartbeat: NodeJS.Timeout | undefined;
    response.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      stop?.();
      streams.delete(response);
    });
    try {
      stop = await options.workspace.watch(path, (change) => send(`event: change\ndata: ${JSON.stringify(change)}\n\n`), since);
    } catch (error) {
      if (!isHostError(error)) throw error;
      return sendError(response, STATUS[error.code], error.code, error.message);
    }
    if (closed) return stop();
    response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
    send(': watching\n\n');
    streams.add(response);
    heartbeat = setInterval(() => send(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${LOOPBACK}:${port}`;
  expected = { host: `${LOOPBACK}:${port}`, origin, token };

  return {
    url: `${origin}/#token=${token}`,
    origin,
    port,
    token,
    server,
    close: () => new Promise<void>((resolve) => {
      for (const stream of streams) stream.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function sendError(response: ServerResponse, status: number, code: string, message: string, plain = false): void {
  if (plain) {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
  } else {
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: { code, message } }));
  }
}

type BodyResult = { body: Record<string, unknown> } | { status: 400 | 413 | 415; error: string };

async function readJsonBody(request: IncomingMessage): Promise<BodyResult> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    // Also a CSRF guard: a cross-site form or "simple" fetch cannot send application/json.
    request.resume();
    return { status: 415, error: `send the body as application/json (got ${type ? JSON.stringify(type) : 'no Content-Type'})` };
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    request.resume();
    return { status: 413, error: `the body is larger than ${MAX_BODY_BYTES / 2 ** 20} MiB` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { status: 413, error: `the body is larger than ${MAX_BODY_BYTES / 2 ** 20} MiB` };
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    return { status: 400, error: `bad JSON body: ${(error as Error).message}` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { status: 400, error: 'the JSON body must be an object' };
  return { body: body as Record<string, unknown> };
}
