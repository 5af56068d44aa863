// The kernelspec: the kernel.json that tells Jupyter how to start this
// kernel, and the directories Jupyter looks for kernelspecs in. The name,
// language and display name are the ones `kernelbook convert` writes into
// .ipynb files, so a converted notebook opens on this kernel.
import { execFileSync } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KERNELSPEC } from '../format/ipynb.js';

export { KERNELSPEC };

export interface KernelJson {
  argv: string[];
  display_name: string;
  language: string;
  interrupt_mode: 'message';
  metadata: { kernelbook: { version: string } };
}

/**
 * kernel.json for a kernel run as `node <script> jupyter kernel --connection-file {connection_file}`.
 * The absolute path of Node is written in, because Jupyter front ends started
 * from a desktop launcher often have a PATH without it.
 */
export function kernelJson(node: string, script: string, version: string): KernelJson {
  return {
    argv: [node, script, 'jupyter', 'kernel', '--connection-file', '{connection_file}'],
    display_name: KERNELSPEC.display_name,
    language: KERNELSPEC.language,
    // Interrupts come as interrupt_request on the control channel, which works the same on every platform.
    interrupt_mode: 'message',
    // Marks the spec as ours, so uninstall never removes someone else's "kernelbook".
    metadata: { kernelbook: { version } },
  };
}

export type Location = { kind: 'user' } | { kind: 'prefix'; dir: string } | { kind: 'sys-prefix' };

export interface Environment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
  /** sys.prefix of the Python that runs Jupyter, asked only for --sys-prefix. */
  pythonPrefix: () => string;
}

export function currentEnvironment(): Environment {
  return { env: process.env, platform: process.platform, home: homedir(), pythonPrefix: () => askPythonPrefix(process.env) };
}

/** The `kernels` directory of a location, as jupyter_core computes it. */
export function kernelsDir(location: Location, environment: Environment): string {
  switch (location.kind) {
    case 'user': return join(userDataDir(environment), 'kernels');
    case 'prefix': return join(location.dir, 'share', 'jupyter', 'kernels');
    case 'sys-prefix': return join(sysPrefix(environment), 'share', 'jupyter', 'kernels');
  }
}

/** Every `kernels` directory Jupyter searches, most specific first (user, JUPYTER_PATH, environment, system). */
export function searchPath(environment: Environment): string[] {
  const { env, platform } = environment;
  const dirs = [userDataDir(environment)];
  const sep = platform === 'win32' ? ';' : ':';
  for (const dir of (env.JUPYTER_PATH ?? '').split(sep)) if (dir) dirs.push(dir);
  const prefix = env.CONDA_PREFIX ?? env.VIRTUAL_ENV;
  if (prefix) dirs.push(join(prefix, 'share', 'jupyter'));
  if (platform === 'win32') {
    if (env.PROGRAMDATA) dirs.push(join(env.PROGRAMDATA, 'jupyter'));
  } else {
    dirs.push('/usr/local/share/jupyter', '/usr/share/jupyter');
  }
  return [...new Set(dirs.map((d) => join(d, 'kernels')))];
}

function userDataDir({ env, platform, home }: Environment): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === 'darwin') return join(home, 'Library', 'Jupyter');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'jupyter');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'jupyter');
}

/** The active conda or virtual environment, else the prefix of the Python on PATH (or $PYTHON). */
function sysPrefix(environment: Environment): string {
  const { env } = environment;
  return env.CONDA_PREFIX || env.VIRTUAL_ENV || environment.pythonPrefix();
}

function askPythonPrefix(env: NodeJS.ProcessEnv): string {
  const python = env.PYTHON || (process.platform === 'win32' ? 'python' : 'python3');
  try {
    return execFileSync(python, ['-c', 'import sys; print(sys.prefix)'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(`--sys-prefix: cannot ask ${python} for its sys.prefix (${(error as Error).message.split('\n')[0]}); activate the environment Jupyter runs in, set PYTHON, or use --prefix DIR`);
  }
}
