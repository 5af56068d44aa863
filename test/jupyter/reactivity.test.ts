// Each execution is a cell of one live notebook: redefining a name re-runs
// what reads it, and the new values arrive as update_display_data on the
// display ids of the outputs the front end already shows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JupyterDriver, outputs, skipWithoutJupyter, texts, type RequestResult } from '../helpers/jupyter.js';

const updates = (result: RequestResult) => outputs(result).filter((m) => m.type === 'update_display_data');
const displayId = (result: RequestResult) => outputs(result).find((m) => m.type === 'display_data')!.content.transient.display_id as string;
const stream = (result: RequestResult, name: string) => outputs(result).filter((m) => m.type === 'stream' && m.content.name === name).map((m) => m.content.text).join('');

describe.skipIf(skipWithoutJupyter)('reactivity across executions', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });

  it('a value that reads nothing another execution declares is an execute_result; one that does is a display with an id', async () => {
    const fixed = await jupyter.execute('6 * 7');
    expect(outputs(fixed).map((m) => m.type)).toEqual(['execute_result']);
    await jupyter.execute('const seven = 7;');
    const live = await jupyter.execute('seven * 6');
    const [display] = outputs(live);
    expect(display.type).toBe('display_data');
    expect(display.content.transient.display_id).toMatch(/\S/);
    expect(display.content.data['text/plain']).toBe('42');
  });

  it('redefining a name re-runs its readers: update_display_data on the display they showed', async () => {
    const define = await jupyter.execute('const k = 3;');
    const reader = await jupyter.execute('k * 2');
    const id = displayId(reader);
    const redefine = await jupyter.execute('const k = 5;');
    expect(updates(redefine)).toEqual([{ type: 'update_display_data', content: { data: { 'text/plain': '10', 'application/json': '10' }, metadata: {}, transient: { display_id: id } } }]);
    expect(stream(redefine, 'stdout')).toBe(`k redefined (was In [${define.reply.content.execution_count}]); re-ran In [${reader.reply.content.execution_count}]\n`);
  });

  it('a redefinition read by many executions names the first few and counts the rest', async () => {
    await jupyter.execute('const fan = 1;');
    for (let i = 0; i < 10; i++) await jupyter.execute(`fan + ${i}`);
    const redefine = await jupyter.execute('const fan = 2;');
    expect(updates(redefine)).toHaveLength(10);
    expect(stream(redefine, 'stdout')).toMatch(/; re-ran (In \[\d+\], ){7}In \[\d+\] and 2 more\n$/);
  });

  it('a chain updates end to end: the display two steps away changes', async () => {
    await jupyter.execute('const base = 2;');
    await jupyter.execute('const square = base * base;');
    const shown = await jupyter.execute('`square + 1 = ${square + 1}`');
    const redefine = await jupyter.execute('const base = 4;');
    expect(updates(redefine).map((m) => [m.content.transient.display_id, m.content.data['text/plain']])).toEqual([[displayId(shown), 'square + 1 = 17']]);
  });

  it('a reader that fails on re-run shows the error in its display, and the execution says so on stderr', async () => {
    await jupyter.execute('const divisor = 2;');
    const reader = await jupyter.execute('if (divisor === 0) throw new RangeError("division by zero");\ndisplay(10 / divisor);');
    expect(texts(reader)).toEqual(['5']);
    const zero = await jupyter.execute('const divisor = 0;');
    expect(zero.reply.content.status).toBe('ok');
    expect(updates(zero).map((m) => m.content.data['text/plain'])).toEqual(['RangeError: division by zero']);
    expect(stream(zero, 'stderr')).toBe(`In [${reader.reply.content.execution_count}] failed re-running: RangeError: division by zero\n`);
    const back = await jupyter.execute('const divisor = 4;');
    expect(updates(back).map((m) => m.content.data['text/plain'])).toEqual(['2.5']);
  });

  it('a reader that shows fewer outputs on re-run empties the displays it no longer fills', async () => {
    await jupyter.execute('const count = 3;');
    const reader = await jupyter.execute('for (let i = 0; i < count; i++) display(`row ${i}`);');
    expect(texts(reader)).toEqual(['row 0', 'row 1', 'row 2']);
    const fewer = await jupyter.execute('const count = 1;');
    expect(updates(fewer).map((m) => m.content.data['text/plain'])).toEqual(['', '']);
  });

  it('redefining one of an execution\'s names takes the others with it, and says so', async () => {
    await jupyter.execute('const left = 1, right = 2;');
    const redefine = await jupyter.execute('const left = 10;');
    expect(stream(redefine, 'stdout')).toMatch(/left redefined \(was In \[\d+\], which also declared right: no longer defined\)/);
    expect((await jupyter.execute('right')).reply.content).toMatchObject({ status: 'error', ename: 'ReferenceError' });
  });

  it('a failed execution that declares nothing is not kept: defining its missing name later runs nothing', async () => {
    const failed = await jupyter.execute('laterName + 1');
    expect(failed.reply.content.status).toBe('error');
    const define = await jupyter.execute('const laterName = 1;');
    expect(outputs(define)).toEqual([]);
  });

  it('an execution that failed but declares a name stays, and computes once its input exists', async () => {
    expect((await jupyter.execute('const doubled = source * 2;')).reply.content.status).toBe('error');
    await jupyter.execute('const source = 21;');
    expect(texts(await jupyter.execute('doubled'))).toEqual(['42']);
  });

  it('an Inputs control\'s name is redefined like any other: its readers update, and the control says it sets nothing now', async () => {
    const control = await jupyter.execute('const size = view(Inputs.range([1, 9], {value: 3, step: 1}))');
    const reader = await jupyter.execute('size * size');
    const redefine = await jupyter.execute('const size = 5;');
    expect(updates(redefine).map((m) => [m.content.transient.display_id, m.content.data['text/plain']])).toEqual([
      [displayId(control), `size is now declared by In [${redefine.reply.content.execution_count}]: this control no longer sets it`],
      [displayId(reader), '25'],
    ]);
  });
});

describe.skipIf(skipWithoutJupyter)('front-end cells (execute_request metadata cellId and deletedCells, as JupyterLab sends them)', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });
  const run = (cellId: string, code: string, deletedCells: string[] = []) => jupyter.execute(code, { metadata: { cellId, deletedCells } });

  it('running a front-end cell again redefines the same notebook cell: no clash, readers update', async () => {
    await run('cell-a', 'const width = 1;');
    const reader = await run('cell-b', 'width + 100');
    const again = await run('cell-a', 'const width = 2;');
    expect(stream(again, 'stdout')).toBe(`re-ran In [${reader.reply.content.execution_count}]\n`);
    expect(updates(again).map((m) => [m.content.transient.display_id, m.content.data['text/plain']])).toEqual([[displayId(reader), '102']]);
  });

  it('a front-end cell edited to declare another name leaves its readers without the old one', async () => {
    await run('cell-c', 'const height = 1;');
    await run('cell-d', 'height * 3');
    const renamed = await run('cell-c', 'const depth = 1;');
    expect(updates(renamed).map((m) => m.content.data['text/plain'])).toEqual(['ReferenceError: height is not defined']);
  });

  it('a front-end cell emptied and run again declares nothing any more', async () => {
    await run('cell-h', 'const emptied = 1;');
    await run('cell-h', '   ');
    expect((await run('cell-i', 'emptied')).reply.content).toMatchObject({ status: 'error', ename: 'ReferenceError' });
  });

  it('a front-end cell deleted since the last execution leaves the notebook', async () => {
    await run('cell-e', 'const ephemeral = 1;');
    expect(texts(await run('cell-f', 'ephemeral'))).toEqual(['1']);
    const after = await run('cell-g', 'ephemeral', ['cell-e']);
    expect(after.reply.content).toMatchObject({ status: 'error', ename: 'ReferenceError' });
  });
});
