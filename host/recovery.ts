// Recovery copies of unsaved work, one small JSON file per notebook under the
// state folder, named by a hash of the notebook's absolute path (or its
// `untitled:` key) so any path maps to a safe file name. Written atomically:
// a kill mid-autosave leaves the previous copy, never half of one.
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../kernel/format/atomic-write.js';
import { contentHash } from './hash.js';
import { keyedQueue } from './keyed-queue.js';

export interface RecoveryRecord {
  /** The notebook's absolute path, or its `untitled:` key. */
  key: string;
  text: string;
  savedAtMs: number;
}

const isRecord = (v: unknown): v is RecoveryRecord =>
  typeof v === 'object' && v !== null && typeof (v as RecoveryRecord).key === 'string'
  && typeof (v as RecoveryRecord).text === 'string' && typeof (v as RecoveryRecord).savedAtMs === 'number';

export interface RecoveryStore {
  get(key: string): Promise<RecoveryRecord | null>;
  put(key: string, text: string): Promise<RecoveryRecord>;
  discard(key: string): Promise<void>;
  /** Every copy, newest first. */
  all(): Promise<RecoveryRecord[]>;
}

export function recoveryStore(stateDir: string): RecoveryStore {
  const dir = join(stateDir, 'recovery');
  const queue = keyedQueue();
  const fileOf = (key: string) => join(dir, `${contentHash(key).slice(0, 32)}.json`);
  const read = async (file: string): Promise<RecoveryRecord | null> => {
    try {
      const value: unknown = JSON.parse(await readFile(file, 'utf8'));
      return isRecord(value) ? value : null;
    } catch {
      return null;
    }
  };
  return {
    async get(key) {
      const record = await read(fileOf(key));
      return record && record.key === key ? record : null;
    },
    // Queued per key, so two autosaves in flight land in the order they were made.
    put: (key, text) => queue(key, async () => {
      await mkdir(dir, { recursive: true });
      const record = { key, text, savedAtMs: Date.now() };
      await atomicWriteFile(fileOf(key), JSON.stringify(record));
      return record;
    }),
    discard: (key) => queue(key, async () => {
      await unlink(fileOf(key)).catch((error) => { if (error.code !== 'ENOENT') throw error; });
    }),
    async all() {
      const names = await readdir(dir).catch(() => [] as string[]);
      const records = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => read(join(dir, n))));
      return records.filter((r): r is RecoveryRecord => r !== null).sort((a, b) => b.savedAtMs - a.savedAtMs);
    },
  };
}
