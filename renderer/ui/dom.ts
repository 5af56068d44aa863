// A small hyperscript: elements with attributes, listeners and children in one call.
type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined | ((event: any) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** A button that is an icon and a label for screen readers and tooltips. */
export function iconButton(icon: string | Node, label: string, onClick: () => void, extra: Attributes = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'kb-icon', title: label, 'aria-label': label, onclick: (e: Event) => { e.stopPropagation(); onClick(); }, ...extra }, icon);
}
