// A failed cell as Jupyter's `error` content: ename, evalue and a traceback
// of lines (with ANSI colour, as IPython sends them) that shows the failing
// line of the cell in its context, the way a Python traceback points at it.
import type { CellError } from '../runtime/state.js';

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

const RED = '\x1b[0;31m';
const GREEN = '\x1b[0;32m';
const BOLD_RED = '\x1b[1;31m';
const RESET = '\x1b[0m';
/** Lines of context shown before and after the failing line. */
const CONTEXT = 2;

export function errorContent(error: CellError, source: string, label: string): ErrorContent {
  const { ename, evalue } = splitName(error.message);
  const traceback = [`${BOLD_RED}${ename}${RESET}: ${evalue}`];
  if (error.line !== undefined) {
    const lines = source.split('\n');
    traceback.push(`${GREEN}${label}${RESET}, line ${error.line}:`);
    const first = Math.max(1, error.line - CONTEXT);
    const last = Math.min(lines.length, error.line + CONTEXT);
    const width = String(last).length;
    for (let n = first; n <= last; n++) {
      const marker = n === error.line ? `${GREEN}---->${RESET} ${RED}${String(n).padStart(width)}${RESET}` : `      ${String(n).padStart(width)}`;
      traceback.push(`${marker} ${lines[n - 1]}`);
    }
  }
  return { ename, evalue, traceback };
}

/** "TypeError: x is not a function" splits into name and value; other messages are an Error's. */
export function splitName(message: string): { ename: string; evalue: string } {
  if (message === 'interrupted') return { ename: 'Interrupted', evalue: 'the execution was interrupted' };
  // The runtime reports a name no cell defines as a plain error; to JavaScript it is a ReferenceError.
  if (/^[\p{ID_Start}$_][\p{ID_Continue}$]* is not defined$/u.test(message)) return { ename: 'ReferenceError', evalue: message };
  const match = /^([A-Z][\w$]*(?:Error|Exception)): ([\s\S]*)$/.exec(message);
  return match ? { ename: match[1], evalue: match[2] } : { ename: 'Error', evalue: message };
}
