// The one function the workbook calls at start-up to get its Host: Electron's,
// when the preload exposed one (electron/preload.ts), else `kernelbook serve`'s,
// from the page's own origin and the token in its URL's #fragment.
import { hostError, type Host } from '../host.js';
import { electronHost, PRELOAD_GLOBAL, type PreloadApi } from './electron.js';
import { httpHost } from './http.js';

/** The token from a URL's fragment (`#token=...`, possibly among other `&`-separated fields). */
export function tokenFromHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token');
}

export function connectHost(scope: { location: Location } & Partial<Record<typeof PRELOAD_GLOBAL, PreloadApi>> = globalThis as never): Host {
  const preload = scope[PRELOAD_GLOBAL];
  if (preload) return electronHost(preload);
  const token = tokenFromHash(scope.location.hash);
  if (!token) {
    throw hostError('UNAUTHORIZED', 'This page needs the token from the URL `kernelbook serve` printed (…/#token=…): open that URL as printed.');
  }
  return httpHost({ origin: scope.location.origin, token });
}
