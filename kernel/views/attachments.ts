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
