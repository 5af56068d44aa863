// The Jupyter bridge's tests drive the kernel with Jupyter's own Python
// client (Debian's python3-jupyter-client) through test/jupyter/driver.py.
// On a developer's machine without it they skip; under CI (.ci/run installs
// it and sets KERNELBOOK_REQUIRE_JUPYTER) a missing client fails them, so a
// broken install step cannot pass as green.
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's Python, where apt puts jupyter_client (`python3` on PATH may be another one). */
export const PYTHON = process.env.KERNELBOOK_PYTHON ?? '/usr/bin/python3';

const hasClient = spawnSync(PYTHON, ['-c', 'import jupyter_client'], { stdio: 'ignore' }).status === 0;
export const skipWithoutJupyter = !hasClient && !process.env.KERNELBOOK_REQUIRE_JUPYTER;

const CLI = 'dist/bin/kernelbook.js';

export interface IOPubMessage {
  type: string;
  content: Record<string, any>;
}

export interface RequestResult {
  reply: { type: string; content: Record<string, any> };
  iopub: IOPubMessage[];
  msg_id: string;
}

/** A temporary Jupyter installation: the kernelspec in a prefix of its own, and every Jupyter directory beside it. */
export class JupyterHome {
  readonly dir = mkdtempSync(join(tmpdir(), 'kernelbook-jupyter-'));
  readonly env: NodeJS.ProcessEnv;

  constructor() {
    if (!existsSync(CLI)) throw new Error('the CLI is not built: run `npm run build` first');
    this.env = {
      ...process.env,
      JUPYTER_PATH: join(this.dir, 'share', 'jupyter'),
      JUPYTER_DATA_DIR: join(this.dir, 'data'),
      JUPYTER_RUNTIME_DIR: join(this.dir, 'runtime'),
      JUPYTER_CONFIG_DIR: join(this.dir, 'config'),
      IPYTHONDIR: join(this.dir, 'ipython'),
      JUPYTER_PLATFORM_DIRS: '1',
    };
  }

  kernelbook(...args: string[]): string {
    return execFileSync(process.execPath, [CLI, ...args], { env: this.env, encoding: 'utf8' });
  }

  installKernel(): void {
    this.kernelbook('jupyter', 'install', '--prefix', this.dir);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** jupyter_client's KernelManager and BlockingKernelClient on a kernel started from the installed kernelspec. */
export class JupyterDriver {
  readonly home: JupyterHome;
  readonly stderrPath: string;
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #answers: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  #log = '';
  #dead: Error | null = null;

  private constructor(home: JupyterHome) {
    this.home = home;
    this.stderrPath = join(home.dir, 'kernel-stderr.log');
    this.#process = spawn(PYTHON, ['test/jupyter/driver.py'], { env: home.env });
    this.#process.stderr.on('data', (chunk) => { this.#log += chunk; });
    // Writing to a driver that is gone fails here too; the exit handler below reports it.
    this.#process.stdin.on('error', () => {});
    createInterface({ input: this.#process.stdout }).on('line', (line) => this.#answers.shift()?.resolve(line));
    // A missing Python or client fails every call at once, saying so, instead of leaving it to a timeout.
    this.#process.on('error', (error) => this.#fail(new Error(`cannot run Jupyter's Python client with ${PYTHON}: ${error.message} (install python3-jupyter-client; .ci/system-deps does)`)));
    this.#process.on('exit', (code) => this.#fail(new Error(`test/jupyter/driver.py exited with ${code}:\n${this.#log}`)));
  }

  #fail(error: Error): void {
    this.#dead ??= error;
    for (const answer of this.#answers.splice(0)) answer.reject(this.#dead);
  }

  /** Installs the kernelspec in a fresh JupyterHome and starts the kernel `kernel` names (the one installed, by default). */
  static async start(options: { kernel?: string } = {}): Promise<JupyterDriver> {
    const home = new JupyterHome();
    home.installKernel();
    const driver = new JupyterDriver(home);
    try {
      await driver.call({ op: 'start', kernel: options.kernel ?? 'kernelbook', stderr: driver.stderrPath });
    } catch (error) {
      await driver.close();
      throw error;
    }
    return driver;
  }

  /** One command to driver.py; its answer, or an error carrying the driver's trace. */
  call(command: Record<string, unknown>): Promise<any> {
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => {
      this.#answers.push({
        resolve: (line) => {
          let answer;
          try {
            answer = JSON.parse(line);
          } catch (error) {
            return reject(new Error(`driver.py answered with a line that is not JSON (${(error as Error).message}), ${line.length} characters`));
          }
          if (answer.error) reject(new Error(`${answer.error}\n${answer.trace}\n${this.#log}\nkernel stderr:\n${this.kernelLog()}`));
          else resolve(answer);
        },
        reject,
      });
      this.#process.stdin.write(`${JSON.stringify(command)}\n`);
    });
  }

  execute(code: string, options: Record<string, unknown> = {}): Promise<RequestResult> {
    return this.call({ op: 'execute', code, ...options });
  }

  request(type: string, content: Record<string, unknown> = {}): Promise<RequestResult> {
    return this.call({ op: 'request', type, content });
  }

  kernelLog(): string {
    return existsSync(this.stderrPath) ? readFileSync(this.stderrPath, 'utf8') : '';
  }

  async close(): Promise<void> {
    if (this.#process.exitCode === null && !this.#dead) {
      const exited = new Promise((resolve) => this.#process.once('exit', resolve));
      this.#process.stdin.end();
      await exited;
    }
    this.home.remove();
  }
}

/** The outputs of a request: IOPub messages other than status and execute_input. */
export function outputs(result: RequestResult): IOPubMessage[] {
  return result.iopub.filter((m) => m.type !== 'status' && m.type !== 'execute_input');
}

/** The text/plain of each output that has one. */
export function texts(result: RequestResult): string[] {
  return outputs(result).map((m) => m.content.data?.['text/plain'] ?? m.content.text).filter((t): t is string => t !== undefined);
}
