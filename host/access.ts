// What a host may touch, and how it names it to the renderer. `kernelbook
// serve` confines everything to the served folder and names files relative to
// it; Electron (electron/grants.ts) names files by absolute path and allows only
// what its user opened. The workspace asks this one question and nothing else.
import { realpathSync } from 'node:fs';
import { relative, sep } from 'node:path';
import type { HostPath } from '../renderer/host.js';
import { confine, isInside } from './confine.js';

export interface Access {
  /** The real absolute path `path` names, or a FORBIDDEN/BAD_REQUEST/NOT_FOUND error. */
  resolve(path: HostPath): Promise<string>;
  /** How the renderer names an absolute path; null when it may not see it. */
  name(abs: string): HostPath | null;
  /** The name of `entry` in the folder named `dir`. */
  child(dir: HostPath, entry: string): HostPath;
  /** The folder `list()` shows when given none. */
  readonly home: HostPath;
  /** Whether `path` may be read but never written (the bundled walkthroughs, served from the app's own folder). */
  readOnly?(path: HostPath): boolean;
}

/**
 * Where `kernelbook serve` shows the bundled walkthroughs when they are not
 * inside the served folder: a name no real file there takes (':' cannot be
 * in a Windows file name, and list() shows no such entry anyway).
 */
export const WALKTHROUGHS_MOUNT = 'kernelbook:walkthroughs';

/**
 * The served folder, and, when given and outside it, the walkthroughs'
 * folder read-only under WALKTHROUGHS_MOUNT, so the page's Help can open them.
 */
export function servedFolder(root: string, options: { walkthroughs?: string } = {}): Access {
  const rootReal = realpathSync(root);
  const shipped = options.walkthroughs ? realpathSync(options.walkthroughs) : null;
  const mounted = shipped !== null && !isInside(rootReal, shipped) ? shipped : null;
  const prefix = `${WALKTHROUGHS_MOUNT}/`;
  const inMount = (path: HostPath) => mounted !== null && typeof path === 'string' && (path === WALKTHROUGHS_MOUNT || path.startsWith(prefix));
  return {
    resolve: (path) => (inMount(path) ? confine(mounted!, path.slice(prefix.length)) : confine(rootReal, path)),
    name: (abs) => {
      if (isInside(rootReal, abs)) return relative(rootReal, abs).split(sep).join('/');
      if (mounted !== null && isInside(mounted, abs)) return `${prefix}${relative(mounted, abs).split(sep).join('/')}`;
      return null;
    },
    child: (dir, entry) => (dir === '' ? entry : `${dir.replace(/\/+$/, '')}/${entry}`),
    home: '',
    readOnly: inMount,
  };
}
