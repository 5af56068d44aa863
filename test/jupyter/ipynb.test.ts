// `kernelbook convert` writes .ipynb files that name this kernel; such a file
// opens on the installed kernel and runs through Jupyter's client cell by
// cell, as a Jupyter front end runs it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JupyterDriver, outputs, skipWithoutJupyter, type RequestResult } from '../helpers/jupyter.js';

interface Ipynb {
  metadata: { kernelspec: { name: string; language: string; display_name: string } };
  cells: { cell_type: string; id: string; source: string[] }[];
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kernelbook-ipynb-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function convert(notebook: string): Ipynb {
  const out = join(dir, `${basename(notebook, '.notebook')}.ipynb`);
  execFileSync(process.execPath, ['dist/bin/kernelbook.js', 'convert', notebook, '--to', 'ipynb', '-o', out]);
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** Every code cell in order, as JupyterLab runs them (with the cell's id); the results by cell id. */
async function runAll(jupyter: JupyterDriver, ipynb: Ipynb): Promise<Map<string, RequestResult>> {
  const results = new Map<string, RequestResult>();
  for (const cell of ipynb.cells.filter((c) => c.cell_type === 'code')) {
    results.set(cell.id, await jupyter.execute(cell.source.join(''), { metadata: { cellId: cell.id } }));
  }
  return results;
}

describe.skipIf(skipWithoutJupyter)('converted walkthroughs on the installed kernel', () => {
  // Each walkthrough on a kernel of its own, started by the kernelspec name the .ipynb carries; the
  // depthwise walkthrough's kernel stays up for the checks after the run.
  const runs = new Map<string, { ipynb: Ipynb; results: Map<string, RequestResult> }>();
  let depthwise: JupyterDriver;
  beforeAll(async () => {
    for (const file of readdirSync('notebooks').filter((f) => f.endsWith('.notebook'))) {
      const ipynb = convert(join('notebooks', file));
      const jupyter = await JupyterDriver.start({ kernel: ipynb.metadata.kernelspec.name });
      runs.set(file, { ipynb, results: await runAll(jupyter, ipynb) });
      if (file === 'depthwise-vs-conv2d.notebook') depthwise = jupyter;
      else await jupyter.close();
    }
  }, 300_000);
  afterAll(async () => { await depthwise?.close(); });

  it('every walkthrough in notebooks/ names the kernelbook kernel and runs cell by cell without an error', () => {
    expect(runs.size).toBeGreaterThanOrEqual(4);
    const failures: string[] = [];
    for (const [file, { ipynb, results }] of runs) {
      expect(ipynb.metadata.kernelspec).toEqual({ name: 'kernelbook', language: 'javascript', display_name: 'Kernelbook (JavaScript)' });
      for (const [id, result] of results) {
        if (result.reply.content.status !== 'ok') failures.push(`${file} cell ${id}: ${result.reply.content.ename}: ${result.reply.content.evalue}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('depthwise-vs-conv2d.ipynb: the seed\'s result, its feature maps, the cost chart, controls that say how to change them', () => {
    const { results } = runs.get('depthwise-vs-conv2d.notebook')!;
    const value = outputs(results.get('4')!)[0].content.data;
    expect(JSON.parse(value['application/json'])).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
    expect(outputs(results.get('15')!)[0].content.data['image/png']).toMatch(/^iVBORw0KGgo/);
    expect(outputs(results.get('13')!)[0].content.data['image/svg+xml']).toMatch(/^<svg/);
    expect(outputs(results.get('10')!)[0].content.data['text/plain']).toMatch(/^k = 3 .*\n.*\n    const k = 3;$/);
  });

  it('depthwise-vs-conv2d.ipynb: redefining a control\'s name, as its note says, updates the chart that reads it', async () => {
    const chart = outputs(runs.get('depthwise-vs-conv2d.notebook')!.results.get('13')!)[0].content.transient.display_id;
    const redefined = await depthwise.execute('const k = 5;');
    expect(redefined.iopub.some((m) => m.type === 'update_display_data' && m.content.transient.display_id === chart)).toBe(true);
  });
});
