// `kernelbook jupyter install | uninstall | kernel` as commands, and what
// Jupyter's own KernelSpecManager finds after an install.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JupyterHome, PYTHON, skipWithoutJupyter } from '../helpers/jupyter.js';

const homes: JupyterHome[] = [];
afterEach(() => { while (homes.length) homes.pop()!.remove(); });
function home(): JupyterHome {
  const h = new JupyterHome();
  homes.push(h);
  return h;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
const kernelbook = (h: JupyterHome, ...args: string[]) => run(process.execPath, ['dist/bin/kernelbook.js', 'jupyter', ...args], h.env);
const python = (h: JupyterHome, code: string) => run(PYTHON, ['-c', code], h.env);
const specDir = (kernels: string) => join(kernels, 'kernelbook');

describe('kernelbook jupyter install', () => {
  it('--prefix DIR writes DIR/share/jupyter/kernels/kernelbook/kernel.json: argv ends in {connection_file}, message interrupts, icons', async () => {
    const h = home();
    const { code, stdout } = await kernelbook(h, 'install', '--prefix', h.dir);
    expect(code).toBe(0);
    const dir = specDir(join(h.dir, 'share', 'jupyter', 'kernels'));
    expect(stdout.split('\n')[0]).toBe(`installed the kernelbook kernelspec in ${dir}`);
    expect(stdout).toContain(`JUPYTER_PATH=${join(h.dir, 'share', 'jupyter')}`);
    const spec = JSON.parse(readFileSync(join(dir, 'kernel.json'), 'utf8'));
    expect(spec).toEqual({
      argv: [process.execPath, join(process.cwd(), 'dist', 'bin', 'kernelbook.js'), 'jupyter', 'kernel', '--connection-file', '{connection_file}'],
      display_name: 'Kernelbook (JavaScript)', language: 'javascript', interrupt_mode: 'message', metadata: { kernelbook: { version: expect.any(String) } },
    });
    expect(readFileSync(join(dir, 'logo-svg.svg'), 'utf8')).toMatch(/^<svg xmlns/);
    for (const size of [32, 64]) {
      const png = readFileSync(join(dir, `logo-${size}x${size}.png`));
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it.skipIf(skipWithoutJupyter)('Jupyter\'s KernelSpecManager finds the installed spec as written', async () => {
    const h = home();
    await kernelbook(h, 'install', '--prefix', h.dir);
    const { stdout } = await python(h, 'import json; from jupyter_client.kernelspec import KernelSpecManager as M; s = M().get_kernel_spec("kernelbook"); print(json.dumps([s.display_name, s.language, s.interrupt_mode, s.argv[-1]]))');
    expect(JSON.parse(stdout)).toEqual(['Kernelbook (JavaScript)', 'javascript', 'message', '{connection_file}']);
  });

  it('--user (the default) writes into Jupyter\'s user data directory', async () => {
    const h = home();
    expect((await kernelbook(h, 'install')).code).toBe(0);
    expect(existsSync(join(specDir(join(h.env.JUPYTER_DATA_DIR!, 'kernels')), 'kernel.json'))).toBe(true);
    expect((await kernelbook(h, 'install', '--user')).code).toBe(0);
  });

  it('--sys-prefix writes into the active virtual environment, else into the prefix $PYTHON reports', async () => {
    const h = home();
    const venv = join(h.dir, 'venv');
    expect((await run(process.execPath, ['dist/bin/kernelbook.js', 'jupyter', 'install', '--sys-prefix'], { ...h.env, VIRTUAL_ENV: venv })).code).toBe(0);
    expect(existsSync(join(venv, 'share', 'jupyter', 'kernels', 'kernelbook', 'kernel.json'))).toBe(true);
    // A stand-in Python that only knows its sys.prefix.
    const fakePython = join(h.dir, 'fake-python');
    const prefix = join(h.dir, 'python-prefix');
    writeFileSync(fakePython, `#!/bin/sh\necho ${prefix}\n`);
    chmodSync(fakePython, 0o755);
    const env = { ...h.env, PYTHON: fakePython };
    delete env.VIRTUAL_ENV;
    delete env.CONDA_PREFIX;
    expect((await run(process.execPath, ['dist/bin/kernelbook.js', 'jupyter', 'install', '--sys-prefix'], env)).code).toBe(0);
    expect(existsSync(join(prefix, 'share', 'jupyter', 'kernels', 'kernelbook', 'kernel.json'))).toBe(true);
  });

  it('bad arguments are usage errors (exit 2) that say what is wrong', async () => {
    const h = home();
    expect(await kernelbook(h, 'install', '--user', '--prefix', h.dir)).toMatchObject({ code: 2, stderr: expect.stringMatching(/at most one of --user, --prefix DIR, --sys-prefix/) });
    expect(await kernelbook(h, 'install', '--prefix')).toMatchObject({ code: 2, stderr: expect.stringMatching(/--prefix needs a directory/) });
    expect(await kernelbook(h, 'install', '--global')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown option --global/) });
    expect(await kernelbook(h, 'launch')).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown command 'launch'/) });
    expect(await kernelbook(h, 'kernel')).toMatchObject({ code: 2, stderr: expect.stringMatching(/needs --connection-file FILE/) });
  });
});

describe('kernelbook jupyter uninstall', () => {
  it('removes the spec from the location given, and says when there is none', async () => {
    const h = home();
    await kernelbook(h, 'install', '--prefix', h.dir);
    const dir = specDir(join(h.dir, 'share', 'jupyter', 'kernels'));
    expect(await kernelbook(h, 'uninstall', '--prefix', h.dir)).toMatchObject({ code: 0, stdout: `removed ${dir}\n` });
    expect(existsSync(dir)).toBe(false);
    expect(await kernelbook(h, 'uninstall', '--prefix', h.dir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/no kernelbook kernelspec in/) });
  });

  it('without a location, removes it from every directory Jupyter searches, but never a "kernelbook" spec that is not ours', async () => {
    const h = home();
    await kernelbook(h, 'install', '--user');
    await kernelbook(h, 'install', '--prefix', h.dir);
    const foreign = join(h.dir, 'other', 'kernels', 'kernelbook');
    mkdirSync(foreign, { recursive: true });
    writeFileSync(join(foreign, 'kernel.json'), JSON.stringify({ argv: ['someone-else'], display_name: 'Another', language: 'x' }));
    const env = { ...h.env, JUPYTER_PATH: [join(h.dir, 'share', 'jupyter'), join(h.dir, 'other')].join(':') };
    const { code, stdout, stderr } = await run(process.execPath, ['dist/bin/kernelbook.js', 'jupyter', 'uninstall'], env);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').sort()).toEqual([
      `removed ${specDir(join(h.env.JUPYTER_DATA_DIR!, 'kernels'))}`,
      `removed ${specDir(join(h.dir, 'share', 'jupyter', 'kernels'))}`,
    ].sort());
    expect(stderr).toContain(`left ${foreign}: it is not Kernelbook's kernelspec`);
    expect(existsSync(join(foreign, 'kernel.json'))).toBe(true);
  });
});

describe('kernelbook jupyter kernel', () => {
  it('a malformed connection file is a clear error, exit 1', async () => {
    const h = home();
    const file = join(h.dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ transport: 'tcp', ip: '127.0.0.1', key: 'k', shell_port: 'one' }));
    const { code, stderr } = await kernelbook(h, 'kernel', '--connection-file', file);
    expect(code).toBe(1);
    expect(stderr).toMatch(/shell_port must be a port number, found "one"; control_port must be a port number/);
  });

  it.skipIf(skipWithoutJupyter)('on a connection file that does not exist, writes one (owner-only) that a client can connect with', async () => {
    const h = home();
    const file = join(h.dir, 'kernel-new.json');
    const kernel = spawn(process.execPath, ['dist/bin/kernelbook.js', 'jupyter', 'kernel', '--connection-file', file], { env: h.env });
    let log = '';
    kernel.stderr.on('data', (chunk) => { log += chunk; });
    const exited = new Promise<number | null>((resolve) => kernel.once('exit', resolve));
    while (!/wrote /.test(log)) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const info = JSON.parse(readFileSync(file, 'utf8'));
    expect(info).toMatchObject({ transport: 'tcp', ip: '127.0.0.1', signature_scheme: 'hmac-sha256', key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(info.shell_port).toBeGreaterThan(0);
    const client = `
import json
from jupyter_client import BlockingKernelClient
kc = BlockingKernelClient(connection_file=${JSON.stringify(file)})
kc.load_connection_file()
kc.start_channels()
kc.wait_for_ready(timeout=60)
reply = kc.execute_interactive("6 * 7", output_hook=lambda m: print(json.dumps(m["content"].get("data", {}).get("text/plain"))) if m["msg_type"] == "execute_result" else None, timeout=60)
print(json.dumps(reply["content"]["status"]))
kc.shutdown()
`;
    const { stdout } = await python(h, client);
    expect(stdout.trim().split('\n').map((l) => JSON.parse(l))).toEqual(['42', 'ok']);
    expect(await exited).toBe(0);
  });
});
