// TypeScript is loaded when the first TypeScript cell needs it, not with the
// kernel: importing the kernel (every `kernelbook run`, every Jupyter kernel
// start) no longer pays for it, and the workbook's bundle carries it as a
// chunk of its own. A TypeScript cell defined before it has arrived waits,
// queued, and the cells reading its names never see them missing.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCell } from '../../kernel/runtime/compile.js';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';
import { loadedTypeScript } from '../../kernel/runtime/typescript.js';
import { installDom } from '../../kernel/runner/dom.js';
import type { CellState } from '../../kernel/runtime/state.js';

const ROOT = join(import.meta.dirname, '../..');

/** Whether importing `module` (built, from dist/) in a fresh Node loads TypeScript. */
function loadsTypeScript(module: string): boolean {
  const code = `import { createRequire } from 'node:module';
await import(${JSON.stringify(join(ROOT, module))});
const cache = createRequire(import.meta.url).cache;
process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/node_modules/typescript/'))));`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' }) === 'true';
}

describe('TypeScript, loaded when a cell needs it', () => {
  let document: Document;
  beforeAll(() => { document = installDom(); });

  it('importing the kernel, the runner or the Jupyter session does not load TypeScript; compiling a TypeScript cell first does', () => {
    expect(loadsTypeScript('dist/kernel/runtime/kernel.js')).toBe(false);
    expect(loadsTypeScript('dist/kernel/runner/run.js')).toBe(false);
    expect(loadsTypeScript('dist/kernel/jupyter/session.js')).toBe(false);
    // The check can see TypeScript when it is there.
    expect(loadsTypeScript('dist/kernel/runtime/typescript.js') || loadsTypeScript('node_modules/typescript/lib/typescript.js')).toBe(true);
  });

  it('before it has loaded, a TypeScript cell compiles to "waiting", with no names yet', () => {
    expect(loadedTypeScript()).toBeNull();
    const c = compileCell({ id: '1', type: 'text/x-typescript', source: 'const twice: number = 2 * 21;' });
    expect(c).toMatchObject({ waitsForTypeScript: true, runnable: false, outputs: [] });
    expect(c.error).toBeUndefined();
  });

  it('the kernel keeps the cell queued until TypeScript arrives, then runs it and its dependents; no dependent ever fails for the missing name, before or after it in the notebook', async () => {
    expect(loadedTypeScript()).toBeNull();
    const kernel = new NotebookKernel({ document });
    const seen: CellState[] = [];
    kernel.on('cell', (state) => seen.push(state));
    kernel.load({ cells: [
      { id: 'before', type: 'module', source: 'shape.n + 1' },
      { id: 'ts', type: 'text/x-typescript', source: 'interface Shape { n: number }\nconst shape: Shape = { n: 21 };' },
      { id: 'after', type: 'module', source: 'shape.n * 2' },
    ] });
    expect(kernel.cell('ts')!.status).toBe('queued');
    expect(kernel.status).toBe('busy');
    await kernel.settled();
    try {
      expect(loadedTypeScript()).not.toBeNull();
      expect(kernel.cells().map((c) => c.status)).toEqual(['ok', 'ok', 'ok']);
      expect(kernel.cell('before')!.outputs.map((o) => o['text/plain'])).toEqual(['22']);
      expect(kernel.cell('after')!.outputs.map((o) => o['text/plain'])).toEqual(['42']);
      expect(seen.filter((s) => s.status === 'error')).toEqual([]);
    } finally {
      kernel.dispose();
    }
  });
});

describe("the workbook's bundle", () => {
  it('carries TypeScript as a chunk of its own, loaded only by a dynamic import', () => {
    const dir = join(ROOT, 'dist/renderer');
    const typescript = readdirSync(dir).find((f) => /^typescript-\w+\.js$/.test(f));
    expect(typescript).toBeDefined();
    const app = readFileSync(join(dir, 'app.js'), 'utf8');
    // Named only in an import() the app makes when it needs it, never in a static import.
    expect(app).toContain(`import("./${typescript}")`);
    expect(app).not.toMatch(new RegExp(`from\\s*"\\./${typescript!.replace('.', '\\.')}"`));
    expect(statSync(join(dir, 'app.js')).size).toBeLessThan(statSync(join(dir, typescript!)).size);
  });
});
