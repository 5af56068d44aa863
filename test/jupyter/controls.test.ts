// Inputs controls in Jupyter: described by the renderer, written out by the
// session with the name to redefine.
import { beforeAll, describe, expect, it } from 'vitest';
import { controlBundle, controlOf } from '../../kernel/jupyter/controls.js';
import { CONTROL_MIME, isUndefined, jupyterBundle } from '../../kernel/jupyter/renderer.js';
import { installDom } from '../../kernel/runner/dom.js';

let Inputs: typeof import('@observablehq/inputs');
beforeAll(async () => {
  installDom();
  Inputs = await import('@observablehq/inputs');
});

describe('controlOf', () => {
  it('reads kind, label and value of Inputs controls; anything else is not a control', () => {
    expect(controlOf(Inputs.range([1, 7], { value: 3, step: 1, label: 'k' }))).toEqual({ kind: 'range', label: 'k', literal: '3', text: '3' });
    expect(controlOf(Inputs.select(['same', 'valid'], { label: 'padding' }))).toEqual({ kind: 'select', label: 'padding', literal: '"same"', text: 'same' });
    expect(controlOf(Inputs.toggle({ label: 'bias', value: true }))).toMatchObject({ kind: 'toggle', literal: 'true' });
    expect(controlOf(document.createElement('form'))).toBeNull();
    expect(controlOf({ value: 3 })).toBeNull();
  });
});

describe('controlBundle', () => {
  it('with the cell\'s name: the value and the declaration that changes it', () => {
    const bundle = controlBundle({ kind: 'range', label: 'k', literal: '3', text: '3' }, 'kernelSize');
    expect(bundle['text/plain']).toBe('kernelSize = 3   "k" (Inputs range)\nJupyter controls cannot send a value back to the kernel: to change kernelSize, run a cell that redefines it, e.g.\n    const kernelSize = 3;');
    expect(bundle['text/html']).toContain('<code>const kernelSize = 3;</code>');
  });

  it('without a name (a control shown, not declared with view): how to make it changeable', () => {
    expect(controlBundle({ kind: 'select', label: null, literal: null, text: 'x' }, null)['text/plain']).toMatch(/declare it as const x = view\(Inputs…\)/);
  });
});

describe('jupyterBundle', () => {
  it('adds a tensor\'s grid as text/html and a control\'s description; undefined is recognisable', async () => {
    const { tensor } = await import('../../engine/index.js');
    expect(jupyterBundle(tensor([1, 2], [2]))['text/html']).toMatch(/<table/);
    expect(JSON.parse(jupyterBundle(Inputs.range([0, 1], { value: 0.5 }))[CONTROL_MIME])).toMatchObject({ kind: 'range', literal: '0.5' });
    expect(isUndefined(jupyterBundle(undefined))).toBe(true);
    expect(isUndefined(jupyterBundle('undefined'))).toBe(false);
  });
});
