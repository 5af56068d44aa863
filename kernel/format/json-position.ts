// JSON.parse reports a character position (and, in newer V8, a line and
// column); turn whichever we get into a line and column for the error message.

export function jsonErrorLocation(text: string, error: unknown): { line: number; column: number; message: string } {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/\s*\(line \d+ column \d+\)$/, '');
  const match = /at position (\d+)/.exec(raw);
  const position = match ? Number(match[1]) : text.length;
  let line = 1, lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
  return { line, column: position - lineStart + 1, message };
}
