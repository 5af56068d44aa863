// The .notebook format: Observable Notebook 2.0 HTML, read and written by
// kernel/format, with @observablehq/notebook-kit (under jsdom's standards
// DOMParser) as the interop oracle.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from '@observablehq/notebook-kit';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { NotebookFormatError, parseNotebook, serializeNotebook } from '../../kernel/format/index.js';
import { escapeScriptSource, indentBody } from '../../kernel/format/script-body.js';
import type { Cell, Notebook } from '../../kernel/notebook.js';

const fixtures = fileURLToPath(new URL('../fixtures/notebooks/', import.meta.url));
const samples = readdirSync(fixtures).filter((f) => f.endsWith('.notebook'));
const { window } = new JSDOM();
const kitParse = (html: string) => deserialize(html, { parser: new window.DOMParser() });
const kitSerialize = (notebook: Parameters<typeof serialize>[0]) => serialize(notebook, { document: window.document });

// Notebook Kit's names for the cell types it knows; anything else it reads as JavaScript.
const KIT_MODE: Record<string, string> = {
  module: 'js', 'text/x-typescript': 'ts', 'text/markdown': 'md', 'text/html': 'html', 'application/x-tex': 'tex',
  'application/sql': 'sql', 'text/x-python': 'python', 'text/x-r': 'r', 'text/vnd.graphviz': 'dot',
  'application/vnd.node.javascript': 'node', 'application/vnd.observable.javascript': 'ojs',
};

/** The parts of a cell both tools keep, in Notebook Kit's terms. */
function asKitCell(cell: Cell) {
  return { id: Number(cell.id), mode: KIT_MODE[cell.type] ?? 'js', value: cell.source, pinned: !!cell.pinned, hidden: !!cell.hidden, output: cell.output };
}

function outcome(f: () => unknown): { value: unknown } | { error: { name: string; line: number; message: string } } {
  try {
    return { value: f() };
  } catch (e) {
    const error = e as NotebookFormatError;
    return { error: { name: error.name, line: error.line, message: error.message } };
  }
}

describe('parseNotebook(text)', () => {
  it('reads every cell type, its attributes and the title', () => {
    const notebook = parseNotebook(readFileSync(join(fixtures, 'every-cell-type.notebook'), 'utf8'), { filename: 'every-cell-type.notebook' });
    expect(notebook.title).toBe('Every cell type: A & B <c> "quoted"');
    expect(notebook.attributes).toEqual({ theme: 'air' });
    expect(notebook.cells.map((c) => [c.id, c.type, c.line, !!c.pinned, !!c.hidden, c.output, !!c.unknown])).toEqual([
      ['1', 'text/markdown', 4, false, false, undefined, false],
      ['2', 'module', 9, true, false, 'k', false],
      ['3', 'text/x-typescript', 12, true, false, undefined, false],
      ['4', 'text/html', 18, false, true, undefined, false],
      ['5', 'application/x-tex', 22, false, false, undefined, false],
      ['6', 'application/sql', 25, true, false, 'rows"x', true],
      ['7', 'text/x-python', 28, true, false, undefined, true],
    ]);
    expect(notebook.cells[0].source).toBe('# Convolutions, cell by cell\n\nA kernel of size ${k} slides over the input.');
    expect(notebook.cells[2].source).toBe('const size: number = k * k;\nconst tag = "</script>";\nconst escaped = "<\\/script>";\ndisplay(size);');
    expect(notebook.cells[3].source).toBe('<p class="note">Values &amp; shapes: <b>${k}×${k}</b></p>\n<!-- a comment that closes -->');
    expect(notebook.cells[5].attributes).toEqual({ database: 'var:db' });
    expect(notebook.cells[6].attributes).toEqual({ format: 'json' });
    expect(notebook.cells[6].source).toBe('def f(x):\n\n    return x  # indented by eight');
  });

  it('marks unknown cell types and warns about them with their line', () => {
    const notebook = parseNotebook(readFileSync(join(fixtures, 'every-cell-type.notebook'), 'utf8'));
    expect(notebook.warnings).toEqual([
      { line: 25, message: "cell 6 has type 'application/sql', which Kernelbook does not run; it is kept as it is" },
      { line: 28, message: "cell 7 has type 'text/x-python', which Kernelbook does not run; it is kept as it is" },
    ]);
  });

  it('reads bytes as UTF-8 and drops a byte order mark', () => {
    const text = '<!doctype html>\n<notebook>\n  <title>Größe ×3 ✓</title>\n</notebook>\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(parseNotebook(bytes).title).toBe('Größe ×3 ✓');
  });

  it('reads CR LF line endings like LF, with the same line numbers', () => {
    const lf = readFileSync(join(fixtures, 'every-cell-type.notebook'), 'utf8');
    const crlf = parseNotebook(lf.replace(/\n/g, '\r\n'));
    expect(crlf).toEqual(parseNotebook(lf));
  });

  it('reads unquoted and single-quoted attributes, upper-case tags and character references', () => {
    const notebook = parseNotebook("<!DOCTYPE HTML><NOTEBOOK theme=slate><TITLE>&#x3B1; &#946; &copy; &unknown; &amp</TITLE><SCRIPT id=3 type='text/markdown' PINNED>x</SCRIPT ></NOTEBOOK>");
    expect(notebook.title).toBe('α β © &unknown; &amp');
    expect(notebook.attributes).toEqual({ theme: 'slate' });
    expect(notebook.cells).toEqual([{ id: '3', type: 'text/markdown', source: 'x', pinned: true, line: 1 }]);
  });

  it('ends a script where a browser does: not at </script> inside a closed-then-reopened comment state', () => {
    const html = '<!doctype html><notebook><script id="1" type="text/html"><!-- <script>old</script> --></script><script id="2" type="module">2</script></notebook>';
    const ours = parseNotebook(html).cells.map((c) => c.source);
    const kit = kitParse(html).cells.map((c) => c.value);
    expect(ours).toEqual(['<!-- <script>old</script> -->', '2']);
    expect(ours).toEqual(kit);
  });

  it('gives a cell without an id a new one, with a warning', () => {
    const notebook = parseNotebook('<!doctype html>\n<notebook>\n<script id="4" type="module">a</script>\n<script type="module">b</script>\n</notebook>\n');
    expect(notebook.cells.map((c) => c.id)).toEqual(['4', '5']);
    expect(notebook.warnings).toEqual([{ line: 4, message: 'cell has no id; it was given a new one' }]);
  });

  it('throws on duplicate ids naming both lines, or renumbers them with { repair: true }', () => {
    const text = readFileSync(join(fixtures, 'malformed/duplicate-ids.notebook'), 'utf8');
    expect(outcome(() => parseNotebook(text, { filename: 'dup.notebook' }))).toEqual({
      error: { name: 'NotebookFormatError', line: 9, message: 'dup.notebook:9: duplicate cell id 1: on line 3 and line 9' },
    });
    const repaired = parseNotebook(text, { repair: true });
    expect(repaired.cells.map((c) => [c.id, c.source])).toEqual([['1', 'a = 1'], ['2', 'b = 2'], ['3', '# again']]);
    expect(repaired.warnings).toEqual([{ line: 9, message: 'duplicate cell id 1: on line 3 and line 9; the second was given a new id' }]);
  });
});

describe('parseNotebook(malformed file)', () => {
  const dir = join(fixtures, 'malformed');
  const expected: Record<string, { line: number; message: string; offset?: number }> = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  const files = readdirSync(dir).filter((f) => f.endsWith('.notebook'));

  it('has an expectation for every file in the corpus', () => {
    expect(files.sort()).toEqual(Object.keys(expected).sort());
  });

  for (const file of files) {
    it(`${file} fails at line ${expected[file]?.line}`, () => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      let error: unknown;
      try {
        parseNotebook(bytes, { filename: file });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(NotebookFormatError);
      const e = error as NotebookFormatError;
      expect(e.line).toBe(expected[file].line);
      expect(e.message.startsWith(`${file}:${expected[file].line}: `)).toBe(true);
      expect(e.message).toContain(expected[file].message);
      if (expected[file].offset !== undefined) expect(e.offset).toBe(expected[file].offset);
    });
  }
});

describe('serializeNotebook(parseNotebook(file))', () => {
  for (const file of samples) {
    it(`gives ${file} back byte for byte`, () => {
      const text = readFileSync(join(fixtures, file), 'utf8');
      expect(serializeNotebook(parseNotebook(text))).toBe(text);
    });
  }

  it('keeps an unknown cell type, its attributes and source untouched', () => {
    const text = '<!doctype html>\n<notebook theme="air">\n  <script id="9" type="application/x-future" pinned="" data-x="1 &amp; 2" lang="fr">\n    whatever <b>this</b> is\n  </script>\n</notebook>\n';
    const notebook = parseNotebook(text);
    expect(notebook.cells[0]).toMatchObject({ type: 'application/x-future', unknown: true, attributes: { 'data-x': '1 & 2', lang: 'fr' } });
    expect(serializeNotebook(notebook)).toBe(text);
  });
});

describe('serializeNotebook(notebook)', () => {
  const tricky: Notebook = {
    title: 'Quotes " & <angles> and\u00a0nbsp',
    attributes: { theme: 'light-dark(air, slate)', readonly: '' },
    cells: [
      { id: '1', type: 'module', source: 'const a = "</script>", b = "</SCRIPT >", c = "<\\/script>", d = "<\\\\/script>";\nconst e = "</script', pinned: true },
      { id: '2', type: 'text/html', source: '<!-- note --> <script>go()</script>\n<p title="x">&amp;</p>', hidden: true },
      { id: '3', type: 'text/markdown', source: '\n\nLeading and trailing blank lines\n\n' },
      { id: '4', type: 'module', source: '' },
      { id: '5', type: 'application/x-tex', source: 'x\n  \n\ty', output: 'quote"amp&lt<gt>' },
    ],
  };

  it('round-trips tricky sources, titles and attribute values', () => {
    const text = serializeNotebook(tricky);
    const back = parseNotebook(text);
    expect(back.title).toBe(tricky.title);
    expect(back.attributes).toEqual(tricky.attributes);
    expect(back.cells.map(({ line, ...cell }) => cell)).toEqual(tricky.cells);
    expect(serializeNotebook(back)).toBe(text);
  });

  it('escapes </script> as Notebook Kit does and quotes attributes as the HTML serializer does', () => {
    const text = serializeNotebook(tricky);
    expect(text).toContain('const a = "<\\/script>", b = "<\\/SCRIPT >", c = "<\\\\/script>", d = "<\\\\\\/script>";');
    expect(text).toContain('<title>Quotes " &amp; &lt;angles&gt; and&nbsp;nbsp</title>');
    expect(text).toContain('<script id="5" type="application/x-tex" output="quote&quot;amp&amp;lt<gt>">');
    expect(text.startsWith('<!doctype html>\n<notebook theme="light-dark(air, slate)" readonly="">\n  <title>')).toBe(true);
    expect(text.endsWith('  </script>\n</notebook>\n')).toBe(true);
  });

  it('refuses a source that HTML cannot hold: an unclosed <!-- followed by <script', () => {
    const notebook: Notebook = { cells: [{ id: '1', type: 'text/html', source: '<!-- <script>' }] };
    expect(() => serializeNotebook(notebook)).toThrow(/cell 1: its source opens an HTML comment/);
  });

  it('refuses duplicate or missing ids rather than write a file it would not read', () => {
    expect(() => serializeNotebook({ cells: [{ id: '1', type: 'module', source: '' }, { id: '1', type: 'module', source: '' }] })).toThrow('two cells have the id 1');
    expect(() => serializeNotebook({ cells: [{ id: '', type: 'module', source: '' }] })).toThrow('has no id');
  });
});

describe('interop with @observablehq/notebook-kit', () => {
  it('deserialize reads every Kernelbook sample with the same cells and title', () => {
    for (const file of samples) {
      const ours = parseNotebook(readFileSync(join(fixtures, file), 'utf8'));
      const kit = kitParse(readFileSync(join(fixtures, file), 'utf8'));
      expect(kit.title, file).toBe(ours.title);
      expect(kit.cells.map((c) => ({ id: c.id, mode: c.mode, value: c.value, pinned: c.pinned, hidden: c.hidden, output: c.output })), file).toEqual(ours.cells.map(asKitCell));
    }
  });

  it('the walkthroughs in notebooks/ write back byte for byte and read the same in Notebook Kit', () => {
    const dir = fileURLToPath(new URL('../../notebooks/', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.notebook'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const file of files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const ours = parseNotebook(text);
      expect(serializeNotebook(ours), file).toBe(text);
      expect(kitParse(text).cells.map((c) => ({ id: c.id, mode: c.mode, value: c.value, pinned: c.pinned, hidden: c.hidden, output: c.output })), file).toEqual(ours.cells.map(asKitCell));
    }
  });

  it('deserialize reads tricky sources the way we wrote them', () => {
    const notebook: Notebook = {
      title: 'a & b < c',
      cells: [
        { id: '1', type: 'module', source: 'const s = "</script>" + "<\\/script>";\n\n  \nend', pinned: true },
        { id: '2', type: 'text/html', source: '<!-- x --><script>1</script>' },
        { id: '3', type: 'text/markdown', source: '\n# Title\n', output: 'o"&' },
      ],
    };
    const kit = kitParse(serializeNotebook(notebook));
    expect(kit.title).toBe(notebook.title);
    expect(kit.cells.map((c) => ({ id: c.id, mode: c.mode, value: c.value, pinned: c.pinned, hidden: c.hidden, output: c.output }))).toEqual(notebook.cells.map(asKitCell));
  });

  it('a notebook written by serialize opens with the same cells and is written back byte for byte', () => {
    const kitNotebook = {
      title: 'Written by Notebook Kit & friends', theme: 'air' as const, readOnly: false,
      cells: [
        { id: 1, mode: 'md' as const, value: '# Hello\n\nSome *markdown* with ${x}.', pinned: false, hidden: false },
        { id: 2, mode: 'js' as const, value: 'const x = "</script>";\nx', pinned: true, hidden: false },
        { id: 5, mode: 'ts' as const, value: 'function f(a: number) {\n  return a;\n}', pinned: true, hidden: true },
        { id: 3, mode: 'html' as const, value: '<b>${x}</b>', pinned: false, hidden: false, output: 'bold' },
        { id: 4, mode: 'tex' as const, value: 'E = mc^2', pinned: false, hidden: false },
        { id: 6, mode: 'sql' as const, value: 'SELECT 1', pinned: true, hidden: false, database: 'var:db', output: 'rows' },
      ],
    };
    const html = kitSerialize(kitNotebook);
    const ours = parseNotebook(html);
    expect(ours.title).toBe(kitNotebook.title);
    expect(ours.attributes).toEqual({ theme: 'air' });
    expect(ours.cells.map(asKitCell)).toEqual(kitNotebook.cells.map(({ database, ...c }) => c));
    expect(ours.cells[5].attributes).toEqual({ database: 'var:db' });
    expect(serializeNotebook(ours)).toBe(html);
  });
});

describe('parseNotebook(huge file)', () => {
  it('parses 10 MB of cells, with every cell\'s line, and writes them back unchanged', () => {
    const line = 'const value = [1, 2, 3].map((x) => x * 2); // "</script>" & <b>\n';
    const cells: Cell[] = [];
    for (let i = 1; i <= 5000; i++) cells.push({ id: String(i), type: i % 2 ? 'module' : 'text/markdown', source: line.repeat(30) + 'end' });
    const text = serializeNotebook({ title: 'huge', attributes: { theme: 'air' }, cells });
    expect(text.length).toBeGreaterThan(10_000_000);
    const notebook = parseNotebook(new TextEncoder().encode(text));
    expect(notebook.cells.length).toBe(5000);
    expect(notebook.cells[4999].line).toBe(text.slice(0, text.indexOf('<script id="5000"')).split('\n').length);
    expect(notebook.cells[4999].source).toBe(cells[4999].source);
    expect(serializeNotebook(notebook)).toBe(text);
  });
});

describe('kernel/format/index.ts', () => {
  it('bundles for the browser: no Node built-ins, no DOM needed', async () => {
    const { build } = await import('esbuild');
    const result = await build({ entryPoints: ['kernel/format/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    const code = result.outputFiles[0].text;
    expect(code).not.toMatch(/from ["']node:|require\(["']node:/);
    const format = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
    const text = readFileSync(join(fixtures, 'every-cell-type.notebook'), 'utf8');
    expect(format.serializeNotebook(format.parseNotebook(text))).toBe(text);
  });
});

describe('serializeNotebook(random nasty sources)', () => {
  // Sources built from the pieces that trip HTML's script parsing, seeded.
  const pieces = ['<', '/', 'script', 'SCRIPT', '<!--', '-->', '-', '>', '\\', ' ', '  ', '\n', '\t', '&amp;', '"', 'x', '</script>', '<script>', '</script', '<\\/script>'];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const sources = Array.from({ length: 400 }, () => Array.from({ length: 1 + Math.floor(random() * 14) }, () => pieces[Math.floor(random() * pieces.length)]).join(''));

  it('reads every source back exactly, and Notebook Kit under jsdom reads the same cells', () => {
    let written = 0, refused = 0;
    for (const source of sources) {
      const notebook: Notebook = { cells: [{ id: '1', type: 'module', source }, { id: '2', type: 'text/markdown', source: 'after' }] };
      let text: string;
      try {
        text = serializeNotebook(notebook);
      } catch (error) {
        // Refused only when an HTML parser would indeed run past the cell: check that with jsdom on the unchecked text.
        expect((error as Error).message).toMatch(/opens an HTML comment/);
        const unchecked = `<!doctype html>\n<notebook>\n  <script id="1" type="module">${indentBody(escapeScriptSource(source))}</script>\n  <script id="2" type="text/markdown">\n    after\n  </script>\n</notebook>\n`;
        expect(kitParse(unchecked).cells.map((c) => c.value), JSON.stringify(source)).not.toEqual([source, 'after']);
        refused++;
        continue;
      }
      written++;
      expect(parseNotebook(text).cells.map((c) => c.source), JSON.stringify(source)).toEqual([source, 'after']);
      const kit = kitParse(text).cells.map((c) => c.value);
      // Notebook Kit unescapes `<\/script` only before whitespace or `>`; we also escape it before `/`, which it leaves escaped.
      if (!/<\\*\/script\//i.test(source)) expect(kit, JSON.stringify(source)).toEqual([source, 'after']);
      else expect(kit).toHaveLength(2);
    }
    expect(written).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(0);
  });
});
