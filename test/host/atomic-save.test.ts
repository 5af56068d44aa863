// A save is atomic even when the saving process dies: a real child process
// saving a large notebook with atomicWriteFile is killed with SIGKILL once its
// temporary file is fully written (while it flushes, before its rename). The
// old file is still whole, byte for byte, and what is left behind is a
// dot-file named as a temporary, which list() does not show. Where flushing is
// too quick to catch (a RAM disk), the kill lands mid-write instead: also
// before the rename, and the old file must be just as whole.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAtomicTemp } from '../../kernel/format/atomic-write.js';
import { sandbox, type Sandbox } from './helpers.js';

const MIB = 64;
const SIZE = MIB * 1024 * 1024;
const WRITER = `
import { atomicWriteFile } from ${JSON.stringify(new URL('../../dist/kernel/format/atomic-write.js', import.meta.url).href)};
await atomicWriteFile(process.argv[1], 'x'.repeat(${SIZE}));
`;
const OLD = Buffer.from('<!doctype html>\n<notebook><title>old</title></notebook>\n');

let box: Sandbox;
beforeAll(() => { box = sandbox(); mkdirSync(box.root); });
afterAll(() => box.remove());

const temps = () => readdirSync(box.root).filter(isAtomicTemp);

/** Starts a writer and kills it once its temporary file has every byte (or, `early`, as soon as it exists); whether the rename had happened. */
function killBeforeRename(target: string, early: boolean): Promise<{ renamed: boolean; tempsLeft: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WRITER, target], { stdio: 'ignore' });
    const poll = setInterval(() => {
      const [temp] = temps();
      if (temp && (early || statSync(join(box.root, temp), { throwIfNoEntry: false })?.size === SIZE)) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 0);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`the writer failed (exit ${code})`));
      // A writer that finished before the kill renamed, like one killed after its rename.
      resolve({ renamed: !readFileSync(target).equals(OLD), tempsLeft: temps() });
    });
  });
}

describe('atomicWriteFile under SIGKILL', () => {
  it('a writer killed between writing and renaming leaves the old file whole', async () => {
    const target = join(box.root, 'saved.notebook');
    // A kill that lands after the rename proves nothing either way: it is retried, never counted.
    let killedBeforeRename = 0;
    let early = false;
    for (let attempt = 0; attempt < 10 && killedBeforeRename < 3; attempt++) {
      writeFileSync(target, OLD);
      const { renamed, tempsLeft } = await killBeforeRename(target, early);
      for (const temp of tempsLeft) unlinkSync(join(box.root, temp));
      if (renamed) { early = true; continue; }
      killedBeforeRename++;
      expect(readFileSync(target).equals(OLD)).toBe(true);
      expect(tempsLeft).toHaveLength(1);
      expect(tempsLeft[0]).toMatch(/^\.saved\.notebook\.\d+\.[0-9a-f]{8}\.tmp$/);
    }
    expect(killedBeforeRename).toBe(3);
  }, 120_000);
});
