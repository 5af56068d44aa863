// `kernelbook run` as a real child process on the built CLI (npm run build first).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeNotebook } from '../../kernel/format/index.js';

const cli = 'dist/bin/kernelbook.js';
const fixture = (name: string) => `test/fixtures/run/${name}`;
let out: string;

beforeAll(() => {
  if (!existsSync(cli) || !existsSync('dist/kernel/cli/run.js')) throw new Error('the CLI is not built: run `npm run build` first');
  out = mkdtempSync(join(tmpdir(), 'kernelbook-run-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function kernelbook(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

interface Report { file: string; ok: boolean; cells: { id: string; status: string; ms: number; outputs: Record<string, string>[]; error?: { message: string; line?: number } }[] }
const cellOf = (report: Report, id: string) => report.cells.find((c) => c.id === id)!;

describe('kernelbook run --json', () => {
  it('runs a notebook using the engine, Plot, views and every cell type, exit 0', async () => {
    const { code, stdout } = await kernelbook(fixture('engine-plot.notebook'), '--json');
    expect(code).toBe(0);
    const report: Report = JSON.parse(stdout);
    expect(report).toMatchObject({ file: fixture('engine-plot.notebook'), ok: true });
    // Every runnable cell is reported; the cell of unknown type is not run.
    expect(report.cells.map((c) => c.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(report.cells.every((c) => c.status === 'ok' && c.ms >= 0)).toBe(true);
    // The seed article's TensorFlow result for depthwise_conv2d.
    expect(JSON.parse(cellOf(report, '4').outputs[0]['application/json'])).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
    // 8x8 outputs (same), each a 3x3x4 window, two filters.
    expect(cellOf(report, '5').outputs[0]['text/plain']).toBe(String(8 * 8 * 3 * 3 * 4 * 2));
    expect(cellOf(report, '1').outputs[0]['text/html']).toMatch(/<h1>Seed example<\/h1>[\s\S]*k = 3\./);
    expect(cellOf(report, '6').outputs[0]['text/html']).toMatch(/class="katex/);
    expect(cellOf(report, '7').outputs[0]['text/html']).toBe('<p class="note">Kernel <b>3</b>×3</p>');
    const svg = cellOf(report, '8').outputs[0]['image/svg+xml'];
    expect(svg).toMatch(/^<svg[^>]*class="plot/);
    expect(svg.match(/<rect/g)!.length).toBeGreaterThanOrEqual(3);
    expect(cellOf(report, '10').outputs[0]['text/plain']).toBe('default:30');
  });

  it('runs Kernelbook\'s two views: featureMaps as SVG and PNG, costBreakdown as SVG with a text table', async () => {
    const { code, stdout } = await kernelbook(fixture('views.notebook'), '--json');
    expect(code).toBe(0);
    const report: Report = JSON.parse(stdout);
    const maps = cellOf(report, '2').outputs[0];
    expect(maps['image/svg+xml']).toMatch(/^<svg/);
    expect(Buffer.from(maps['image/png'], 'base64').subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    // The seed's depthwise output spans -13 .. 21 over its two channels.
    expect(maps['text/plain']).toMatch(/2x2 × 2.*-13 … 21/);
    const costs = cellOf(report, '3').outputs[0];
    expect(costs['image/svg+xml']).toMatch(/^<svg/);
    // conv2d 3x3, 64 -> 64 on 56x56 (same): 56*56 outputs x 3*3*64 taps x 64 filters.
    expect(costs['text/plain']).toContain(String(56 * 56 * 3 * 3 * 64 * 64));
  });

  it('--set overrides a view\'s initial value and a plain declaration (JSON, else string)', async () => {
    const { code, stdout } = await kernelbook(fixture('engine-plot.notebook'), '--json', '--set', 'k=5', '--set=label=wide');
    expect(code).toBe(0);
    const report: Report = JSON.parse(stdout);
    expect(cellOf(report, '10').outputs[0]['text/plain']).toBe('wide:50');
    expect(cellOf(report, '5').outputs[0]['text/plain']).toBe(String(8 * 8 * 5 * 5 * 4 * 2));
    expect(cellOf(report, '1').outputs[0]['text/html']).toMatch(/k = 5\./);
  });

  it('reports failing cells with their message and line, runs the others, exit 1', async () => {
    const { code, stdout } = await kernelbook(fixture('failing.notebook'), '--json');
    expect(code).toBe(1);
    const report: Report = JSON.parse(stdout);
    expect(report.ok).toBe(false);
    expect(report.cells.map((c) => c.status)).toEqual(['ok', 'error', 'ok', 'error']);
    expect(cellOf(report, '2').error).toEqual({ message: 'm is too big: 4', line: 2 });
    expect(cellOf(report, '3').outputs[0]['text/plain']).toBe('42');
    expect(cellOf(report, '4').error).toEqual({ message: 'missing is not defined' });
  });

  it('--timeout interrupts a cell that never finishes and still reports the rest', async () => {
    const { code, stdout } = await kernelbook(fixture('forever.notebook'), '--json', '--timeout', '300');
    expect(code).toBe(1);
    const report: Report = JSON.parse(stdout);
    expect(cellOf(report, '1').error?.message).toBe('timed out after 300 ms');
    expect(cellOf(report, '2').status).toBe('ok');
  });
});

describe('kernelbook run (text)', () => {
  it('prints a line per cell and a summary for each file', async () => {
    const { code, stdout } = await kernelbook(fixture('failing.notebook'), fixture('engine-plot.notebook'));
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines).toContain('  2 ok, 2 failed');
    expect(lines).toContain('  10 ok, 0 failed');
    expect(lines.find((l) => /^ {2}ERROR 2 /.test(l))).toMatch(/m is too big: 4 \(line 2\)/);
    expect(lines.find((l) => /^ {2}ok {4}3 /.test(l))).toMatch(/ms {2}42$/);
  });

  it.runIf(existsSync('/usr/bin/script'))('shows progress on a terminal only', async () => {
    const plain = await kernelbook(fixture('failing.notebook'));
    expect(plain.stderr).toBe('');
    const onTty = await new Promise<string>((resolve) => {
      execFile('/usr/bin/script', ['-qc', `${process.execPath} ${cli} run ${fixture('failing.notebook')}`, '/dev/null'], (_e, stdout) => resolve(stdout));
    });
    expect(onTty).toMatch(/failing\.notebook: 4\/4 cells/);
  });

  it('--help prints the usage and exits 0', async () => {
    expect(await kernelbook('--help')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^usage: kernelbook run FILE\.notebook/) });
  });

  it('exits 2 on bad usage and names the problem', async () => {
    expect(await kernelbook()).toMatchObject({ code: 2, stderr: expect.stringMatching(/no notebook given/) });
    expect(await kernelbook(fixture('failing.notebook'), '--bogus')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --bogus/) });
    expect(await kernelbook(fixture('failing.notebook'), '--set', 'novalue')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--set: expected name=value/) });
  });

  it('a --set of a name no cell defines, or a missing file, fails with exit 1', async () => {
    expect(await kernelbook(fixture('failing.notebook'), '--set', 'nope=1')).toMatchObject({ code: 1, stderr: expect.stringMatching(/--set nope: no cell defines this name/) });
    expect(await kernelbook(join(out, 'absent.notebook'))).toMatchObject({ code: 1, stderr: expect.stringMatching(/absent\.notebook/) });
  });
});

// The walkthroughs in notebooks/ have their own suite: test/notebooks/walkthroughs.test.ts.

describe('kernelbook run on a Notebook Kit file', () => {
  it('runs a notebook written by Notebook Kit\'s own serialize', async () => {
    const { serialize, toNotebook } = await import('@observablehq/notebook-kit');
    const { installDom } = await import('../../kernel/runner/dom.js');
    const text = serialize(toNotebook({
      title: 'Written by Notebook Kit',
      cells: [
        { id: 1, mode: 'md', value: '# Hello ${n}' },
        { id: 2, mode: 'js', value: 'const n = 3;', pinned: true },
        { id: 3, mode: 'ts', value: 'const sq: number = n ** 2;\ndisplay(sq);' },
        { id: 4, mode: 'tex', value: 'n^2 = ${n * n}' },
        { id: 5, mode: 'html', value: '<i>${"</script>"}</i>' },
      ],
    }), { document: installDom() });
    const file = join(out, 'kit.notebook');
    writeFileSync(file, text);
    const { code, stdout } = await kernelbook(file, '--json');
    expect(code).toBe(0);
    const report: Report = JSON.parse(stdout);
    expect(report.cells.map((c) => c.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(cellOf(report, '1').outputs[0]['text/html']).toContain('<h1>Hello 3</h1>');
    expect(cellOf(report, '3').outputs[0]['text/plain']).toBe('9');
    expect(cellOf(report, '4').outputs[0]['text/html']).toContain('<annotation encoding="application/x-tex">n^2 = 9</annotation>');
    expect(cellOf(report, '5').outputs[0]['text/html']).toBe('<i>&lt;/script&gt;</i>');
  });
});

describe('kernelbook run --html', () => {
  it('with several notebooks writes one page per notebook, named after it', async () => {
    const { code } = await kernelbook(fixture('failing.notebook'), fixture('views.notebook'), '--html', join(out, 'page.html'));
    expect(code).toBe(1);
    expect(readFileSync(join(out, 'page-failing.html'), 'utf8')).toContain('m is too big: 4 (line 2)');
    expect(readFileSync(join(out, 'page-views.html'), 'utf8')).toMatch(/<figure><svg/);
  });

  it('writes one self-contained page with every cell\'s source and output', async () => {
    const file = join(out, 'engine-plot.html');
    const { code } = await kernelbook(fixture('engine-plot.notebook'), '--html', file);
    expect(code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('engine.depthwiseConv2d(x, engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), {padding: &quot;valid&quot;});');
    expect(html).toMatch(/<figure><svg[^>]*class="plot/);
    expect(html).toContain('<h1>Seed example</h1>');
    expect(html).toMatch(/class="katex/);
    // KaTeX's fonts and Inputs' styles travel inside the page.
    expect(html).toMatch(/url\(data:font\/woff2;base64,/);
    expect(html).toMatch(/form\.inputs-3a86ea/);
    // Nothing is loaded from anywhere: no src/href/url() other than data: URLs and fragments.
    const references = [...html.matchAll(/(?:src|href)\s*=\s*"([^"]*)"|url\(([^)]*)\)/g)].map((m) => (m[1] ?? m[2]).replace(/^['"]/, ''));
    expect(references.filter((r) => !r.startsWith('data:') && !r.startsWith('#'))).toEqual([]);
    expect(html).not.toMatch(/<script/);
  });

  it('keeps a Plot figure\'s legend and title, not just its chart', async () => {
    const notebook = join(out, 'legend.notebook');
    writeFileSync(notebook, serializeNotebook({ cells: [{ id: '1', type: 'module', source: 'Plot.plot({title: "Kinds of layer", color: {legend: true}, marks: [Plot.barY([{k: "depthwise", v: 1}, {k: "pointwise", v: 2}], {x: "k", y: "v", fill: "k"})]})' }] }));
    const file = join(out, 'legend.html');
    expect((await kernelbook(notebook, '--html', file)).code).toBe(0);
    const html = readFileSync(file, 'utf8');
    const figure = html.slice(html.indexOf('<figure'), html.lastIndexOf('</figure>'));
    expect(figure).toContain('Kinds of layer');
    // The swatches are HTML next to the chart's SVG, which labels its axis ticks with the same names.
    const outsideSvg = figure.replace(/<svg[\s\S]*?<\/svg>/g, '');
    expect(outsideSvg).toContain('depthwise');
    expect(outsideSvg).toContain('pointwise');
  });
});
