// What a name in a cell means to the kernel, for completion and inspection:
// a name some execution declares (its current value), a builtin (engine,
// Plot, featureMaps… with a line of help), or a global (Math, JSON…).
import { createBuiltins, engineFor } from '../builtins/index.js';
import { GLOBALS } from '../runtime/globals.js';
import type { JupyterSession } from './session.js';

export type Kind = 'declared' | 'builtin' | 'global';

export interface Resolved {
  kind: Kind;
  value: unknown;
}

/** One line of help per builtin, shown by inspect. */
export const BUILTIN_HELP: Record<string, string> = {
  engine: 'the convolution engine: tensor(), conv2d, depthwiseConv2d, pointwiseConv2d, separableConv2d, chain, layers and cost; .reference (plain JavaScript) and .async (worker pool, interruptible)',
  display: 'display(value): shows a value as an output of this cell; returns it',
  view: 'view(input): shows an input and is its current value (in Jupyter: redefine the name to change it)',
  Plot: 'Observable Plot: Plot.plot({marks: [...]}) draws a chart (shown as SVG)',
  d3: 'the d3 library',
  Inputs: 'Observable Inputs: Inputs.range, Inputs.select, Inputs.toggle… (shown with their value in Jupyter)',
  htl: 'Hypertext Literal: htl.html`…` and htl.svg`…`',
  html: 'html`…`: an HTML fragment from a template literal',
  svg: 'svg`…`: an SVG fragment from a template literal',
  md: 'md`…`: Markdown rendered to HTML',
  tex: 'tex`…`: TeX rendered with KaTeX',
  now: 'the current time in milliseconds, updated every frame (cells reading it re-run)',
  width: 'the width of the output column in pixels',
  featureMaps: 'featureMaps(tensor, options): each channel of an NHWC tensor as a heat map (SVG and PNG)',
  costBreakdown: 'costBreakdown(items, options): multiply-adds, parameters or measured time per op as a chart',
  compareOps: 'compareOps(spec): conv2d, depthwise, pointwise and separable side by side at one size',
  invalidation: 'a promise that resolves when this cell is about to re-run or be removed',
};

export class Scope {
  readonly #session: JupyterSession;
  readonly #builtins: Record<string, () => unknown>;

  constructor(session: JupyterSession, document: Document) {
    this.#session = session;
    this.#builtins = createBuiltins({ document });
  }

  /** Every name a cell can use: declared, builtin, global. */
  names(): { name: string; kind: Kind }[] {
    return [
      ...this.#session.names().map((name) => ({ name, kind: 'declared' as const })),
      ...this.#session.builtinNames().map((name) => ({ name, kind: 'builtin' as const })),
      ...[...GLOBALS].map((name) => ({ name, kind: 'global' as const })),
    ];
  }

  /** The value at a dotted path, or null when it cannot be known without running code. */
  async resolve(path: readonly string[], timeoutMs = 1000): Promise<Resolved | null> {
    const [root, ...members] = path;
    const base = await this.#root(root, timeoutMs);
    if (!base) return null;
    let value = base.value;
    for (const member of members) {
      if (value === null || value === undefined) return null;
      try {
        value = (value as Record<string, unknown>)[member];
      } catch {
        return null;
      }
    }
    return { kind: base.kind, value };
  }

  async #root(name: string, timeoutMs: number): Promise<Resolved | null> {
    if (this.#session.definition(name)) {
      const value = await withTimeout(this.#session.value(name), timeoutMs);
      return value.ok ? { kind: 'declared', value: value.value } : null;
    }
    if (name === 'engine') return { kind: 'builtin', value: engineFor(new AbortController().signal) };
    if (name === 'display' || name === 'view' || name === 'invalidation') return { kind: 'builtin', value: undefined };
    if (Object.hasOwn(this.#builtins, name)) {
      const value = await withTimeout(Promise.resolve(this.#builtins[name]()), timeoutMs);
      // A generator builtin (now) is not worth starting to complete on.
      return value.ok && !isAsyncIterator(value.value) ? { kind: 'builtin', value: value.value } : null;
    }
    if (GLOBALS.has(name) && name in globalThis) return { kind: 'global', value: (globalThis as Record<string, unknown>)[name] };
    return null;
  }
}

function isAsyncIterator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as AsyncIterator<unknown>).next === 'function' && Symbol.asyncIterator in value;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<{ ok: true; value: T } | { ok: false }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise.then((value) => ({ ok: true as const, value }), () => ({ ok: false as const })),
      new Promise<{ ok: false }>((resolve) => { timer = setTimeout(() => resolve({ ok: false }), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
