// The renderer's build replaces dist/renderer/ wholesale, so the built Node side
// (dist/host/, dist/electron/, the kernelbook command) must not load anything
// from there at run time: only types cross from renderer/host.ts, and types
// leave no import behind. (npm test builds first.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []);
}

describe('the built host and Electron main process', () => {
  it('import nothing from dist/renderer/', () => {
    const offenders = [...jsFiles('dist/host'), ...jsFiles('dist/electron')]
      .filter((file) => /from ['"](\.\.\/)+renderer\//.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
