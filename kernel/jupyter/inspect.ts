// inspect_request (Shift-Tab in JupyterLab, `name?` habits elsewhere): what
// the name at the cursor is. For a name the notebook declares, also which
// execution declares it and which ones read it: the dataflow a reactive
// session adds to an ordinary value.
import { inspect as show } from '../views/index.js';
import { isTensorLike } from '../views/inspect.js';
import { toUtf16, wordAt } from './cursor.js';
import { BUILTIN_HELP, type Scope } from './scope.js';
import type { JupyterSession } from './session.js';

export interface InspectReply {
  status: 'ok';
  found: boolean;
  data: Record<string, string>;
  metadata: Record<string, never>;
}

/** Source lines shown at detail level 0; level 1 shows the whole cell. */
const SOURCE_LINES = 6;

export async function inspectAt(code: string, cursorPos: number, detailLevel: number, scope: Scope, session: JupyterSession): Promise<InspectReply> {
  const word = wordAt(code, toUtf16(code, cursorPos), true);
  const none: InspectReply = { status: 'ok', found: false, data: {}, metadata: {} };
  if (!word || !word.name) return none;
  const path = [...word.path, word.name];
  const dotted = path.join('.');
  const resolved = await scope.resolve(path);
  const definition = path.length === 1 ? session.definition(word.name) : null;
  const help = path.length === 1 && session.isBuiltin(word.name) ? BUILTIN_HELP[word.name] : undefined;
  if (!resolved && !definition && !help) return none;
  const lines: string[] = [];
  if (resolved && resolved.value !== undefined) {
    lines.push(`${dotted}: ${typeName(resolved.value)}`);
    lines.push(typeof resolved.value === 'function' ? signature(resolved.value, word.name) : show(resolved.value));
  } else lines.push(dotted);
  if (help) lines.push(help);
  if (definition) {
    const source = definition.source.split('\n');
    const shown = detailLevel > 0 ? source : source.slice(0, SOURCE_LINES);
    lines.push('', `declared in ${definition.label}:`, ...shown.map((l) => `    ${l}`));
    if (shown.length < source.length) lines.push(`    … ${source.length - shown.length} more lines (inspect again for all)`);
    lines.push(definition.readers.length ? `read by ${definition.readers.join(', ')}` : 'read by no other execution');
  }
  return { status: 'ok', found: true, data: { 'text/plain': lines.join('\n') }, metadata: {} };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (isTensorLike(value)) return `Tensor [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (typeof value === 'function') return /^class\b/.test(Function.prototype.toString.call(value)) ? 'class' : 'function';
  if (typeof value !== 'object') return typeof value;
  return Object.getPrototypeOf(value)?.constructor?.name ?? 'Object';
}

/**
 * A function's parameter list as written, under the name it was reached by:
 * "depthwiseConv2d(x, filter, options = {})". (An arrow function's head is
 * only its parameters; a wrapper's own name says nothing to the reader.)
 */
function signature(fn: Function, name: string): string {
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}$/.test(source)) return `${name}(…) [native]`;
  const head = source.slice(0, headEnd(source)).replace(/\s+/g, ' ').trim();
  if (/^class\b/.test(head)) return head;
  const params = head.slice(head.indexOf('('));
  const async = /^async\b/.test(head) ? 'async ' : '';
  return head.includes('(') ? `${async}${name}${params}` : `${async}${name}(${head.replace(/^async\s+/, '').replace(/\s*=>$/, '')})`;
}

/** Where a function's head ends: the body's opening brace or the arrow, outside the parameters' brackets. */
function headEnd(source: string): number {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && (c === '{' || source.startsWith('=>', i))) return i;
  }
  return source.length;
}
