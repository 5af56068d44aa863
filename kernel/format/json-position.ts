// Where JSON.parse failed. Engines disagree on whether their message carries a
// position (Node 20's V8 often gives only the token), so on failure we rescan
// the text with a small JSON grammar checker that stops at the first error.

export function jsonErrorLocation(text: string): { line: number; column: number; message: string } {
  const { offset, message } = firstJsonError(text);
  let line = 1, lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, column: offset - lineStart + 1, message };
}

class JsonSyntax extends Error {
  constructor(readonly offset: number, message: string) { super(message); }
}

function firstJsonError(text: string): { offset: number; message: string } {
  let i = 0;
  const unexpected = (what = 'a value'): never => {
    throw new JsonSyntax(i, i >= text.length ? `unexpected end of input, expected ${what}` : `unexpected ${JSON.stringify(text[i])}, expected ${what}`);
  };
  const space = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const literal = (word: string) => { if (text.startsWith(word, i)) i += word.length; else unexpected(); };
  const string = () => {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined) unexpected('a closing quote');
      if (c === '"') { i++; return; }
      if (c < ' ') throw new JsonSyntax(i, `unexpected ${JSON.stringify(c)} inside a string: is a closing quote missing?`);
      if (c === '\\') {
        i++;
        if (text[i] === 'u') { if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) unexpected('four hex digits'); i += 5; }
        else if ('"\\/bfnrt'.includes(text[i] ?? 'x')) i++;
        else unexpected('an escape character');
      } else i++;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++; space();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        space();
        if (text[i] !== '"') unexpected('a property name in double quotes');
        string(); space();
        if (text[i] !== ':') unexpected("':'");
        i++; value(); space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        unexpected("',' or '}'");
      }
    } else if (c === '[') {
      i++; space();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        unexpected("',' or ']'");
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!m) unexpected();
      i += m![0].length;
    }
  };
  try {
    value(); space();
    if (i < text.length) unexpected('the end of the file');
    return { offset: text.length, message: 'invalid JSON' };
  } catch (error) {
    if (error instanceof JsonSyntax) return { offset: error.offset, message: error.message };
    throw error;
  }
}
