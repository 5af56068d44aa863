// Saving must never leave a half-written notebook: write a temporary file next
// to the target (same directory, so same file system), flush it, then rename it
// over the target, which replaces it in one step. A crash before the rename
// leaves the old file whole (and a stray temporary file); after it, the new one.
// The rename itself lives in the directory, so the directory is flushed too:
// otherwise a power cut right after a save could bring the old file back.

import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The temporary files `atomicWriteFile` makes for `path` are named `.${name}.${pid}.${random}.tmp`. */
export function isAtomicTemp(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/.test(name);
}

export async function atomicWriteFile(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  // Keep the permissions of the file being replaced.
  const mode = await stat(path).then((s) => s.mode & 0o777, () => 0o666);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => {});
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}

// Windows cannot open a directory for flushing (and its renames are durable
// once they return), so there the step is skipped rather than failing a save
// that already happened.
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
