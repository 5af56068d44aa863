// The requests besides execute, and the kernel's defence against messages
// that are not signed with the connection file's key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JupyterDriver, skipWithoutJupyter, texts } from '../helpers/jupyter.js';

describe.skipIf(skipWithoutJupyter)('requests besides execute', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => {
    jupyter = await JupyterDriver.start();
    await jupyter.execute('const kernelSize = 3;\nconst kernelWeights = engine.tensor([1, 0, -1, 2, 0, -2, 1, 0, -1], [3, 3, 1, 1]);');
    await jupyter.execute('kernelSize * kernelSize');
  });
  afterAll(async () => { await jupyter?.close(); });

  const complete = async (code: string, cursor = [...code].length) => (await jupyter.request('complete_request', { code, cursor_pos: cursor })).reply.content;
  const inspect = async (code: string, cursor = [...code].length, detail = 0) => (await jupyter.request('inspect_request', { code, cursor_pos: cursor, detail_level: detail })).reply.content;
  const isComplete = async (code: string) => (await jupyter.request('is_complete_request', { code })).reply.content;

  it('complete_request: names the notebook declares, with where the word starts', async () => {
    const reply = await complete('const area = kernelS');
    expect(reply).toMatchObject({ status: 'ok', matches: ['kernelSize'], cursor_start: 13, cursor_end: 20 });
    expect(reply.metadata._jupyter_types_experimental[0]).toMatchObject({ text: 'kernelSize', type: 'instance' });
  });

  it('complete_request: builtins, globals and keywords', async () => {
    expect((await complete('eng')).matches).toEqual(['engine']);
    expect((await complete('Mat')).matches).toEqual(['Math']);
    expect((await complete('cons')).matches).toEqual(['console', 'const']);
  });

  it('complete_request: members of a builtin and of a declared value, cursor in code points', async () => {
    expect((await complete('engine.depthw')).matches).toEqual(['depthwiseConv2d', 'depthwiseReference']);
    expect((await complete('engine.Dep')).matches).toEqual(['DepthwiseConv2D']);
    expect((await complete('engine.async.sep')).matches).toEqual(['separableConv2d']);
    const reply = await complete('/* é𝒳 */ kernelWeights.sha');
    expect(reply).toMatchObject({ matches: ['shape'], cursor_start: 23, cursor_end: 26 });
  });

  it('complete_request: in the middle of a word, what is before the cursor is completed', async () => {
    expect(await complete('kernelSi + 1', 6)).toMatchObject({ matches: ['kernelSize', 'kernelWeights'], cursor_start: 0, cursor_end: 6 });
  });

  it('inspect_request: a declared name\'s value, the execution declaring it and those reading it', async () => {
    const reply = await inspect('kernelSize', 3);
    expect(reply.found).toBe(true);
    const text = reply.data['text/plain'];
    expect(text).toMatch(/^kernelSize: number\n3\n/);
    expect(text).toMatch(/declared in In \[1\]:\n    const kernelSize = 3;/);
    expect(text).toMatch(/read by In \[2\]$/);
  });

  it('inspect_request: a builtin\'s help, a function\'s signature, nothing for an unknown name', async () => {
    expect((await inspect('engine')).data['text/plain']).toMatch(/the convolution engine/);
    expect((await inspect('engine.conv2d(x', 10)).data['text/plain']).toMatch(/^engine\.conv2d: function\n.*conv2d\(/);
    expect(await inspect('noSuchName')).toEqual({ status: 'ok', found: false, data: {}, metadata: {} });
  });

  it('is_complete_request: complete, incomplete with an indent for open brackets, invalid', async () => {
    expect(await isComplete('const a = 1;')).toEqual({ status: 'complete' });
    expect(await isComplete('for (let i = 0; i < 3; i++) {\n  display(i);')).toEqual({ status: 'incomplete', indent: '  ' });
    expect(await isComplete('const t = `open ${1}')).toMatchObject({ status: 'incomplete' });
    expect(await isComplete('const = 2;')).toEqual({ status: 'invalid' });
    expect(await isComplete('')).toEqual({ status: 'complete' });
  });

  it('history_request: the code of the executions, by tail, range and search', async () => {
    const tail = (await jupyter.request('history_request', { hist_access_type: 'tail', n: 1, output: false, raw: true })).reply.content;
    expect(tail).toEqual({ status: 'ok', history: [[1, 2, 'kernelSize * kernelSize']] });
    const range = (await jupyter.request('history_request', { hist_access_type: 'range', session: 0, start: 1, stop: 2, output: false, raw: true })).reply.content;
    expect(range.history).toEqual([[1, 1, 'const kernelSize = 3;\nconst kernelWeights = engine.tensor([1, 0, -1, 2, 0, -2, 1, 0, -1], [3, 3, 1, 1]);']]);
    const search = (await jupyter.request('history_request', { hist_access_type: 'search', pattern: 'kernelSize ? kernel*', output: false, raw: true })).reply.content;
    expect(search.history.map((h: unknown[]) => h[1])).toEqual([2]);
  });

  it('comm_info_request: no comms; a comm_open for a target the kernel lacks is closed', async () => {
    expect((await jupyter.request('comm_info_request', {})).reply.content).toEqual({ status: 'ok', comms: {} });
    const open = await jupyter.call({ op: 'request', type: 'comm_open', content: { comm_id: 'c1', target_name: 'jupyter.widget', data: {} }, reply: false });
    expect(open.iopub.map((m: { type: string }) => m.type)).toEqual(['status', 'comm_close', 'status']);
    expect(open.iopub[1].content).toEqual({ comm_id: 'c1', data: {} });
  });
});

describe.skipIf(skipWithoutJupyter)('messages the kernel refuses', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });

  const forge = (forged: Record<string, string>[]) => jupyter.call({ op: 'forge', forged, check: 'typeof globalThis.__forged' });

  it('a message with a bad signature is rejected and logged: its code never runs', async () => {
    const result = await forge([{ kind: 'bad_signature', code: 'globalThis.__forged = "bad signature"' }]);
    expect(result.replies.map((r: { parent: string }) => r.parent)).toEqual([result.check_id]);
    expect(jupyter.kernelLog()).toMatch(/rejected a message on shell: bad signature/);
    expect((await jupyter.execute('typeof globalThis.__forged')).iopub.find((m) => m.type === 'execute_result')!.content.data['text/plain']).toBe('undefined');
  });

  it('an unsigned message and one whose content was changed after signing are rejected', async () => {
    const result = await forge([
      { kind: 'unsigned', code: 'globalThis.__forged = "unsigned"' },
      { kind: 'tampered', code: '1 + 1', tampered_code: 'globalThis.__forged = "tampered"' },
    ]);
    expect(result.replies.map((r: { parent: string }) => r.parent)).toEqual([result.check_id]);
    expect(jupyter.kernelLog()).toMatch(/rejected a message on shell: unsigned/);
    expect(texts(await jupyter.execute('typeof globalThis.__forged'))).toEqual(['undefined']);
  });

  it('a correctly signed message sent twice runs once: the replay is rejected', async () => {
    const before = (await jupyter.execute('1')).reply.content.execution_count;
    const result = await forge([{ kind: 'replay', code: 'globalThis.__replays = (globalThis.__replays ?? 0) + 1' }]);
    const [first] = result.sent;
    expect(result.replies.map((r: { parent: string }) => r.parent)).toEqual([first, result.check_id]);
    expect(jupyter.kernelLog()).toMatch(/rejected a message on shell: replayed signature/);
    expect(texts(await jupyter.execute('globalThis.__replays'))).toEqual(['1']);
    expect(result.replies[1].content.execution_count).toBe(before + 2);
  });
});
