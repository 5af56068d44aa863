// history_request: the code of this kernel's executions, by range, tail or
// search (a glob, as IPython matches it). The session number is 1: history
// lives as long as the kernel process.
export type HistoryEntry = [session: number, line: number, input: string];

const SESSION = 1;

export interface HistoryQuery {
  hist_access_type?: string;
  session?: number;
  start?: number;
  stop?: number | null;
  n?: number | null;
  pattern?: string;
  unique?: boolean;
}

export class History {
  readonly #entries: HistoryEntry[] = [];

  add(line: number, input: string): void {
    this.#entries.push([SESSION, line, input]);
  }

  query(q: HistoryQuery): HistoryEntry[] {
    // Session 0 means the current one, and negative sessions count back from it; this kernel has only one.
    if (q.session !== undefined && q.session !== 0 && q.session !== SESSION && q.session !== -1) return [];
    switch (q.hist_access_type) {
      case 'range': {
        const start = q.start ?? 0;
        const stop = q.stop ?? Infinity;
        return this.#entries.filter(([, line]) => line >= start && line < stop);
      }
      case 'search': {
        const pattern = glob(q.pattern ?? '*');
        let found = this.#entries.filter(([, , input]) => pattern.test(input));
        if (q.unique) found = found.filter((e, i) => found.findLastIndex((f) => f[2] === e[2]) === i);
        return q.n ? found.slice(-q.n) : found;
      }
      case 'tail':
      default:
        return q.n ? this.#entries.slice(-q.n) : [...this.#entries];
    }
  }
}

function glob(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]');
  return new RegExp(`^${source}$`);
}
