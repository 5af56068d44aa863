// NotebookKernel's `display` event: a cell called display() (or view()), and
// its output follows in a `cell` event once rendered.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installDom } from '../../kernel/runner/dom.js';
import { NotebookKernel } from '../../kernel/runtime/kernel.js';

let document: Document;
beforeAll(() => { document = installDom(); });
const kernels: NotebookKernel[] = [];
afterEach(() => { while (kernels.length) kernels.pop()!.dispose(); });

describe('NotebookKernel display event', () => {
  it('fires once per display() call, with the cell id, before the output arrives', async () => {
    const kernel = new NotebookKernel({ document });
    kernels.push(kernel);
    const events: string[] = [];
    kernel.on('display', (id) => events.push(`display ${id} (outputs so far: ${kernel.cell(id)?.outputs.length ?? 0})`));
    kernel.load({ cells: [
      { id: 'a', type: 'module', source: 'display(1); display(2);' },
      { id: 'b', type: 'module', source: 'const n = view(Inputs.range([0, 9], {value: 4}));' },
      { id: 'c', type: 'module', source: '1 + 1' },
    ] });
    await kernel.settled();
    expect(events).toEqual(['display a (outputs so far: 0)', 'display a (outputs so far: 0)', 'display b (outputs so far: 0)']);
    expect(kernel.cell('a')!.outputs.map((o) => o['text/plain'])).toEqual(['1', '2']);
  });
});
