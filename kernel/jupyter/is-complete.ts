// is_complete: whether the code typed so far is a whole cell (run it), needs
// more lines (a console shows a continuation prompt, indented by the
// brackets still open), or can never parse (run it anyway, to show the
// error). A parse error at the very end of the input means "more to come".
import { Parser, tokenizer } from 'acorn';

export type Completeness = { status: 'complete' | 'invalid' } | { status: 'incomplete'; indent: string };

const OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true } as const;
const INDENT = '  ';

export function isComplete(code: string): Completeness {
  const end = code.trimEnd().length;
  if (end === 0) return { status: 'complete' };
  try {
    Parser.parse(code, OPTIONS);
    return { status: 'complete' };
  } catch (error) {
    const { pos, message } = error as { pos?: number; message: string };
    // An unterminated template literal or comment runs to the end of the input whatever its start.
    const unterminated = /^Unterminated (template|comment)/.test(message);
    if (unterminated || (pos !== undefined && pos >= end)) return { status: 'incomplete', indent: INDENT.repeat(openBrackets(code)) };
    return { status: 'invalid' };
  }
}

/** How many ( [ { are open at the end of what tokenizes. */
function openBrackets(code: string): number {
  let depth = 0;
  try {
    for (const token of tokenizer(code, OPTIONS)) {
      const label = token.type.label;
      if (label === '(' || label === '[' || label === '{' || label === '${') depth++;
      else if (label === ')' || label === ']' || label === '}') depth = Math.max(0, depth - 1);
    }
  } catch {
    // The tokens before the error are what counts.
  }
  return depth;
}
