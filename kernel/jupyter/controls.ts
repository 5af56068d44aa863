// Observable Inputs controls (sliders, selects, toggles) shown in Jupyter.
// A control drawn in a Jupyter output cannot send its new value back to the
// kernel (that takes widgets), so rather than a control that silently does
// nothing, the output says what the value is and how to change it: redefine
// the name in a new execution, and everything that reads it re-runs.
import { inspect } from '../views/index.js';
import type { MimeBundle } from '../runtime/state.js';

export interface Control {
  /** range, select, toggle, checkbox, text, button, table… */
  kind: string;
  label: string | null;
  /** The value as JavaScript source, when it has a literal form (JSON); else null. */
  literal: string | null;
  /** The value as the kernel shows it. */
  text: string;
}

/** The control an Inputs form is, or null for anything else. */
export function controlOf(value: unknown): Control | null {
  if (!isInputsForm(value)) return null;
  const form = value as HTMLFormElement & { value: unknown };
  const current = form.value;
  const label = form.querySelector('label')?.textContent?.trim() || null;
  return { kind: kindOf(form), label, literal: literalOf(current), text: inspect(current) };
}

/** What a control shows in Jupyter; `name` is the name its cell declares with view(), when there is one. */
export function controlBundle(control: Control, name: string | null): MimeBundle {
  const title = `${control.label ? `${JSON.stringify(control.label)} ` : ''}(Inputs ${control.kind})`;
  const example = name ? `const ${name} = ${control.literal ?? '…'};` : null;
  const how = name
    ? `Jupyter controls cannot send a value back to the kernel: to change ${name}, run a cell that redefines it, e.g.`
    : 'Jupyter controls cannot send a value back to the kernel: declare it as const x = view(Inputs…) and redefine x to change it.';
  const plain = `${name ?? 'value'} = ${control.text}   ${title}\n${how}${example ? `\n    ${example}` : ''}`;
  const html = `<div class="kernelbook-control" style="font:13px sans-serif;border-left:3px solid #2463ad;padding:4px 8px">`
    + `<div><code>${escape(name ?? 'value')} = ${escape(control.text)}</code> <span style="color:#666">${escape(title)}</span></div>`
    + `<div style="color:#555">${escape(how)}${example ? ` <code>${escape(example)}</code>` : ''}</div></div>`;
  return { 'text/plain': plain, 'text/html': html };
}

/** What a control shows once another execution has declared its name: it sets nothing any more. */
export function redefinedControlBundle(name: string, by: string): MimeBundle {
  const text = `${name} is now declared by ${by}: this control no longer sets it`;
  return { 'text/plain': text, 'text/html': `<div class="kernelbook-control" style="font:13px sans-serif;border-left:3px solid #999;padding:4px 8px;color:#666">${escape(text)}</div>` };
}

function isInputsForm(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const element = value as Element;
  return element.nodeType === 1 && element.localName === 'form' && /\binputs-[0-9a-f]{6}\b/.test(element.getAttribute('class') ?? '') && 'value' in element;
}

function kindOf(form: Element): string {
  const variant = /\binputs-[0-9a-f]{6}-([a-z]+)\b/.exec(form.getAttribute('class') ?? '')?.[1];
  if (variant) return variant;
  if (form.querySelector('input[type=range]')) return 'range';
  if (form.querySelector('select')) return 'select';
  if (form.querySelector('textarea')) return 'textarea';
  if (form.querySelector('button')) return 'button';
  const input = form.querySelector('input');
  return input?.getAttribute('type') ?? 'text';
}

function literalOf(value: unknown): string | null {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return null;
  try {
    const json = JSON.stringify(value);
    return json !== undefined && json.length <= 200 ? json : null;
  } catch {
    return null;
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
