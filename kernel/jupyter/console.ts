// console.log and its kin in a cell become stream output: log, info and
// debug on stdout, warn, error and trace on stderr. Values are written the
// way the kernel shows them (a Tensor in TensorFlow's layout), and printf
// patterns ("%d items") work as in Node. Node's own Console does the rest
// (table, group, count, time, assert).
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { format } from 'node:util';
import { inspect } from '../views/index.js';
import type { StreamName } from './iopub.js';

export function streamConsole(write: (name: StreamName, text: string) => void): Console {
  const sink = (name: StreamName) => new Writable({
    write(chunk, _encoding, done) {
      write(name, chunk.toString());
      done();
    },
  });
  const console = new Console({ stdout: sink('stdout'), stderr: sink('stderr'), colorMode: false });
  for (const method of ['log', 'info', 'debug', 'warn', 'error'] as const) {
    const base = console[method].bind(console);
    console[method] = (...args: unknown[]) => base(text(args));
  }
  return console;
}

function text(args: unknown[]): string {
  if (typeof args[0] === 'string' && /%[sdifjoOc]/.test(args[0])) return format(...args);
  return args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
}
