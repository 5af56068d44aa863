// Installing and removing the kernelspec directory: kernel.json and the
// launcher icons, written where Jupyter (JupyterLab, VS Code, jupyter
// console) looks for kernels.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kernelJson, kernelsDir, KERNELSPEC, searchPath, type Environment, type Location } from './kernelspec.js';
import { logoPng, logoSvg } from './logo.js';

export interface InstallOptions {
  location: Location;
  environment: Environment;
  /** Node and the kernelbook script the kernel runs with. */
  node: string;
  script: string;
  version: string;
}

/** Writes the kernelspec (replacing an earlier one); returns its directory. */
export async function installKernelSpec(options: InstallOptions): Promise<string> {
  const dir = join(kernelsDir(options.location, options.environment), KERNELSPEC.name);
  await mkdir(dir, { recursive: true });
  const spec = kernelJson(options.node, options.script, options.version);
  await writeFile(join(dir, 'kernel.json'), `${JSON.stringify(spec, null, 1)}\n`);
  await writeFile(join(dir, 'logo-svg.svg'), logoSvg());
  await writeFile(join(dir, 'logo-32x32.png'), logoPng(32));
  await writeFile(join(dir, 'logo-64x64.png'), logoPng(64));
  return dir;
}

export interface UninstallResult {
  removed: string[];
  /** Directories named kernelbook that are not this kernel's spec, left alone. */
  foreign: string[];
  searched: string[];
}

/** Removes this kernel's spec from one location, or (location null) from every directory Jupyter searches. */
export async function uninstallKernelSpec(location: Location | null, environment: Environment): Promise<UninstallResult> {
  const searched = location ? [kernelsDir(location, environment)] : searchPath(environment);
  const result: UninstallResult = { removed: [], foreign: [], searched };
  for (const kernels of searched) {
    const dir = join(kernels, KERNELSPEC.name);
    let spec: unknown;
    try {
      spec = JSON.parse(await readFile(join(dir, 'kernel.json'), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      result.foreign.push(dir);
      continue;
    }
    if (!(spec as { metadata?: { kernelbook?: unknown } })?.metadata?.kernelbook) {
      result.foreign.push(dir);
      continue;
    }
    await rm(dir, { recursive: true, force: true });
    result.removed.push(dir);
  }
  return result;
}
