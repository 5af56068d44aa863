// What a view element carries besides its DOM: the PNG behind its picture
// (feature maps) and a plain-text summary (a cost table). A MIME bundle offers
// them as image/png and text/plain. A PNG is encoded only when asked for, and
// the registry never keeps an element alive.
interface Attachment {
  png?: () => Uint8Array;
  text?: string;
}

const attachments = new WeakMap<object, Attachment>();

export function attachPNG(element: object, encode: () => Uint8Array): void {
  let png: Uint8Array | undefined;
  attachments.set(element, { ...attachments.get(element), png: () => (png ??= encode()) });
}

export function attachText(element: object, text: string): void {
  attachments.set(element, { ...attachments.get(element), text });
}

/** The PNG behind a view, or undefined for values that have none. */
export function pngOf(value: unknown): Uint8Array | undefined {
  return typeof value === 'object' && value !== null ? attachments.get(value)?.png?.() : undefined;
}

/** A view's own text/plain, or undefined. */
export function textOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? attachments.get(value)?.text : undefined;
}

// Work an element's markup needs only when it is serialised (an exported
// page's embedded data), not while it is shown live in the workbook.
const beforeSerialising = new WeakMap<object, () => void>();

/** Runs `prepare` once, just before `element` is first serialised (mimeBundle), after any attached before it. */
export function attachBeforeSerialise(element: object, prepare: () => void): void {
  const earlier = beforeSerialising.get(element);
  beforeSerialising.set(element, earlier ? () => { earlier(); prepare(); } : prepare);
}

/** Prepares a node, and the SVGs inside it, for serialising. */
export function prepareToSerialise(node: object): void {
  const run = (element: object) => {
    const prepare = beforeSerialising.get(element);
    if (!prepare) return;
    beforeSerialising.delete(element);
    prepare();
  };
  run(node);
  const inner = (node as Partial<ParentNode>).querySelectorAll?.('svg');
  if (inner) for (const svg of Array.from(inner)) run(svg);
}
