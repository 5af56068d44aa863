// `kernelbook serve [FILE|DIR] [--port N]`: the workbook in a browser tab. Serves
// DIR (or FILE's folder, opening FILE first) with the file API, on 127.0.0.1,
// and prints the URL to open; the token in it is new at every start.
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { servedFolder } from '../access.js';
import { openWorkspace } from '../open-workspace.js';
import { rendererDir } from '../package-root.js';
import { walkthroughsDir } from '../walkthroughs.js';
import { startServer, type RunningServer } from '../serve/server.js';

const USAGE = `usage: kernelbook serve [FILE|DIR] [--port N]

  FILE        a .notebook or .ipynb to open; its folder is served
  DIR         the folder to serve (default: the current folder)
  --port N    the port on 127.0.0.1 (default ${8750}; another free one if that is taken; 0: any)

Prints the URL to open. Only this machine can connect, and only with the URL's token.
`;

export const DEFAULT_PORT = 8750;

class UsageError extends Error {}

interface Options { target: string; port: number | null }

function parseArguments(argv: string[]): Options {
  let target: string | undefined;
  let port: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    if (arg === '--port' || arg.startsWith('--port=')) {
      const value = arg === '--port' ? argv[++i] : arg.slice('--port='.length);
      if (value === undefined || !/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port needs a number from 0 to 65535 (got ${value ?? 'nothing'})`);
      port = Number(value);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option ${arg}`);
    } else if (target === undefined) {
      target = arg;
    } else {
      throw new UsageError(`one FILE or DIR only (got ${target} and ${arg})`);
    }
  }
  return { target: target ?? '.', port };
}

/** Starts serving; resolves with the running server (the process stays up until a signal). */
export async function startServe(argv: string[], log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<RunningServer> {
  const options = parseArguments(argv);
  const target = resolve(options.target);
  const info = await stat(target).catch(() => null);
  if (!info) throw new Error(`${options.target}: no such file or folder`);
  const root = info.isDirectory() ? target : dirname(target);
  const initialPath = info.isDirectory() ? null : basename(target);
  // The walkthroughs are offered by the page's Help wherever the served folder is.
  const workspace = await openWorkspace(servedFolder(root, { walkthroughs: walkthroughsDir() }), { initialPath });
  let running: RunningServer;
  try {
    running = await startServer({ workspace, rendererDir: rendererDir(), port: options.port ?? DEFAULT_PORT });
  } catch (error) {
    // The default port taken (another serve running?): any free port will do. A port the user chose is theirs to change.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    if (options.port !== null) throw new Error(`port ${options.port} is in use: choose another with --port N (0 picks a free one)`);
    running = await startServer({ workspace, rendererDir: rendererDir(), port: 0 });
  }
  log(`kernelbook serve: ${root}${initialPath ? ` (opening ${initialPath})` : ''}`);
  log(`  ${running.url}`);
  log('Open that URL in a browser. Ctrl+C stops the server.');
  return running;
}

export async function serve(argv: string[]): Promise<number> {
  let running: RunningServer;
  try {
    running = await startServe(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (!error.message) { process.stdout.write(USAGE); return 0; }
      process.stderr.write(`kernelbook serve: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`kernelbook serve: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  await new Promise<void>((resolveStop) => {
    const stop = () => { void running.close().then(resolveStop); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
