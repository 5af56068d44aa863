// The file API of `kernelbook serve`: each route is one call of the Host
// interface (renderer/host.ts), its arguments from the query string and a JSON
// body, its result as JSON. renderer/hosts/http.ts is the other end.
import type { HostErrorCode } from '../../renderer/host.js';
import { hostError } from '../host-error.js';
import type { Workspace } from '../workspace.js';

export interface ApiRequest {
  query: URLSearchParams;
  /** The parsed JSON body, for PUT and POST. */
  body: Record<string, unknown>;
}

/** A result of undefined is answered 204 No Content. */
type Handler = (workspace: Workspace, request: ApiRequest) => Promise<unknown>;

export const STATUS: Record<HostErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  IO: 500,
  UNAVAILABLE: 503,
};

function param(request: ApiRequest, name: string): string {
  const value = request.query.get(name);
  if (value === null) throw hostError('BAD_REQUEST', `missing ?${name}= in the URL`);
  return value;
}

function field<T>(request: ApiRequest, name: string, type: 'string' | 'boolean', optional = false): T {
  const value = request.body[name];
  if (value === undefined && optional) return undefined as T;
  if (typeof value !== type) throw hostError('BAD_REQUEST', `the JSON body needs "${name}" (a ${type})`);
  return value as T;
}

function expectHash(request: ApiRequest): string | null | undefined {
  const value = request.body.expectHash;
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw hostError('BAD_REQUEST', 'the JSON body\'s "expectHash" must be a string or null');
}

/** Routes by method and path; /api/watch (a stream) is the server's own. */
export const ROUTES: Record<string, Record<string, Handler>> = {
  '/api/initial': { GET: async (w) => ({ path: await w.initialPath() }) },
  '/api/list': { GET: (w, r) => w.list(r.query.get('dir') ?? undefined) },
  '/api/file': {
    GET: (w, r) => w.open(param(r, 'path')),
    PUT: (w, r) => w.save(param(r, 'path'), field<string>(r, 'text', 'string'), {
      expectHash: expectHash(r),
      trust: field<boolean | undefined>(r, 'trust', 'boolean', true),
    }),
  },
  '/api/recovery': {
    PUT: (w, r) => w.autosave(param(r, 'path'), field<string>(r, 'text', 'string')),
    DELETE: (w, r) => w.discardRecovery(param(r, 'path')),
  },
  '/api/recoveries': { GET: (w) => w.recoveries() },
  '/api/trust': { POST: (w, r) => w.trust(field<string>(r, 'path', 'string'), field<string>(r, 'hash', 'string')) },
  '/api/recent': { GET: (w) => w.recent() },
  '/api/walkthroughs': { GET: (w) => w.walkthroughs() },
};
