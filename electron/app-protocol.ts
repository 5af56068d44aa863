// The app:// scheme Electron loads the workbook from: app://kernelbook/ is
// dist/renderer/. A privileged standard scheme (not file://) so the page has a
// real origin and every response can carry COOP/COEP: that is what makes it
// cross-origin isolated (SharedArrayBuffer, the engine's threads). The headers
// and the URL-to-file rule are host/'s, shared with `kernelbook serve`.
import { SECURITY_HEADERS } from '../host/headers.js';
import { resolveStatic } from '../host/static-files.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'kernelbook';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true,
} as const;

export type AppResponse =
  | { status: 200; headers: Record<string, string>; file: string }
  | { status: 400 | 403 | 404 | 405; headers: Record<string, string>; body: string };

/** What app://… answers: a file of the bundle with the headers, or a refusal in plain text. */
export async function appResponse(url: string, method: string, bundleDir: string): Promise<AppResponse> {
  const refuse = (status: 400 | 403 | 404 | 405, body: string): AppResponse =>
    ({ status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }, body });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, `bad URL: ${url}`);
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refuse(404, `not part of the app: ${url}`);
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, `${method} is not allowed: ${url}`);
  const found = await resolveStatic(bundleDir, parsed.pathname);
  if (!found.ok) return refuse(found.status, found.message);
  return { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': found.contentType, 'Content-Length': String(found.size) }, file: found.file };
}
