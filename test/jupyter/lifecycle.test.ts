// Interrupt, restart and shutdown, as KernelManager performs them: interrupt
// with an interrupt_request on the control channel (the kernelspec's
// interrupt_mode is "message"), restart and shutdown with shutdown_request.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JupyterDriver, JupyterHome, outputs, PYTHON, skipWithoutJupyter, texts } from '../helpers/jupyter.js';

// One conv2d of 2.4 G multiply-adds, again and again: far longer than any test waits, unless interrupted.
const ENDLESS_ENGINE_WORK = `
const input = engine.tensor(new Float32Array(256 * 256 * 64), [1, 256, 256, 64]);
const filter = engine.tensor(new Float32Array(3 * 3 * 64 * 64), [3, 3, 64, 64]);
console.log("started");
for (;;) await engine.async.conv2d(input, filter, {padding: "same"});`;

describe.skipIf(skipWithoutJupyter)('interrupt', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });

  it('interrupt during a long engine op: the op is aborted, the execution answers Interrupted, the kernel goes on', async () => {
    const result = await jupyter.call({ op: 'interrupt', code: ENDLESS_ENGINE_WORK, after: 'started' });
    expect(result.interrupted).toBe(true);
    expect(result.reply.content).toMatchObject({ status: 'error', ename: 'Interrupted' });
    expect(outputs(result).find((m: { type: string }) => m.type === 'error')!.content.ename).toBe('Interrupted');
    // The pool is free again: an op queued behind the aborted one would never finish.
    const after = await jupyter.execute('(await engine.async.conv2d(engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), engine.tensor([1], [1, 1, 1, 1]))).toArray()');
    expect(JSON.parse(outputs(after)[0].content.data['application/json'])).toEqual([[[[1], [2]], [[3], [4]]]]);
  });

  it('interrupt while a redefinition re-runs a long cell: the re-run stops, its reader waits no more', async () => {
    await jupyter.execute('const steps = 1;');
    await jupyter.execute(`const settledSteps = await (async () => {
  if (steps > 1) {
    ${ENDLESS_ENGINE_WORK}
  }
  return steps;
})();`);
    const reader = await jupyter.execute('display(settledSteps * 10);');
    expect(texts(reader)).toEqual(['10']);
    const result = await jupyter.call({ op: 'interrupt', code: 'const steps = 2;', after: 'started' });
    expect(result.reply.content).toMatchObject({ status: 'error', ename: 'Interrupted' });
    expect(outputs(result).filter((m: { type: string }) => m.type === 'stream').map((m: { content: { text: string } }) => m.content.text).join(''))
      .toMatch(/failed re-running: Interrupted/);
    // The kernel answers at once, and the notebook still holds the new definition.
    expect(texts(await jupyter.execute('steps'))).toEqual(['2']);
  });
});

describe.skipIf(skipWithoutJupyter)('restart and shutdown', () => {
  let jupyter: JupyterDriver;
  beforeAll(async () => { jupyter = await JupyterDriver.start(); });
  afterAll(async () => { await jupyter?.close(); });

  it('restart: a new kernel process, with a fresh notebook and count', async () => {
    await jupyter.execute('const beforeRestart = 1;');
    const { old_pid, new_pid } = await jupyter.call({ op: 'restart' });
    expect(new_pid).not.toBe(old_pid);
    const after = await jupyter.execute('beforeRestart');
    expect(after.reply.content).toMatchObject({ status: 'error', ename: 'ReferenceError', execution_count: 1 });
    expect(texts(await jupyter.execute('40 + 2'))).toEqual(['42']);
  });

  it('shutdown: the kernel replies, closes its sockets and exits with status 0 before KernelManager would kill it', async () => {
    const result = await jupyter.call({ op: 'shutdown' });
    expect(result).toEqual({ alive: false, returncode: 0 });
    expect(jupyter.kernelLog()).toMatch(/stopped\n$/);
  });
});

describe.skipIf(skipWithoutJupyter)('the stdio a kernel shares with its client', () => {
  it('stays blocking while the kernel runs worker threads (heartbeat, engine pool), so the client loses none of its output', () => {
    const home = new JupyterHome();
    home.installKernel();
    try {
      // The client's stdout and stderr are pipes here, as a Jupyter server's often are; the kernel inherits them.
      const script = [
        'import fcntl, json, os, sys',
        'from jupyter_client.manager import KernelManager',
        'km = KernelManager(kernel_name="kernelbook"); km.start_kernel()',
        'kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)',
        'reply = kc.execute_interactive("(await engine.async.conv2d(engine.tensor([1, 2, 3, 4], [1, 2, 2, 1]), engine.tensor([1], [1, 1, 1, 1]))).shape", timeout=60, output_hook=lambda m: None)',
        'blocking = [not fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_NONBLOCK for fd in (1, 2)]',
        'big = "x" * 2000000',
        'sys.stdout.write(json.dumps({"status": reply["content"]["status"], "blocking": blocking, "big": big}) + "\\n")',
        'sys.stdout.flush()',
        'kc.stop_channels(); km.shutdown_kernel(now=False)',
      ].join('\n');
      const out = execFileSync(PYTHON, ['-c', script], { env: home.env, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
      const answer = JSON.parse(out.split('\n').find((l) => l.startsWith('{'))!);
      expect(answer.status).toBe('ok');
      expect(answer.blocking).toEqual([true, true]);
      expect(answer.big).toHaveLength(2_000_000);
    } finally {
      home.remove();
    }
  });
});

describe.skipIf(skipWithoutJupyter)('a client that dies', () => {
  it('a kernel whose client exits without shutting it down stops by itself', async () => {
    const home = new JupyterHome();
    home.installKernel();
    try {
      // A client that starts the kernel through KernelManager, prints its pid, and dies without a word.
      const script = 'import os\nfrom jupyter_client.manager import KernelManager\nkm = KernelManager(kernel_name="kernelbook")\nkm.start_kernel()\nkc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)\nprint(km.provisioner.process.pid, flush=True)\nos._exit(0)';
      const pid = Number(execFileSync(PYTHON, ['-c', script], { env: home.env, encoding: 'utf8' }).trim());
      expect(pid).toBeGreaterThan(0);
      while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(isRunning(pid)).toBe(false);
    } finally {
      home.remove();
    }
  });
});

/** Alive and not a zombie (an exited kernel whose new parent has not reaped it yet has stopped all the same). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}
