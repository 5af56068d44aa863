// `kernelbook serve`'s one rule about paths: a request names a file relative to
// the served folder with `/` separators, and what it names must really be inside
// that folder, after following every symbolic link. Checked on the real path, so
// a link inside the folder pointing out of it is refused, and a link pointing to
// another place inside it is followed.
import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { HostPath } from '../renderer/host.js';
import { hostError } from './host-error.js';

/** The segments of a relative path, or a BAD_REQUEST/FORBIDDEN error saying what is wrong with it. */
export function pathSegments(path: HostPath): string[] {
  if (typeof path !== 'string') throw hostError('BAD_REQUEST', 'a path must be a string');
  if (path.includes('\0')) throw hostError('BAD_REQUEST', 'a path cannot contain NUL');
  // Backslashes would be separators on Windows only: refuse them everywhere so a path means one thing.
  if (path.includes('\\')) throw hostError('BAD_REQUEST', `${path}: use / to separate folders`);
  if (path.startsWith('/') || isAbsolute(path) || /^[A-Za-z]:/.test(path)) {
    throw hostError('FORBIDDEN', `${path}: paths are relative to the served folder`);
  }
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw hostError('FORBIDDEN', `${path}: '..' would leave the served folder`);
  return segments;
}

export function isInside(root: string, abs: string): boolean {
  const rel = relative(root, abs);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real absolute path `path` names under `rootReal` (itself a real path).
 * A file that does not exist yet (a save to a new name) is resolved through its
 * folder, which must exist.
 */
export async function confine(rootReal: string, path: HostPath): Promise<string> {
  const abs = join(rootReal, ...pathSegments(path));
  let real: string;
  try {
    real = await realpath(abs);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // A dangling symlink is a name that exists: refuse rather than write through it.
    const parent = await realpath(dirname(abs));
    real = join(parent, basename(abs));
    if (await lstat(real).then(() => true, () => false)) {
      throw hostError('FORBIDDEN', `${path}: a symbolic link to nowhere`);
    }
  }
  if (!isInside(rootReal, real)) throw hostError('FORBIDDEN', `${path}: a symbolic link leads out of the served folder`);
  return real;
}
