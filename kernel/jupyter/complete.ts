// complete_request: names that fit the word at the cursor. A plain word
// completes from what the notebook declares, the builtins, globals and
// keywords; `a.b.pa` completes from the properties of a.b's current value.
// Each match carries its kind for front ends that show one (JupyterLab reads
// _jupyter_types_experimental).
import { toCodePoints, toUtf16, wordAt } from './cursor.js';
import type { Scope } from './scope.js';

export interface CompleteReply {
  status: 'ok';
  matches: string[];
  cursor_start: number;
  cursor_end: number;
  metadata: { _jupyter_types_experimental?: { start: number; end: number; text: string; type: string }[] };
}

const KEYWORDS = ['async', 'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do', 'else',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let', 'new', 'null',
  'of', 'return', 'static', 'super', 'switch', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'yield'];

export async function complete(code: string, cursorPos: number, scope: Scope): Promise<CompleteReply> {
  const cursor = toUtf16(code, cursorPos);
  const word = wordAt(code, cursor);
  const reply: CompleteReply = { status: 'ok', matches: [], cursor_start: cursorPos, cursor_end: cursorPos, metadata: {} };
  if (!word) return reply;
  const candidates = new Map<string, string>();
  if (word.path.length) {
    const resolved = await scope.resolve(word.path);
    if (!resolved) return reply;
    for (const [name, type] of members(resolved.value)) candidates.set(name, type);
  } else {
    for (const { name, kind } of scope.names()) if (!candidates.has(name)) candidates.set(name, kind === 'declared' ? 'instance' : kind === 'builtin' ? 'module' : 'class');
    for (const keyword of KEYWORDS) if (!candidates.has(keyword)) candidates.set(keyword, 'keyword');
  }
  const matches = [...candidates.keys()].filter((n) => n.startsWith(word.name)).sort(byCase);
  const start = toCodePoints(code, word.start);
  const end = toCodePoints(code, word.end);
  reply.matches = matches;
  reply.cursor_start = start;
  reply.cursor_end = end;
  reply.metadata._jupyter_types_experimental = matches.map((text) => ({ start, end, text, type: candidates.get(text)! }));
  return reply;
}

/** Property names of a value, its prototypes' too (not Object's), with a kind for each. */
function members(value: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (value === null || value === undefined) return found;
  let object: object | null = typeof value === 'object' || typeof value === 'function' ? value : Object(value);
  for (let depth = 0; object && object !== Object.prototype && object !== Function.prototype && depth < 8; depth++) {
    for (const name of Object.getOwnPropertyNames(object)) {
      if (found.has(name) || name === 'constructor' || !/^[\p{ID_Start}$_][\p{ID_Continue}$]*$/u.test(name)) continue;
      found.set(name, kindOf(object, name));
    }
    object = Object.getPrototypeOf(object);
  }
  return found;
}

function kindOf(object: object, name: string): string {
  const descriptor = Object.getOwnPropertyDescriptor(object, name);
  if (!descriptor || descriptor.get) return 'property';
  const v = descriptor.value;
  if (typeof v === 'function') return /^class\b/.test(Function.prototype.toString.call(v)) || /^[A-Z]/.test(name) ? 'class' : 'function';
  return typeof v === 'object' && v !== null ? 'instance' : 'property';
}

/** Lower-case first-letter names after upper-case ones would split engine's ops from its classes; compare case-blind, then exactly. */
function byCase(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}
