// Completion of the names a cell can use: the names other cells define, the
// builtins every notebook has, and the members of `engine` after `engine.`.
import { type CompletionContext, type CompletionResult, type Completion } from '@codemirror/autocomplete';
import { javascriptLanguage, typescriptLanguage } from '@codemirror/lang-javascript';
import type { Extension } from '@codemirror/state';
import * as engineApi from '../../engine/index.js';

/** Builtins (kernel/builtins) and cell locals, with what each is. */
export const BUILTINS: Record<string, string> = {
  engine: 'convolution ops, tensors, layers, cost',
  display: 'show a value in this cell',
  view: 'show an input and use its value',
  invalidation: 'resolves when this cell re-runs',
  featureMaps: 'one heatmap per channel',
  costBreakdown: 'MACs, params, bytes and ms as bar charts',
  compareOps: 'conv2d vs depthwise vs separable costs',
  Plot: 'Observable Plot',
  Inputs: 'Observable Inputs: sliders, selects, ...',
  d3: 'D3',
  htl: 'Hypertext Literal',
  html: 'html`...` template',
  svg: 'svg`...` template',
  md: 'md`...` Markdown template',
  tex: 'tex`...` KaTeX template',
  now: 'the current time, updating',
  width: 'the width of the output column',
};

/** Members offered after `engine.`: the engine's API plus the per-run extras. */
const ENGINE_MEMBERS = [...Object.keys(engineApi), 'reference', 'async', 'signal'].sort();

/** `names()` gives the names the notebook's cells define, read when completing. */
export function notebookCompletion(names: () => Iterable<{ name: string; detail: string }>): Extension {
  const source = (context: CompletionContext): CompletionResult | null => {
    const member = context.matchBefore(/\bengine\.(async\.|reference\.)?\w*/);
    if (member) {
      const dot = member.text.lastIndexOf('.') + 1;
      const nested = /^engine\.(async|reference)\./.test(member.text);
      const options: Completion[] = nested
        ? ['conv2d', 'depthwiseConv2d', 'pointwiseConv2d', 'separableConv2d', 'chain', ...(member.text.startsWith('engine.async') ? ['profile'] : [])].map((label) => ({ label, type: 'function' }))
        : ENGINE_MEMBERS.map((label) => ({ label, type: /^[A-Z]/.test(label) ? 'class' : 'property' }));
      return { from: member.from + dot, options, validFor: /^\w*$/ };
    }
    const word = context.matchBefore(/[\w$]+/);
    if (!word || (word.from === word.to && !context.explicit)) return null;
    // Not after a dot: `x.foo` is a member, not a notebook name.
    if (word.from > 0 && context.state.sliceDoc(word.from - 1, word.from) === '.') return null;
    const options: Completion[] = [
      ...[...names()].map(({ name, detail }) => ({ label: name, type: 'variable', detail, boost: 1 })),
      ...Object.entries(BUILTINS).map(([label, info]) => ({ label, type: 'namespace', info })),
    ];
    return { from: word.from, options, validFor: /^[\w$]*$/ };
  };
  return [javascriptLanguage.data.of({ autocomplete: source }), typescriptLanguage.data.of({ autocomplete: source })];
}
