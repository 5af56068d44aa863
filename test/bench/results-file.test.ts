// bench/RESULTS.md as `npm run bench -- --write` rewrites it: the run's report
// replaces the previous one, and bench:ui's hand-written "## Workbook UI"
// section, with everything after it, survives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handWrittenSections, resultsFile } from '../../bench/results-file.js';

const OLD_REPORT = 'Machine: old\n\n## Median ms (GFLOP/s)\n\n| layer | kb |\n| :-- | --: |\n| dw14 | 9.99 |\n';
const UI = '## Workbook UI: a slider drives feature maps\n\nWritten by hand.\n\n| run | p95 |\n| :-- | --: |\n| today | 85.8 |\n';
const AFTER_UI = '## Later notes\n\nAlso by hand.\n';
const NEW_REPORT = 'Machine: new\n\n## Median ms (GFLOP/s)\n\n| layer | kb |\n| :-- | --: |\n| dw14 | 0.17 |\n';

describe('bench/results-file.ts', () => {
  it('resultsFile(command, report, previous) keeps the Workbook UI section and everything after it', () => {
    const previous = resultsFile('npm run bench -- --write', OLD_REPORT) + '\n' + UI + '\n' + AFTER_UI;
    const written = resultsFile('npm run bench -- --write --quick', NEW_REPORT, previous);
    expect(written).toContain('Written by `npm run bench -- --write --quick`');
    expect(written).toContain('| dw14 | 0.17 |');
    expect(written).not.toContain('| dw14 | 9.99 |');
    expect(written).toContain(UI);
    expect(written.trimEnd().endsWith(AFTER_UI.trimEnd())).toBe(true);
    expect(written.indexOf(NEW_REPORT.trimEnd())).toBeLessThan(written.indexOf('## Workbook UI'));
  });

  it('resultsFile is stable when written again: one copy of the hand-written sections', () => {
    const once = resultsFile('npm run bench -- --write', NEW_REPORT, `${OLD_REPORT}\n${UI}`);
    const twice = resultsFile('npm run bench -- --write', NEW_REPORT, once);
    expect(twice).toBe(once);
    expect(twice.split('## Workbook UI').length).toBe(2);
  });

  it('resultsFile without a previous file, or one without the section, writes the report alone', () => {
    expect(resultsFile('npm run bench', NEW_REPORT)).not.toContain('Workbook UI');
    expect(resultsFile('npm run bench', NEW_REPORT, OLD_REPORT)).not.toContain('9.99');
  });

  it('handWrittenSections(text) finds the heading only at the start of a line', () => {
    expect(handWrittenSections('see the ## Workbook UI section below\n')).toBe('');
    expect(handWrittenSections(`x\n${UI}`)).toBe(UI);
  });

  it('handWrittenSections(bench/RESULTS.md) finds the section bench:ui keeps there', () => {
    const kept = handWrittenSections(readFileSync('bench/RESULTS.md', 'utf8'));
    expect(kept.startsWith('## Workbook UI')).toBe(true);
    expect(kept).toContain('npm run bench:ui');
  });
});
