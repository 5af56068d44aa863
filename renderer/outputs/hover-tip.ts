// Reading a value by hovering it: SVG marks carry their value in a <title>
// (cost bars, small feature maps), which browsers show only after a delay.
// This shows the same text at once, next to the pointer, for every output.
export function installHoverTips(root: HTMLElement): void {
  const document = root.ownerDocument;
  const tip = document.createElement('div');
  tip.className = 'kb-hover-tip';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  document.body.append(tip);
  root.addEventListener('pointermove', (event) => {
    const text = titleAt(event.target as Element | null);
    if (!text) { tip.hidden = true; return; }
    tip.textContent = text;
    tip.hidden = false;
    const x = Math.min(event.clientX + 14, window.innerWidth - tip.offsetWidth - 8);
    tip.style.transform = `translate(${Math.max(4, x)}px, ${event.clientY + 16}px)`;
  });
  root.addEventListener('pointerleave', () => { tip.hidden = true; });
}

/** The text of the nearest SVG <title> on the element or its ancestors, within an output. */
function titleAt(element: Element | null): string | null {
  for (let e = element; e && !e.classList?.contains('kb-outputs'); e = e.parentElement) {
    if (!(e instanceof SVGElement)) continue;
    const title = Array.from(e.children).find((c) => c.localName === 'title');
    if (title?.textContent) return title.textContent;
  }
  return null;
}
