// Views whose picture also exists as one PNG (feature maps) register it here,
// so a MIME bundle can offer image/png next to the SVG. The PNG is encoded
// only when asked for, and the registry never keeps an element alive.
const pictures = new WeakMap<object, () => Uint8Array>();

export function attachPNG(element: object, encode: () => Uint8Array): void {
  let png: Uint8Array | undefined;
  pictures.set(element, () => (png ??= encode()));
}

/** The PNG behind a view, or undefined for values that have none. */
export function pngOf(value: unknown): Uint8Array | undefined {
  return typeof value === 'object' && value !== null ? pictures.get(value)?.() : undefined;
}
