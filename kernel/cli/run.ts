// `kernelbook run FILE.notebook [more files] [--json] [--html OUT.html] [--set name=value] [--timeout ms]`
// Runs each notebook headless and exits 0 only if every cell succeeded.
import { writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { renderHtml } from '../runner/html.js';
import { readNotebook } from '../runner/read.js';
import { runNotebook } from '../runner/run.js';
import { cellLine } from '../runner/summary.js';

const USAGE = 'usage: kernelbook run FILE.notebook [more files] [--json] [--html OUT.html] [--set name=value] [--timeout ms]\n';

interface Args {
  files: string[];
  json: boolean;
  html?: string;
  overrides: Record<string, unknown>;
  timeoutMs?: number;
}

export function parseRunArgs(argv: string[]): Args {
  const args: Args = { files: [], json: false, overrides: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') && arg.startsWith('--') && !arg.startsWith('--set') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${arg.split('=')[0]} needs a value`);
      return v;
    };
    if (arg === '--json') args.json = true;
    else if (arg === '--html' || arg.startsWith('--html=')) args.html = value();
    else if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      const ms = Number(value());
      if (!Number.isFinite(ms) || ms <= 0) throw new Error(`--timeout: expected a positive number of milliseconds`);
      args.timeoutMs = ms;
    } else if (arg === '--set' || arg.startsWith('--set=')) {
      const pair = arg === '--set' ? argv[++i] : arg.slice('--set='.length);
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq < 1) throw new Error(`--set: expected name=value, got ${pair === undefined ? 'nothing' : JSON.stringify(pair)}`);
      args.overrides[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else args.files.push(arg);
  }
  if (!args.files.length) throw new Error('no notebook given');
  return args;
}

/** A --set value is JSON when it parses as JSON, a string otherwise. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** With several notebooks, --html out.html writes out-<name>.html for each. */
function htmlPath(out: string, file: string, many: boolean): string {
  if (!many) return out;
  const ext = extname(out) || '.html';
  return `${out.slice(0, out.length - extname(out).length)}-${basename(file, extname(file))}${ext}`;
}

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let args: Args;
  try {
    args = parseRunArgs(argv);
  } catch (error) {
    process.stderr.write(`kernelbook run: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  // `kernelbook run … | head` closes stdout early; that is not an error of the notebook.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => { if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw error; });
  const tty = process.stderr.isTTY === true;
  let failed = false;
  for (const file of args.files) {
    let notebook;
    try {
      notebook = await readNotebook(file);
    } catch (error) {
      process.stderr.write(`kernelbook run: ${(error as Error).message}\n`);
      failed = true;
      continue;
    }
    // The parser recovers from some problems (unknown cell types, repaired ids) and says where.
    const warnings = (notebook as { warnings?: { line: number; message: string }[] }).warnings ?? [];
    for (const w of warnings) process.stderr.write(`${file}:${w.line}: warning: ${w.message}\n`);
    let shown = '';
    const onProgress = tty ? (done: number, total: number) => {
      const line = `\r${basename(file)}: ${done}/${total} cells`;
      if (line !== shown) process.stderr.write((shown = line));
    } : undefined;
    let report;
    try {
      report = await runNotebook(notebook, file, { overrides: args.overrides, timeoutMs: args.timeoutMs, onProgress });
    } catch (error) {
      process.stderr.write(`kernelbook run: ${file}: ${(error as Error).message}\n`);
      failed = true;
      continue;
    }
    if (tty) process.stderr.write('\r\x1b[K');
    if (args.json) process.stdout.write(`${JSON.stringify({ file: report.file, ok: report.ok, cells: report.cells })}\n`);
    else {
      process.stdout.write(`${file}\n`);
      for (const cell of report.cells) process.stdout.write(`  ${cellLine(cell, report.declared.get(cell.id))}\n`);
      const errors = report.cells.filter((c) => c.status === 'error').length;
      process.stdout.write(`  ${report.cells.length - errors} ok, ${errors} failed\n`);
    }
    if (args.html) {
      const out = htmlPath(args.html, file, args.files.length > 1);
      await writeFile(out, renderHtml(notebook, report));
      if (!args.json) process.stdout.write(`  wrote ${out}\n`);
    }
    failed ||= !report.ok;
  }
  return failed ? 1 : 0;
}
