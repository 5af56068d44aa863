// A small JSON document on disk (trust, recent files): read with a default when
// missing or unreadable, written atomically. An unreadable file is kept aside as
// `.broken` rather than overwritten, so a hand-edit gone wrong loses nothing.
import { mkdir, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { atomicWriteFile } from '../kernel/format/atomic-write.js';

export async function readJson<T>(path: string, fallback: T, valid: (value: unknown) => value is T): Promise<T> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text);
    if (valid(value)) return value;
  } catch {
    // fall through: set aside below
  }
  await rename(path, `${path}.broken`).catch(() => {});
  return fallback;
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await atomicWriteFile(path, `${JSON.stringify(value, null, 1)}\n`);
}
