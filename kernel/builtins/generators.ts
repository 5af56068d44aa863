// Generators behind `view` and `now`: values that change over time become
// generators, and the runtime re-runs a generator's dependents on each value.

/**
 * The current value of an input element (or `initial`, when given), then a
 * new value on each input event.
 */
export async function* input(element: EventTarget & { value?: unknown }, ...initial: [unknown?]): AsyncGenerator<unknown> {
  let changed = true;
  let first = initial.length > 0;
  let wake: (() => void) | null = null;
  const type = eventType(element);
  const onInput = () => { changed = true; wake?.(); };
  element.addEventListener(type, onInput);
  try {
    for (;;) {
      if (!changed) await new Promise<void>((resolve) => { wake = resolve; });
      changed = false;
      yield first ? initial[0] : element.value;
      first = false;
    }
  } finally {
    element.removeEventListener(type, onInput);
  }
}

function eventType(element: EventTarget & { type?: unknown }): string {
  return element.type === 'button' || element.type === 'submit' || element.type === 'checkbox' ? 'click' : 'input';
}

/** Date.now(), once per frame (every 16 ms where there are no frames). */
export async function* now(): AsyncGenerator<number> {
  const frame = typeof requestAnimationFrame === 'function'
    ? () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()))
    : () => new Promise<void>((resolve) => setTimeout(resolve, 16));
  for (;;) {
    yield Date.now();
    await frame();
  }
}
