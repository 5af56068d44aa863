// `kernelbook convert FILE --to ipynb|notebook [-o OUT]`: .notebook <-> Jupyter
// .ipynb. Reading and writing are pure functions in kernel/format; this module
// is only arguments, files and messages.

import { extname } from 'node:path';
import { atomicWriteFile } from '../format/atomic-write.js';
import { formatNotebook, readNotebookFile, type FileFormat as Format } from '../format/files.js';

const USAGE = `usage: kernelbook convert FILE --to ipynb|notebook [-o OUT]

  FILE        a .notebook (or Notebook Kit .html) file, or a Jupyter .ipynb
  --to        the format to write; defaults to the other one
  -o, --output OUT
              where to write; defaults to FILE with the new extension; - for stdout
`;

interface Options {
  file: string;
  to?: Format;
  output?: string;
}

class UsageError extends Error {}

export async function convert(argv: string[]): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      if (!error.message) { process.stdout.write(USAGE); return 0; }
      process.stderr.write(`kernelbook convert: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  try {
    return await convertFile(options);
  } catch (error) {
    // Bad input (unreadable file, malformed notebook, invalid JSON) is reported, not thrown.
    process.stderr.write(`kernelbook convert: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function convertFile(options: Options): Promise<number> {
  const { notebook, format: from, warnings } = await readNotebookFile(options.file);
  const to = options.to ?? (from === 'ipynb' ? 'notebook' : 'ipynb');
  const output = options.output ?? replaceExtension(options.file, to === 'ipynb' ? '.ipynb' : '.notebook');
  const text = formatNotebook(notebook, to);
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  if (output === '-') {
    process.stdout.write(text);
  } else {
    await atomicWriteFile(output, text);
    const n = notebook.cells.length;
    process.stdout.write(`wrote ${output} (${n} cell${n === 1 ? '' : 's'})\n`);
  }
  return 0;
}

function parseArguments(argv: string[]): Options {
  const files: string[] = [];
  let to: string | undefined, output: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '-h' || flag === '--help') throw new UsageError('');
    else if (flag === '--to') to = value();
    else if (flag === '-o' || flag === '--output') output = value();
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new UsageError(files.length ? `expected one FILE, got ${files.length}` : 'missing FILE');
  if (to !== undefined && to !== 'ipynb' && to !== 'notebook') throw new UsageError(`--to must be ipynb or notebook, not ${JSON.stringify(to)}`);
  return { file: files[0], to: to as Format | undefined, output };
}

function replaceExtension(file: string, extension: string): string {
  const ext = extname(file);
  return (ext ? file.slice(0, -ext.length) : file) + extension;
}
