// How a cell's source sits inside its <script> element, matching Notebook Kit:
// `</script` is escaped as `<\/script` (and each existing backslash run grows by
// one, so the mapping is reversible), every line is indented by four spaces,
// and the body starts and ends on its own line.

const ESCAPE = /<(?=\\*\/script(?:[\t\n\f\r />]|$))/gi;
const UNESCAPE = /<\\(?=\\*\/script(?:[\t\n\f\r />]|$))/gi;

export function escapeScriptSource(source: string): string {
  return source.replace(ESCAPE, '<\\');
}

export function unescapeScriptSource(body: string): string {
  return body.replace(UNESCAPE, '<');
}

/**
 * Indents every non-empty line. Unlike Notebook Kit, whitespace-only lines keep
 * their whitespace (Notebook Kit empties them); both read back the same way.
 */
export function indentBody(source: string): string {
  const lines = source.split(/\r\n?|\n/);
  return `\n${lines.map((line) => (line ? `    ${line}` : '')).join('\n')}\n  `;
}

/** The inverse of indentBody, and what Notebook Kit's deserialize does. */
export function dedentBody(body: string): string {
  const lines = body.split('\n');
  if (isBlank(lines[lines.length - 1])) lines.pop();
  if (lines.length && isBlank(lines[0])) lines.shift();
  return lines.map((line) => (line.startsWith('    ') ? line.slice(4) : line)).join('\n');
}

function isBlank(line: string | undefined): boolean {
  return line !== undefined && /^\s*$/.test(line);
}

// The HTML tokenizer's script-data states: after `<!--`, a `<script` tag starts
// a "double escaped" region in which `</script>` does not end the element.
const SCRIPT_TOKENS = /<!--|-->|<(\/?)script[\t\n\f\r />]/gi;
const DATA = 0, ESCAPED = 1, DOUBLE_ESCAPED = 2;

/** Index of the `</script` that ends a script element whose content starts at `from`, as a browser finds it; -1 if none. */
export function findScriptEnd(text: string, from: number): number {
  let state = DATA;
  SCRIPT_TOKENS.lastIndex = from;
  for (let m; (m = SCRIPT_TOKENS.exec(text)); ) {
    const token = m[0];
    if (token === '<!--') {
      if (state === DATA) state = ESCAPED;
      // The comment opener's dashes can also close it: `<!-->`.
      SCRIPT_TOKENS.lastIndex = m.index + 2;
    } else if (token === '-->') {
      state = DATA;
    } else if (m[1]) {
      if (state !== DOUBLE_ESCAPED) return m.index;
      state = ESCAPED;
    } else if (state === ESCAPED) {
      state = DOUBLE_ESCAPED;
    }
  }
  return -1;
}
