// Serving the renderer bundle (dist/renderer/) to a page: from a URL's path to
// a file inside the bundle folder, or a clear refusal. Shared by `kernelbook
// serve` and Electron's app:// scheme, so both serve exactly the same files.
import { realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside } from './confine.js';
import { contentType } from './content-types.js';

export type StaticResult =
  | { ok: true; file: string; contentType: string; size: number }
  | { ok: false; status: 400 | 403 | 404; message: string };

/** `pathname` as in a URL (percent-encoded, starting with /); `/` is index.html. */
export async function resolveStatic(bundleDir: string, pathname: string): Promise<StaticResult> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, message: `bad URL path: ${pathname}` };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { ok: false, status: 400, message: `bad URL path: ${pathname}` };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { ok: false, status: 403, message: `'..' would leave the app's folder: ${pathname}` };
  if (segments.length === 0 || decoded.endsWith('/')) segments.push('index.html');
  let root: string, real: string;
  try {
    root = await realpath(bundleDir);
    real = await realpath(join(root, ...segments));
  } catch {
    return { ok: false, status: 404, message: `not found: ${pathname}` };
  }
  if (!isInside(root, real)) return { ok: false, status: 403, message: `a link leads out of the app's folder: ${pathname}` };
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, status: 404, message: `not found: ${pathname}` };
  return { ok: true, file: real, contentType: contentType(real), size: info.size };
}
