// Markdown, HTML and TeX cells are template literals: literal text with
// reactive `${...}` parts. They compile to a call of their tag (md, html,
// tex.block) with the literal pieces kept exactly as written.
import { parseExpressionAt, type Node } from 'acorn';

export interface TemplateParts {
  /** The literal pieces, one more than the expressions. */
  strings: string[];
  /** Each `${...}` expression's source and parsed node. */
  expressions: { source: string; node: Node }[];
}

const acornOptions = { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true } as const;

/** Splits a template cell at its `${...}` parts; `\${` stays literal text. */
export function parseTemplate(input: string): TemplateParts {
  const strings: string[] = [];
  const expressions: TemplateParts['expressions'] = [];
  let text = '';
  let i = 0;
  while (i < input.length) {
    if (input[i] === '\\' && input.startsWith('${', i + 1)) {
      text += '${';
      i += 3;
    } else if (input.startsWith('${', i)) {
      const node = parseExpressionAt(input, i + 2, acornOptions);
      let end = node.end;
      while (end < input.length && /\s/.test(input[end])) end++;
      if (input[end] !== '}') {
        throw new SyntaxError(`Expected } to close \${ at ${lineColumn(input, i)}`);
      }
      strings.push(text);
      text = '';
      expressions.push({ source: input.slice(i + 2, end), node });
      i = end + 1;
    } else {
      text += input[i++];
    }
  }
  strings.push(text);
  return { strings, expressions };
}

function lineColumn(input: string, offset: number): string {
  const before = input.slice(0, offset).split('\n');
  return `(${before.length}:${before[before.length - 1].length})`;
}

/** The JavaScript expression `tag(strings, ...expressions)` for a template cell. */
export function templateCall(tag: string, parts: TemplateParts): string {
  const strings = JSON.stringify(parts.strings);
  const args = parts.expressions.map((e) => `(${e.source})`);
  return `${tag}(Object.assign(${strings}, {raw: ${strings}})${args.map((a) => `, ${a}`).join('')})`;
}
