// execute_request through Jupyter's own client: results, displays, streams,
// errors with tracebacks, the engine and the views as MIME bundles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JupyterDriver, outputs, skipWithoutJupyter, texts } from '../helpers/jupyter.js';

const SEED = `engine.depthwiseConv2d(
  engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]),
  engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]),
  {strides: 1, padding: "valid"})`;

describe.skipIf(skipWithoutJupyter)('the kernel started from its kernelspec by KernelManager', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });

  it('kernel_info_reply: protocol 5.3, JavaScript, a banner; wrapped in busy and idle', async () => {
    const result = await jupyter.request('kernel_info_request');
    expect(result.reply.type).toBe('kernel_info_reply');
    expect(result.reply.content).toMatchObject({
      status: 'ok', protocol_version: '5.3', implementation: 'kernelbook',
      language_info: { name: 'javascript', file_extension: '.js', mimetype: 'text/javascript' },
    });
    expect(result.reply.content.banner).toMatch(/Kernelbook/);
    expect(result.iopub.map((m) => `${m.type}:${m.content.execution_state}`)).toEqual(['status:busy', 'status:idle']);
  });

  it('execute: the seed article\'s depthwise example reads back as TensorFlow computes it', async () => {
    const result = await jupyter.execute(`${SEED}.toArray()`);
    expect(result.reply.content).toMatchObject({ status: 'ok' });
    const [value] = outputs(result);
    expect(value.type).toBe('execute_result');
    expect(JSON.parse(value.content.data['application/json'])).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
    expect(value.content.execution_count).toBe(result.reply.content.execution_count);
  });

  it('execute: execute_input carries the code and the count; the count goes up by one per execution', async () => {
    const first = await jupyter.execute('1 + 1');
    const second = await jupyter.execute('2 + 2');
    const input = first.iopub.find((m) => m.type === 'execute_input')!;
    expect(input.content).toEqual({ code: '1 + 1', execution_count: first.reply.content.execution_count });
    expect(second.reply.content.execution_count).toBe(first.reply.content.execution_count + 1);
    expect(texts(second)).toEqual(['4']);
  });

  it('execute: a Tensor is text/plain in TensorFlow\'s layout and text/html with a grid per channel', async () => {
    const result = await jupyter.execute(SEED);
    const { data } = outputs(result)[0].content;
    expect(data['text/plain']).toBe('Tensor shape=[1,2,2,2] dtype=float32\n[[[[ -2,  18],\n   [ 12,  21]],\n\n  [[ 17,  -7],\n   [-13,  16]]]]');
    expect(data['text/html'].match(/<table/g)).toHaveLength(2);
    expect(data['text/html']).toContain('<caption>[0, :, :, 1]</caption>');
  });

  it('execute: an error is an error message with ename, evalue and a traceback pointing at the line', async () => {
    const result = await jupyter.execute('const a = 1;\nconst b = a.missing.field;\nconst c = 3;');
    expect(result.reply.content).toMatchObject({ status: 'error', ename: 'TypeError' });
    const error = outputs(result).find((m) => m.type === 'error')!;
    expect(error.content.ename).toBe('TypeError');
    expect(error.content.evalue).toMatch(/reading 'field'/);
    const plain = error.content.traceback.map((line: string) => line.replace(/\x1b\[[0-9;]*m/g, ''));
    expect(plain).toContain(`In [${result.reply.content.execution_count}], line 2:`);
    expect(plain.find((l: string) => l.startsWith('---->'))).toBe('----> 2 const b = a.missing.field;');
  });

  it('execute: a name nothing defines is a ReferenceError; a syntax error names its line', async () => {
    const missing = await jupyter.execute('nowhere + 1');
    expect(missing.reply.content).toMatchObject({ status: 'error', ename: 'ReferenceError', evalue: 'nowhere is not defined' });
    const syntax = await jupyter.execute('const x = 1;\nconst = 2;');
    expect(syntax.reply.content).toMatchObject({ status: 'error', ename: 'SyntaxError' });
    expect(syntax.reply.content.traceback.join('\n')).toMatch(/line 2/);
  });

  it('execute: a Plot chart is image/svg+xml', async () => {
    const result = await jupyter.execute('Plot.plot({marks: [Plot.barY([3, 1, 2])]})');
    const { data } = outputs(result)[0].content;
    expect(data['image/svg+xml']).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(data['image/svg+xml'].match(/<rect/g)!.length).toBeGreaterThanOrEqual(3);
  });

  it('execute: feature maps are image/svg+xml and image/png', async () => {
    const result = await jupyter.execute(`featureMaps(${SEED})`);
    const { data } = outputs(result)[0].content;
    expect(data['image/svg+xml']).toMatch(/^<svg/);
    expect(Buffer.from(data['image/png'], 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(data['text/plain']).toMatch(/-13 … 21/);
  });

  it('execute: console.log is stdout, console.error stderr, in order with displays', async () => {
    const result = await jupyter.execute('console.log("first", engine.tensor([1, 2], [2]).shape);\ndisplay(42);\nconsole.error("last");');
    expect(outputs(result).map((m) => (m.type === 'stream' ? `${m.content.name}:${m.content.text}` : `${m.type}:${m.content.data['text/plain']}`)))
      .toEqual(['stdout:first [2]\n', 'display_data:42', 'stderr:last\n']);
  });

  it('execute: a cell of several statements ending in a bare value says the value is not shown, and how to show it', async () => {
    const result = await jupyter.execute('const shown = 2;\nshown * 21');
    expect(texts(result)).toEqual(['the value of the last line (shown * 21) is not shown: a cell of several statements shows what it display()s; write display(shown * 21), or give the value a cell of its own\n']);
  });

  it('execute: a TypeScript cell runs with its types removed', async () => {
    const result = await jupyter.execute('const side: number = 4;\nconst area = (s: number): number => s * s;\ndisplay(area(side));');
    expect(result.reply.content.status).toBe('ok');
    expect(texts(result)).toEqual(['16']);
  });

  it('execute: an awaited engine.async op gives the same result as the sync engine', async () => {
    const result = await jupyter.execute(`(await engine.async.depthwiseConv2d(${SEED.slice('engine.depthwiseConv2d('.length, -1)})).toArray()`);
    expect(JSON.parse(outputs(result)[0].content.data['application/json'])).toEqual([[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]);
  });

  it('execute: an Inputs control shows its value and how to change it, not a dead control', async () => {
    const result = await jupyter.execute('const kernelSize = view(Inputs.range([1, 7], {value: 3, step: 1, label: "kernelSize"}))');
    const [control] = outputs(result);
    expect(control.type).toBe('display_data');
    expect(control.content.data['text/plain']).toMatch(/^kernelSize = 3 +"kernelSize" \(Inputs range\)/);
    expect(control.content.data['text/plain']).toContain('const kernelSize = 3;');
    expect(control.content.data['text/html']).not.toMatch(/<input/);
    expect(Object.keys(control.content.data)).not.toContain('application/vnd.kernelbook.control+json');
    const read = await jupyter.execute('kernelSize * kernelSize');
    expect(texts(read)).toEqual(['9']);
  });

  it('execute: silent code runs but publishes nothing and keeps the count', async () => {
    const before = await jupyter.execute('1');
    const silent = await jupyter.execute('display("hidden"); const silentName = 5;', { silent: true });
    expect(outputs(silent)).toEqual([]);
    expect(silent.iopub.map((m) => m.type)).toEqual(['status', 'status']);
    expect(silent.reply.content.execution_count).toBe(before.reply.content.execution_count);
    expect(texts(await jupyter.execute('silentName'))).toEqual(['5']);
  });

  it('execute: user_expressions are evaluated after the code, each to a MIME bundle or an error', async () => {
    const result = await jupyter.execute('const ue = 6;', { user_expressions: { square: 'ue * ue', bad: 'ue.nope.deeper' } });
    expect(result.reply.content.user_expressions.square).toEqual({ status: 'ok', data: { 'text/plain': '36', 'application/json': '36' }, metadata: {} });
    expect(result.reply.content.user_expressions.bad).toMatchObject({ status: 'error', ename: 'TypeError' });
  });

  it('execute: after a failed execution, the executions already queued are aborted (stop_on_error)', async () => {
    // The failing execution takes a second, so the two after it are surely waiting in the kernel when it fails.
    const failing = 'await new Promise((resolve) => setTimeout(resolve, 1000));\nthrow new RangeError("stop here");';
    const { replies } = await jupyter.call({ op: 'execute_many', codes: [failing, '1 + 1', '2 + 2'] });
    expect(replies.map((r: { content: { status: string } }) => r.content.status)).toEqual(['error', 'aborted', 'aborted']);
    expect(replies[0].content.ename).toBe('RangeError');
  });
});
