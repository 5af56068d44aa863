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
  it('depthwise-vs-conv2d.ipynb names the kernelbook kernel and runs cell by cell: the seed\'s result, its feature maps, the cost chart', async () => {
    const ipynb = convert('notebooks/depthwise-vs-conv2d.notebook');
    expect(ipynb.metadata.kernelspec).toEqual({ name: 'kernelbook', language: 'javascript', display_name: 'Kernelbook (JavaScript)' });
    const jupyter = await JupyterDriver.start({ kernel: ipynb.metadata.kernelspec.name });
    try {
      const results = await runAll(jupyter, ipynb);
      expect([...results.values()].map((r) => r.reply.content.status)).toEqual([...results.keys()].map(() => 'ok'));
      const value = outputs(results.get('4')!)[0].content.data;
      expect(JSON.parse(value['application/json'])).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
      expect(outputs(results.get('15')!)[0].content.data['image/png']).toMatch(/^iVBORw0KGgo/);
      expect(outputs(results.get('13')!)[0].content.data['image/svg+xml']).toMatch(/^<svg/);
      expect(outputs(results.get('10')!)[0].content.data['text/plain']).toMatch(/^k = 3 .*\n.*\n    const k = 3;$/);
      // The controls' names are redefined as the control's note says; the chart reading them updates.
      const chart = outputs(results.get('13')!)[0].content.transient.display_id;
      const redefined = await jupyter.execute('const k = 5;');
      expect(redefined.iopub.some((m) => m.type === 'update_display_data' && m.content.transient.display_id === chart)).toBe(true);
    } finally {
      await jupyter.close();
    }
  });

  it('every walkthrough in notebooks/ converts to .ipynb and runs on the kernel without an error', async () => {
    const failures: string[] = [];
    for (const file of readdirSync('notebooks').filter((f) => f.endsWith('.notebook'))) {
      const ipynb = convert(join('notebooks', file));
      const jupyter = await JupyterDriver.start({ kernel: ipynb.metadata.kernelspec.name });
      try {
        for (const [id, result] of await runAll(jupyter, ipynb)) {
          if (result.reply.content.status !== 'ok') failures.push(`${file} cell ${id}: ${result.reply.content.ename}: ${result.reply.content.evalue}`);
        }
      } finally {
        await jupyter.close();
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
