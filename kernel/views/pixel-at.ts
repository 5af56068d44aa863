// Which tensor pixel a pointer is over, from the picture's on-screen box: its
// own module, so an exported page's script can use it without the views.

/** The tensor pixel under a pointer, from the image's on-screen box; null outside. */
export function pixelAt(box: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number, width: number, height: number): [number, number] | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const x = Math.floor(((clientX - box.left) / box.width) * width);
  const y = Math.floor(((clientY - box.top) / box.height) * height);
  return x >= 0 && x < width && y >= 0 && y < height ? [y, x] : null;
}

