// The one line per cell a terminal run prints: status, duration, and a short
// text of what the cell shows.
import type { CellReport } from './run.js';

export function cellLine(cell: CellReport, declared?: string, width = 72): string {
  const mark = cell.status === 'ok' ? 'ok   ' : 'ERROR';
  const ms = `${cell.ms.toFixed(1)} ms`.padStart(10);
  const text = cell.error
    ? `${cell.error.message}${cell.error.line ? ` (line ${cell.error.line})` : ''}`
    : cell.outputs.length ? cell.outputs.map((o) => o['text/plain'] ?? Object.keys(o)[0] ?? '').join(' | ') : declared ?? '';
  return `${mark} ${cell.id.padEnd(6)} ${ms}  ${shorten(text, width)}`.trimEnd();
}

export function shorten(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}
