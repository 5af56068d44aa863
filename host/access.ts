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
}

export function servedFolder(root: string): Access {
  const rootReal = realpathSync(root);
  return {
    resolve: (path) => confine(rootReal, path),
    name: (abs) => (isInside(rootReal, abs) ? relative(rootReal, abs).split(sep).join('/') : null),
    child: (dir, entry) => (dir === '' ? entry : `${dir.replace(/\/+$/, '')}/${entry}`),
    home: '',
  };
}
