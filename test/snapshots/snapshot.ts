// Snapshot files for what people look at, as Plot keeps them: numbers rounded
// to two decimals and Plot's generated class renamed so a snapshot changes
// only when the picture does; one element a line so diffs read. The first run
// writes the snapshot; a mismatch writes NAME-changed.EXT beside it to open
// and compare, and fails.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

export function normalise(markup: string): string {
  return markup
    .replace(/\d+\.\d{3,}/g, (n) => String(Math.round(Number(n) * 100) / 100))
    .replace(/plot-[0-9a-f]{6}/g, 'plot')
    .replace(/(?=<(?:g|\/g|svg|\/svg|image|rect|line|path|text|style|title)[\s>])/g, '\n')
    .replace(/^\n/, '') + '\n';
}

/** Compares markup with test/snapshots/NAME; returns what happened for the test to assert on. */
export function matchSnapshot(name: string, markup: string): { status: 'created' | 'matched' | 'changed'; path: string } {
  const path = join(ROOT, name);
  const changed = path.replace(/(\.[a-z]+)$/, '-changed$1');
  const actual = normalise(markup);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return { status: 'created', path };
  }
  if (readFileSync(path, 'utf8') === actual) {
    rmSync(changed, { force: true });
    return { status: 'matched', path };
  }
  writeFileSync(changed, actual);
  return { status: 'changed', path: changed };
}
