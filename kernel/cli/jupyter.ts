// `kernelbook jupyter install [--user | --prefix DIR | --sys-prefix]`,
// `kernelbook jupyter uninstall [same]` and
// `kernelbook jupyter kernel --connection-file FILE`: the Jupyter bridge's
// command line. Arguments and messages only; kernel/jupyter does the work.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Location } from '../jupyter/kernelspec.js';

const USAGE = `usage: kernelbook jupyter <command>

  install [--user | --prefix DIR | --sys-prefix]
              install the "kernelbook" kernelspec so Jupyter (JupyterLab, VS Code,
              jupyter console) can start this kernel; --user is the default
  uninstall [--user | --prefix DIR | --sys-prefix]
              remove it (without an option: from every directory Jupyter searches)
  kernel --connection-file FILE
              run the kernel (Jupyter starts it this way); a FILE that does not
              exist is written with fresh ports and key
`;

class UsageError extends Error {}

export async function jupyter(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'install': return await install(rest);
      case 'uninstall': return await uninstall(rest);
      case 'kernel': return await kernel(rest);
      case undefined: case '--help': case '-h': case 'help':
        process.stdout.write(USAGE);
        return command ? 0 : 2;
      default: throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kernelbook jupyter: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`kernelbook jupyter ${command}: ${(error as Error).message}\n`);
    return 1;
  }
}

/** --user, --prefix DIR (or --prefix=DIR) or --sys-prefix; at most one. */
export function parseLocation(argv: string[]): Location | null {
  const locations: Location[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--user') locations.push({ kind: 'user' });
    else if (arg === '--sys-prefix') locations.push({ kind: 'sys-prefix' });
    else if (arg === '--prefix' || arg.startsWith('--prefix=')) {
      const dir = arg === '--prefix' ? argv[++i] : arg.slice('--prefix='.length);
      if (!dir) throw new UsageError('--prefix needs a directory');
      locations.push({ kind: 'prefix', dir });
    } else throw new UsageError(`unknown option ${arg}`);
  }
  if (locations.length > 1) throw new UsageError('give at most one of --user, --prefix DIR, --sys-prefix');
  return locations[0] ?? null;
}

async function install(argv: string[]): Promise<number> {
  const location = parseLocation(argv) ?? { kind: 'user' };
  const { installKernelSpec } = await import('../jupyter/install.js');
  const { currentEnvironment } = await import('../jupyter/kernelspec.js');
  const dir = await installKernelSpec({ location, environment: currentEnvironment(), node: process.execPath, script: script(), version: version() });
  process.stdout.write(`installed the kernelbook kernelspec in ${dir}\n`);
  if (location.kind === 'prefix') process.stdout.write(`Jupyter finds it where ${location.dir} is its environment's prefix, or with JUPYTER_PATH=${join(location.dir, 'share', 'jupyter')}\n`);
  process.stdout.write('open it with: jupyter lab (Launcher → Kernelbook (JavaScript)), jupyter console --kernel kernelbook, or VS Code\'s Select Kernel\n');
  return 0;
}

async function uninstall(argv: string[]): Promise<number> {
  const location = parseLocation(argv);
  const { uninstallKernelSpec } = await import('../jupyter/install.js');
  const { currentEnvironment } = await import('../jupyter/kernelspec.js');
  const result = await uninstallKernelSpec(location, currentEnvironment());
  for (const dir of result.removed) process.stdout.write(`removed ${dir}\n`);
  for (const dir of result.foreign) process.stderr.write(`left ${dir}: it is not Kernelbook's kernelspec\n`);
  if (!result.removed.length) {
    process.stderr.write(`kernelbook jupyter uninstall: no kernelbook kernelspec in ${result.searched.join(', ')}\n`);
    return 1;
  }
  return 0;
}

async function kernel(argv: string[]): Promise<number> {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--connection-file' || arg === '-f') file = argv[++i];
    else if (arg.startsWith('--connection-file=')) file = arg.slice('--connection-file='.length);
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (!file) throw new UsageError('kernel needs --connection-file FILE');
  // A bad file is reported before the kernel's heavier modules load.
  const { readConnectionFile } = await import('../jupyter/connection.js');
  const connection = await readConnectionFile(file);
  const { serve } = await import('../jupyter/server.js');
  const code = await serve({ connectionFile: file, connection, version: version() });
  // Generators, timers or engine workers a cell left behind must not keep a shut-down kernel alive.
  process.exit(code);
}

/** The kernelbook command's script, which the kernelspec runs with Node. */
function script(): string {
  return join(packageRoot(), 'dist', 'bin', 'kernelbook.js');
}

function version(): string {
  return JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')).version;
}

/** The directory of Kernelbook's package.json, found upwards from this module (dist/kernel/cli or kernel/cli). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !/"name":\s*"kernelbook"/.test(readFileSync(join(dir, 'package.json'), 'utf8'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find Kernelbook\'s package.json');
    dir = parent;
  }
  return dir;
}
