// jupyter console (Debian's jupyter-console) on the installed kernel: fed
// through a pipe with its simple prompt, and typed into under tmux with its
// full prompt, where a multi-line cell depends on is_complete.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JupyterHome, PYTHON, skipWithoutJupyter } from '../helpers/jupyter.js';

const hasConsole = spawnSync(PYTHON, ['-c', 'import jupyter_console'], { stdio: 'ignore' }).status === 0;
const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
// Under CI both are installed by .ci/system-deps; elsewhere these tests need them.
const required = !!process.env.KERNELBOOK_REQUIRE_JUPYTER;
const plain = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

const homes: JupyterHome[] = [];
const servers: string[] = [];
afterEach(() => {
  // A tmux server outlives a test that failed or timed out unless it is ended here.
  for (const socket of servers.splice(0)) spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  while (homes.length) homes.pop()!.remove();
});
function installed(): JupyterHome {
  const home = new JupyterHome();
  homes.push(home);
  home.installKernel();
  return home;
}

describe.skipIf(skipWithoutJupyter || (!hasConsole && !required))('jupyter console', () => {
  it('through a pipe: results with Out[n], streams, errors, and a redefinition\'s note', async () => {
    const home = installed();
    const input = [
      'const k = 3',
      'k * 2',
      'engine.depthwiseConv2d(engine.tensor([2, 5, 3, 3, 8, 2, 6, 1, 1, 2, 5, 4, 7, 9, 2, 3, -1, 3], [1, 3, 3, 2]), engine.tensor([3, 1, -2, 2, -1, -3, 4, 5], [2, 2, 2, 1]), {padding: "valid"}).toArray()',
      'nope + 1',
      'console.log("hello from a cell")',
      'const k = 4',
      '',
    ].join('\n');
    const console = spawn(PYTHON, ['-m', 'jupyter_console', '--kernel', 'kernelbook', '--simple-prompt'], { env: home.env });
    let out = '';
    console.stdout.on('data', (chunk) => { out += chunk; });
    console.stderr.on('data', (chunk) => { out += chunk; });
    const code = new Promise((resolve) => console.once('exit', resolve));
    console.stdin.end(input);
    expect(await code).toBe(0);
    const text = plain(out);
    expect(text).toContain('Kernelbook');
    expect(text).toMatch(/In \[2\]: 6\n/);
    expect(text).toContain('Out[3]: [[[[-2, 18], [12, 21]], [[17, -7], [-13, 16]]]]');
    expect(text).toContain('ReferenceError: nope is not defined');
    expect(text).toContain('hello from a cell');
    expect(text).not.toMatch(/Out\[5\]/);
    expect(text).toContain('k redefined (was In [1]); re-ran In [2]');
    // The console shuts its kernel down on exit, and the kernel exits cleanly.
    expect(text).toContain('[kernelbook kernel] stopped');
  });

  it.skipIf(!hasTmux && !required)('typed under tmux: a multi-line cell continues while is_complete says incomplete, then runs', async () => {
    const home = installed();
    // The server's socket lives in the test's own directory, and goes with it.
    const socket = join(home.dir, 'tmux.sock');
    servers.push(socket);
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', env: home.env });
    const screen = () => plain(tmux('capture-pane', '-p', '-S', '-100'));
    // Polls the screen; gives up with what the screen shows rather than at the test's timeout with nothing.
    const waitFor = async (pattern: RegExp) => {
      for (let tries = 0; !pattern.test(screen()); tries++) {
        if (tries > 400) throw new Error(`the console never showed ${pattern}; the screen:\n${screen()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const env = ['JUPYTER_PATH', 'JUPYTER_DATA_DIR', 'JUPYTER_RUNTIME_DIR', 'JUPYTER_CONFIG_DIR', 'IPYTHONDIR'].map((n) => `${n}=${home.env[n]}`);
    // The console goes with the tmux server (afterEach); its kernel notices its parent is gone and stops (see lifecycle.test.ts).
    tmux('new-session', '-d', '-x', '120', '-y', '50', 'env', ...env, PYTHON, '-m', 'jupyter_console', '--kernel', 'kernelbook');
    await waitFor(/In \[1\]:\s*$/m);
    tmux('send-keys', 'for (let i = 0; i < 2; i++) {', 'Enter');
    await waitFor(/^\s+\.\.\.:/m);
    tmux('send-keys', 'console.log("row", i * 10)', 'Enter');
    await waitFor(/console\.log\("row", i \* 10\)\n\s+\.\.\.:/);
    tmux('send-keys', '}', 'Enter');
    await waitFor(/In \[2\]:\s*$/m);
    const text = screen();
    expect(text).toMatch(/row 0\nrow 10\n/);
    expect(text).not.toMatch(/did not respond to an is_complete_request/);
  });
});
