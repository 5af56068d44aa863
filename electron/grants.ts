// Which files the Electron renderer may touch: only what its user chose. A file
// picked in an Open or Save dialog, opened from the OS (double-click, command
// line, Open Recent), and the walkthroughs' folder. Even a compromised page can
// then read or write nothing else. Paths are absolute; the renderer names files
// by them as they are.
import { realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { HostPath } from '../renderer/host.js';
import { hostError } from '../host/host-error.js';
import type { Access } from '../host/access.js';
import { isInside } from '../host/confine.js';

export interface Grants extends Access {
  /** Allows one file (it need not exist yet: a Save As target). */
  grantFile(path: string): Promise<void>;
  /** Allows a folder and everything in it. */
  grantFolder(path: string): Promise<void>;
}

// The real path of a file that may not exist yet: its folder's real path and its name.
async function realPath(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return join(await realpath(dirname(path)), basename(path));
  }
}

export function grants(home: string): Grants {
  const files = new Set<string>();
  const folders = new Set<string>();
  const allowed = (real: string) => files.has(real) || [...folders].some((folder) => isInside(folder, real));
  return {
    home,
    async resolve(path: HostPath) {
      if (typeof path !== 'string' || !isAbsolute(path) || path.includes('\0')) throw hostError('BAD_REQUEST', `${String(path)}: the app names files by absolute path`);
      const real = await realPath(path);
      if (!allowed(real)) throw hostError('FORBIDDEN', `${path}: open it with File > Open first`);
      return real;
    },
    name: (abs) => (allowed(abs) ? abs : null),
    child: (dir, entry) => join(dir, entry),
    async grantFile(path) {
      files.add(await realPath(path));
    },
    async grantFolder(path) {
      folders.add(await realpath(path));
    },
  };
}
