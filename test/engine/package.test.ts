// The built package, imported by name from another package the way a user
// would: `import { depthwiseConv2d } from 'kernelbook/engine'`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
let consumer: string;

beforeAll(() => {
  // `npm test` builds first; a bare `vitest run` on a fresh checkout may not have.
  if (!existsSync(join(root, 'dist/engine/ops.js'))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'ignore' });
  }
  consumer = mkdtempSync(join(tmpdir(), 'kernelbook-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }));
  mkdirSync(join(consumer, 'node_modules'));
  symlinkSync(root, join(consumer, 'node_modules/kernelbook'), 'dir');
});

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

/** Runs an ES module snippet in a fresh node process inside the consumer package; returns its stdout. */
function run(source: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', source], { cwd: consumer, encoding: 'utf8' });
}

test('import("kernelbook/engine") from another package runs the seed\'s depthwise example', () => {
  const out = run(`
    const { tensor, depthwiseConv2d } = await import('kernelbook/engine');
    const x = tensor([2,5,3,3,8,2,6,1,1,2,5,4,7,9,2,3,-1,3], [1,3,3,2]);
    const k = tensor([3,1,-2,2,-1,-3,4,5], [2,2,2,1]);
    console.log(JSON.stringify(depthwiseConv2d(x, k, { strides: 1, padding: 'valid' }).toArray()));
  `);
  expect(JSON.parse(out)).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
});

test('kernelbook/engine exports the ops, cost, shape maths, activations and reference kernels', () => {
  const out = run(`
    const engine = await import('kernelbook/engine');
    console.log(JSON.stringify(Object.keys(engine).sort()));
  `);
  const names: string[] = JSON.parse(out);
  for (const name of [
    'Tensor', 'tensor', 'conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d', 'cost',
    'computeConvInfo', 'computeSeparableInfo', 'ACTIVATIONS',
    'conv2dReference', 'depthwiseReference', 'pointwiseReference', 'separableReference',
  ]) expect(names).toContain(name);
});

test('kernelbook/engine ships type declarations', () => {
  expect(existsSync(join(root, 'dist/engine/index.d.ts'))).toBe(true);
});

test('kernelbook/engine errors cross the package boundary with their messages', () => {
  const out = run(`
    const { cost } = await import('kernelbook/engine');
    try { cost('conv2d', { input: [1,5,5,3], filter: [3,3,4,8] }); } catch (e) { console.log(e.message); }
  `);
  expect(out.trim()).toBe('conv2d: filter: filter [3,3,4,8] expects 4 input channels but x [1,5,5,3] (NHWC) has 3');
});
