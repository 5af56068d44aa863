// Which notebook contents the user chose to run. Keyed by content hash, not by
// path: trust is in the code the user read, so an edited file asks again and an
// identical copy elsewhere does not. The path is kept only to say where it was.
import { join } from 'node:path';
import { readJson, writeJson } from './json-file.js';
import { keyedQueue } from './keyed-queue.js';

interface TrustFile {
  version: 1;
  trusted: Record<string, { path: string; atMs: number }>;
}

// Every trusted save adds a hash; the oldest are forgotten past this many,
// which only ever makes an old version of some file ask again.
const KEEP = 5000;

const isTrustFile = (v: unknown): v is TrustFile =>
  typeof v === 'object' && v !== null && (v as TrustFile).version === 1 && typeof (v as TrustFile).trusted === 'object' && (v as TrustFile).trusted !== null;

export function isContentHash(hash: unknown): hash is string {
  return typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash);
}

export interface TrustStore {
  isTrusted(hash: string): Promise<boolean>;
  trust(hash: string, path: string): Promise<void>;
}

export function trustStore(stateDir: string): TrustStore {
  const file = join(stateDir, 'trust.json');
  const queue = keyedQueue();
  const read = () => readJson<TrustFile>(file, { version: 1, trusted: {} }, isTrustFile);
  return {
    async isTrusted(hash) {
      return Object.hasOwn((await read()).trusted, hash);
    },
    // Read just before writing, under the queue: another process's additions survive.
    trust: (hash, path) => queue(file, async () => {
      const data = await read();
      data.trusted[hash] = { path, atMs: Date.now() };
      const entries = Object.entries(data.trusted);
      if (entries.length > KEEP) {
        entries.sort((a, b) => b[1].atMs - a[1].atMs);
        data.trusted = Object.fromEntries(entries.slice(0, KEEP));
      }
      await writeJson(file, data);
    }),
  };
}
