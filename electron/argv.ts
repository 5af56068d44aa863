// Which notebook the app was asked to open from a command line: `electron .
// FILE`, a packaged `kernelbook FILE`, or the OS handing over a double-clicked
// .notebook (file association). Flags and the app's own path are skipped.
import { isAbsolute, resolve } from 'node:path';
import { isOpenableName } from '../host/notebook-names.js';

export function notebookFromArgv(argv: readonly string[], cwd: string): string | null {
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    if (isOpenableName(arg)) return isAbsolute(arg) ? arg : resolve(cwd, arg);
  }
  return null;
}
