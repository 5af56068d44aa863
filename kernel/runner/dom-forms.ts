// The parts of HTML forms that linkedom leaves out and @observablehq/inputs
// relies on. Without them a headless run would give radios, checkboxes and
// selects wrong initial values (null, []) without any error, and a notebook
// would compute something other than what the app shows.
//
// Each piece follows the HTML standard's behaviour for what Inputs uses:
// `checked` (one checked radio per group), a select's `value`,
// `selectedIndex`, `selectedOptions` and iteration over its options, and a
// form's `elements` by index and by name (a RadioNodeList where a name repeats).
// Checkedness and selectedness live in the attributes (no "dirty" state): a
// headless run has no user changing them.

type Any = Record<PropertyKey, any>;
type Control = Element & { checked?: boolean; value?: string; selected?: boolean };

export function completeForms(window: Any): void {
  const input = window.HTMLInputElement?.prototype;
  if (input && !Object.getOwnPropertyDescriptor(input, 'checked')) {
    Object.defineProperty(input, 'checked', {
      configurable: true,
      get(this: Element) { return this.hasAttribute('checked'); },
      set(this: Element, value: unknown) {
        if (value && isRadio(this)) for (const other of radioGroup(this)) if (other !== this) other.removeAttribute('checked');
        this.toggleAttribute('checked', Boolean(value));
      },
    });
  }

  const select = window.HTMLSelectElement?.prototype;
  if (select) {
    const options = (s: Element) => Array.from((s as unknown as { options: ArrayLike<Control> }).options) as Control[];
    const chosen = (s: Element) => {
      const marked = options(s).filter((o) => o.hasAttribute('selected'));
      if (marked.length || s.hasAttribute('multiple')) return s.hasAttribute('multiple') ? marked : marked.slice(-1);
      // A single select with nothing marked shows, and has, its first enabled option.
      const first = options(s).find((o) => !o.hasAttribute('disabled'));
      return first ? [first] : [];
    };
    Object.defineProperties(select, {
      value: {
        configurable: true,
        get(this: Element) { return chosen(this)[0]?.value ?? ''; },
        set(this: Element, value: unknown) {
          for (const o of options(this)) o.toggleAttribute('selected', o.value === String(value));
        },
      },
      selectedIndex: {
        configurable: true,
        get(this: Element) { const first = chosen(this)[0]; return first ? options(this).indexOf(first) : -1; },
        set(this: Element, index: number) { options(this).forEach((o, i) => o.toggleAttribute('selected', i === index)); },
      },
      selectedOptions: { configurable: true, get(this: Element) { return chosen(this); } },
      [Symbol.iterator]: { configurable: true, value(this: Element) { return options(this)[Symbol.iterator](); } },
    });
  }

  // linkedom makes <form> a plain HTMLElement, so `elements` goes on HTMLElement for forms only.
  const element = window.HTMLElement?.prototype;
  if (element && !('elements' in element)) {
    Object.defineProperty(element, 'elements', {
      configurable: true,
      get(this: Element) { return this.localName === 'form' ? formControls(this) : undefined; },
    });
  }
}

function isRadio(element: Element): boolean {
  return element.localName === 'input' && element.getAttribute('type')?.toLowerCase() === 'radio';
}

/** The radios sharing this one's name in its form (or, outside a form, its root). */
function radioGroup(radio: Element): Element[] {
  const name = radio.getAttribute('name');
  if (!name) return [radio];
  let root: Element = radio;
  while (root.parentElement && root.localName !== 'form') root = root.parentElement;
  return Array.from(root.querySelectorAll('input')).filter((r) => isRadio(r) && r.getAttribute('name') === name);
}

/** A form's listed controls, by index and by name, as HTMLFormControlsCollection. */
function formControls(form: Element): Any {
  const controls = Array.from(form.querySelectorAll('button, fieldset, input, object, output, select, textarea')) as Control[];
  const collection: Any = { ...controls, length: controls.length, [Symbol.iterator]: () => controls[Symbol.iterator]() };
  const byName = new Map<string, Control[]>();
  for (const control of controls) {
    for (const key of new Set([control.getAttribute('id'), control.getAttribute('name')])) {
      if (key) byName.set(key, [...(byName.get(key) ?? []), control]);
    }
  }
  for (const [key, list] of byName) if (!(key in collection)) collection[key] = list.length === 1 ? list[0] : radioNodeList(list);
  return collection;
}

/** Several controls under one name; its value is its checked radio's. */
function radioNodeList(list: Control[]): Control[] & { value: string } {
  const radios = () => list.filter(isRadio);
  return Object.defineProperty([...list], 'value', {
    get: () => {
      const checked = radios().find((r) => r.checked);
      return checked ? (checked.getAttribute('value') ?? 'on') : '';
    },
    set: (value: unknown) => {
      const radio = radios().find((r) => (r.getAttribute('value') ?? 'on') === String(value));
      if (radio) radio.checked = true;
    },
  }) as Control[] & { value: string };
}
