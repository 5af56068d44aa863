// bench/RESULTS.md as `npm run bench -- --write` writes it: this run's report,
// then the hand-written sections kept from the file it replaces. The
// "## Workbook UI" section (and anything after it) is bench:ui's, written by
// hand from its runs; a benchmark run must not erase it.

/** The heading of the first section the benchmark does not write. */
export const HAND_WRITTEN_HEADING = '## Workbook UI';

/** From the hand-written heading (at the start of a line) to the end of `text`, or '' without one. */
export function handWrittenSections(text: string): string {
  const at = text.search(new RegExp(`^${HAND_WRITTEN_HEADING}\\b`, 'm'));
  return at < 0 ? '' : text.slice(at);
}

/** The new RESULTS.md: a header naming the command, the report, and the previous file's hand-written sections. */
export function resultsFile(command: string, report: string, previous = ''): string {
  const kept = handWrittenSections(previous);
  const head = `# Benchmark results\n\nWritten by \`${command}\` (bench/run.ts). Numbers are what this run measured on a shared machine; see the notes on noise.\n\n`;
  return `${head}${report.trimEnd()}\n${kept ? `\n${kept.trimEnd()}\n` : ''}`;
}
