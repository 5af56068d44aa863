// Jupyter .ipynb to and from .notebook: the pure functions in kernel/format/ipynb.ts,
// atomicWriteFile, and `kernelbook convert` as a real child process on the
// built CLI (npm run build first).

import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicWriteFile } from '../../kernel/format/atomic-write.js';
import { readNotebookFile, writeNotebookFile } from '../../kernel/format/files.js';
import { ipynbToNotebook, notebookToIpynb, NotebookFormatError, parseNotebook, serializeNotebook } from '../../kernel/format/index.js';

const fixtures = fileURLToPath(new URL('../fixtures/notebooks/', import.meta.url));
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const cli = 'dist/bin/kernelbook.js';
let dir: string;

beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kernelbook-convert-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('notebookToIpynb(notebook)', () => {
  const ipynb = JSON.parse(notebookToIpynb(parseNotebook(fixture('every-cell-type.notebook'))));

  it('writes nbformat 4.5 with the Kernelbook kernelspec and JavaScript language info', () => {
    expect(ipynb.nbformat).toBe(4);
    expect(ipynb.nbformat_minor).toBe(5);
    expect(ipynb.metadata.kernelspec).toEqual({ name: 'kernelbook', language: 'javascript', display_name: 'Kernelbook (JavaScript)' });
    expect(ipynb.metadata.language_info.name).toBe('javascript');
    expect(ipynb.metadata.title).toBe('Every cell type: A & B <c> "quoted"');
  });

  it('maps markdown to markdown cells, JavaScript and TypeScript to code cells, the rest to raw cells', () => {
    expect(ipynb.cells.map((c: { cell_type: string; id: string }) => [c.id, c.cell_type])).toEqual([
      ['1', 'markdown'], ['2', 'code'], ['3', 'code'], ['4', 'raw'], ['5', 'raw'], ['6', 'raw'], ['7', 'raw'],
    ]);
    expect(ipynb.cells[3].metadata.format).toBe('text/html');
    expect(ipynb.cells[4].metadata.format).toBe('text/latex');
    expect(ipynb.cells[2].metadata.kernelbook).toEqual({ id: '3', type: 'text/x-typescript', pinned: true });
    expect(ipynb.cells[5].metadata.kernelbook).toEqual({ id: '6', type: 'application/sql', pinned: true, output: 'rows"x', attributes: [['database', 'var:db']] });
  });

  it('writes code cells with no outputs and no execution count, sources as Jupyter lines', () => {
    expect(ipynb.cells[1]).toMatchObject({ outputs: [], execution_count: null });
    expect(ipynb.cells[0].source).toEqual(['# Convolutions, cell by cell\n', '\n', 'A kernel of size ${k} slides over the input.']);
  });
});

describe('ipynbToNotebook(text)', () => {
  it('reads a Jupyter notebook: cell types from cell_type and raw format, outputs dropped with a warning', () => {
    const { notebook, warnings } = ipynbToNotebook(fixture('jupyter-javascript.ipynb'));
    expect(notebook.cells.map((c) => [c.id, c.type, c.source, !!c.pinned, !!c.hidden])).toEqual([
      ['43', 'text/markdown', '# Strides in JavaScript\n\nA stride of two halves each spatial size.', false, false],
      ['44', 'module', 'const size = 32;\nsize / 2', true, true],
      ['45', 'application/x-tex', 'H_o = \\lfloor (H_i - K) / s \\rfloor + 1', false, false],
      ['46', 'text/plain', 'plain raw text', false, false],
      ['42', 'module', 'const out = size / 2;', true, false],
    ]);
    expect(notebook.cells[3].unknown).toBe(true);
    expect(warnings).toEqual(['outputs of 1 code cell dropped: a .notebook file stores only sources']);
  });

  it('reads code cells of a Python notebook as Notebook Kit python cells', () => {
    const text = JSON.stringify({ nbformat: 4, nbformat_minor: 4, metadata: { language_info: { name: 'python' } }, cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: 'print(1)' }] });
    expect(ipynbToNotebook(text).notebook.cells).toEqual([{ id: '1', type: 'text/x-python', source: 'print(1)', pinned: true, unknown: true }]);
  });

  it('names the line and column of invalid JSON', () => {
    let error: unknown;
    try {
      ipynbToNotebook('{\n "cells": [\n  {"cell_type": "code",}\n ]\n}\n', { filename: 'bad.ipynb' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotebookFormatError);
    expect((error as NotebookFormatError).line).toBe(3);
    expect((error as NotebookFormatError).column).toBe(24);
    expect((error as Error).message).toMatch(/^bad\.ipynb:3:24: invalid JSON: /);
  });

  it('names the first JSON error the same way on every engine', () => {
    const at = (text: string) => {
      try {
        ipynbToNotebook(text, { filename: 'x.ipynb' });
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(at('{"a": 1 "b": 2}')).toBe(`x.ipynb:1:9: invalid JSON: unexpected "\\"", expected ',' or '}'`);
    expect(at('{\n "a": "never closed\n}')).toBe('x.ipynb:2:20: invalid JSON: unexpected "\\n" inside a string: is a closing quote missing?');
    expect(at('{"a": [1, 2]\n')).toBe(`x.ipynb:2:1: invalid JSON: unexpected end of input, expected ',' or '}'`);
    expect(at('{} {}')).toBe('x.ipynb:1:4: invalid JSON: unexpected "{", expected the end of the file');
    expect(at('{"a": tru}')).toBe('x.ipynb:1:7: invalid JSON: unexpected "t", expected a value');
  });

  it('names what is wrong with a notebook of the wrong shape', () => {
    expect(() => ipynbToNotebook('{"nbformat": 3, "cells": []}', { filename: 'old.ipynb' })).toThrow('old.ipynb: nbformat: 3 is not supported; Kernelbook reads nbformat 4');
    expect(() => ipynbToNotebook('[]', { filename: 'a.ipynb' })).toThrow('a.ipynb: the file: expected a Jupyter notebook object');
    expect(() => ipynbToNotebook('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}', { filename: 'a.ipynb' })).toThrow('a.ipynb: cells[0].source: expected a string or an array of strings');
    expect(() => ipynbToNotebook('{"nbformat": 4, "cells": [{"cell_type": "heading", "source": ""}]}', { filename: 'a.ipynb' })).toThrow(`a.ipynb: cells[0].cell_type: expected 'code', 'markdown' or 'raw', found "heading"`);
  });
});

describe('round trips between .notebook and .ipynb', () => {
  for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.notebook'))) {
    it(`${file} -> .ipynb -> .notebook gives the file back byte for byte`, () => {
      const text = fixture(file);
      expect(serializeNotebook(ipynbToNotebook(notebookToIpynb(parseNotebook(text))).notebook)).toBe(text);
    });
  }

  it('.ipynb -> .notebook -> .ipynb keeps cell types and sources', () => {
    const original = JSON.parse(fixture('jupyter-javascript.ipynb'));
    const { notebook } = ipynbToNotebook(fixture('jupyter-javascript.ipynb'));
    const back = JSON.parse(notebookToIpynb(parseNotebook(serializeNotebook(notebook))));
    const join = (s: string | string[]) => (Array.isArray(s) ? s.join('') : s);
    expect(back.cells.map((c: { cell_type: string; source: string[] }) => [c.cell_type, join(c.source)])).toEqual(
      original.cells.map((c: { cell_type: string; source: string | string[] }) => [c.cell_type, join(c.source)]),
    );
    expect(back.cells[2].metadata.format).toBe('text/latex');
  });
});

describe('atomicWriteFile(path, data)', () => {
  it('creates, then replaces a file, keeping its permissions and leaving no temporary file', async () => {
    const path = join(dir, 'saved.notebook');
    await atomicWriteFile(path, 'first');
    chmodSync(path, 0o640);
    await atomicWriteFile(path, new TextEncoder().encode('second'));
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.includes('saved.notebook'))).toEqual(['saved.notebook']);
  });

  it('fails without touching anything when the directory does not exist', async () => {
    await expect(atomicWriteFile(join(dir, 'missing', 'x.notebook'), 'x')).rejects.toThrow(/ENOENT/);
  });
});

describe('readNotebookFile(path) and writeNotebookFile(path, notebook)', () => {
  it('read and write by extension, and sniff JSON in a file without one', async () => {
    const notebook = parseNotebook(fixture('every-cell-type.notebook'));
    await writeNotebookFile(join(dir, 'types.ipynb'), notebook);
    await writeNotebookFile(join(dir, 'types-no-extension'), notebook, 'ipynb');
    await writeNotebookFile(join(dir, 'types.notebook'), notebook);
    expect(JSON.parse(readFileSync(join(dir, 'types.ipynb'), 'utf8')).nbformat).toBe(4);
    expect(readFileSync(join(dir, 'types.notebook'), 'utf8')).toBe(fixture('every-cell-type.notebook'));
    for (const name of ['types.ipynb', 'types-no-extension', 'types.notebook']) {
      const read = await readNotebookFile(join(dir, name));
      expect(read.format, name).toBe(name === 'types.notebook' ? 'notebook' : 'ipynb');
      expect(serializeNotebook(read.notebook), name).toBe(fixture('every-cell-type.notebook'));
    }
  });

  it('report warnings as file:line: warning: lines', async () => {
    const { warnings } = await readNotebookFile(join(fixtures, 'every-cell-type.notebook'));
    expect(warnings[0]).toBe(`${join(fixtures, 'every-cell-type.notebook')}:25: warning: cell 6 has type 'application/sql', which Kernelbook does not run; it is kept as it is`);
  });

  it('repair duplicate ids only when asked', async () => {
    const path = join(fixtures, 'malformed/duplicate-ids.notebook');
    await expect(readNotebookFile(path)).rejects.toThrow(`${path}:9: duplicate cell id 1: on line 3 and line 9`);
    expect((await readNotebookFile(path, { repair: true })).notebook.cells.map((c) => c.id)).toEqual(['1', '2', '3']);
  });
});

function kernelbook(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'convert', ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('kernelbook convert (the built CLI)', () => {
  beforeAll(() => {
    if (!existsSync(cli) || !existsSync('dist/kernel/cli/convert.js')) throw new Error('the CLI is not built: run `npm run build` first');
  });

  it('FILE.notebook --to ipynb writes FILE.ipynb; converting back gives the original bytes', async () => {
    const source = join(dir, 'walk.notebook');
    writeFileSync(source, fixture('conv-walkthrough.notebook'));
    const there = await kernelbook(source, '--to', 'ipynb');
    expect(there).toMatchObject({ code: 0, stdout: `wrote ${join(dir, 'walk.ipynb')} (5 cells)\n` });
    const ipynb = JSON.parse(readFileSync(join(dir, 'walk.ipynb'), 'utf8'));
    expect(ipynb.cells.map((c: { cell_type: string }) => c.cell_type)).toEqual(['markdown', 'code', 'code', 'code', 'code']);

    const back = await kernelbook(join(dir, 'walk.ipynb'), '--to', 'notebook', '-o', join(dir, 'back.notebook'));
    expect(back.code).toBe(0);
    expect(readFileSync(join(dir, 'back.notebook'), 'utf8')).toBe(fixture('conv-walkthrough.notebook'));
  });

  it('a Jupyter notebook converts with --to inferred, warning on stderr about dropped outputs', async () => {
    const source = join(dir, 'jupyter.ipynb');
    writeFileSync(source, fixture('jupyter-javascript.ipynb'));
    const { code, stderr } = await kernelbook(source);
    expect(code).toBe(0);
    expect(stderr).toContain('warning: outputs of 1 code cell dropped');
    const notebook = parseNotebook(readFileSync(join(dir, 'jupyter.notebook')));
    expect(notebook.cells.map((c) => c.type)).toEqual(['text/markdown', 'module', 'application/x-tex', 'text/plain', 'module']);
  });

  it('-o - writes to stdout', async () => {
    const source = join(dir, 'types.notebook');
    writeFileSync(source, fixture('every-cell-type.notebook'));
    const { code, stdout } = await kernelbook(source, '--to=ipynb', '-o', '-');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).cells).toHaveLength(7);
  });

  it('a malformed notebook exits 1 naming the file and line, and writes nothing', async () => {
    const source = join(dir, 'broken.notebook');
    writeFileSync(source, readFileSync(join(fixtures, 'malformed/unclosed-script.notebook')));
    const { code, stderr } = await kernelbook(source, '--to', 'ipynb');
    expect(code).toBe(1);
    expect(stderr).toBe(`kernelbook convert: ${source}:7: <script> is never closed (no </script> before the end of the file)\n`);
    expect(existsSync(join(dir, 'broken.ipynb'))).toBe(false);
  });

  it('invalid JSON exits 1 naming line and column', async () => {
    const source = join(dir, 'bad.ipynb');
    writeFileSync(source, '{\n "cells": [,]\n}\n');
    const { code, stderr } = await kernelbook(source);
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^kernelbook convert: ${source.replace(/[.\\/]/g, '\\$&')}:2:12: invalid JSON: `));
  });

  it('--help prints usage on stdout, exit 0', async () => {
    const help = await kernelbook('--help');
    expect(help.code).toBe(0);
    expect(help.stdout.startsWith('usage: kernelbook convert FILE --to ipynb|notebook [-o OUT]')).toBe(true);
  });

  it('bad arguments exit 2 with usage', async () => {
    const none = await kernelbook();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('missing FILE');
    const badTo = await kernelbook('x.notebook', '--to', 'pdf');
    expect(badTo.code).toBe(2);
    expect(badTo.stderr).toContain('--to must be ipynb or notebook, not "pdf"');
  });
});
