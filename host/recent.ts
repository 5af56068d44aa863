// Recently opened notebooks, newest first, by absolute path: the Electron
// menu's Open Recent and serve's start page read the same list.
import { join } from 'node:path';
import { readJson, writeJson } from './json-file.js';
import { keyedQueue } from './keyed-queue.js';

interface RecentFile {
  version: 1;
  files: string[];
}

const KEEP = 20;

const isRecentFile = (v: unknown): v is RecentFile =>
  typeof v === 'object' && v !== null && (v as RecentFile).version === 1 && Array.isArray((v as RecentFile).files)
  && (v as RecentFile).files.every((f) => typeof f === 'string');

export interface RecentFiles {
  list(): Promise<string[]>;
  add(path: string): Promise<void>;
}

export function recentFiles(stateDir: string): RecentFiles {
  const file = join(stateDir, 'recent.json');
  const queue = keyedQueue();
  const read = () => readJson<RecentFile>(file, { version: 1, files: [] }, isRecentFile);
  return {
    async list() {
      return (await read()).files;
    },
    add: (path) => queue(file, async () => {
      const data = await read();
      data.files = [path, ...data.files.filter((f) => f !== path)].slice(0, KEEP);
      await writeJson(file, data);
    }),
  };
}
