// Who may talk to `kernelbook serve`. A local server that reads and writes files
// is reachable by every web page the user visits (through their browser) and by
// every local program, so each request must show it comes from our own page:
// - Host must be the exact loopback address we printed. A DNS-rebinding page
//   reaches 127.0.0.1 under its own name, and that name is in its Host header.
// - Origin, when a browser sends one, must be ours; so must Sec-Fetch-Site.
// - API calls carry the per-start token (from the printed URL's #fragment) in
//   an Authorization header, which another site's page cannot read or set
//   without a CORS preflight we never answer.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface Expected {
  /** e.g. 127.0.0.1:8750, as printed. */
  host: string;
  /** e.g. http://127.0.0.1:8750 */
  origin: string;
  token: string;
}

export interface Refusal {
  status: 401 | 403;
  code: 'UNAUTHORIZED' | 'FORBIDDEN';
  message: string;
}

const forbidden = (message: string): Refusal => ({ status: 403, code: 'FORBIDDEN', message });

/** Why this request is refused, or null. `api`: the request needs the token. */
export function refusal(headers: IncomingHttpHeaders, expected: Expected, api: boolean): Refusal | null {
  const host = headers.host?.toLowerCase();
  if (host !== expected.host) {
    return forbidden(`wrong Host header ${JSON.stringify(headers.host ?? '')}: this server answers only to ${expected.host}`);
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== expected.origin) {
    return forbidden(`requests from ${origin} are refused: only pages from ${expected.origin} may call this server`);
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return forbidden(`a ${site} request is refused: only pages from ${expected.origin} may call this server`);
  }
  if (!api) return null;
  const authorization = headers.authorization;
  if (!authorization) {
    return { status: 401, code: 'UNAUTHORIZED', message: 'missing token: open the URL kernelbook serve printed (it carries #token=...)' };
  }
  const match = /^Bearer (\S+)$/.exec(authorization);
  if (!match || !sameToken(match[1], expected.token)) {
    return { status: 401, code: 'UNAUTHORIZED', message: 'wrong token: the server may have restarted; open the URL it printed last' };
  }
  return null;
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
