// Zooming a feature map: a double-click on one channel's map shows that map
// alone, as large as the window allows, in a dialog (a single click belongs
// to the map itself: it pins a value's explanation). The grid's own SVG is
// moved in and scaled with a CSS transform, cropped to the map by the
// dialog's frame, so its pointer readout and explanations keep working even
// as they resize the SVG; it goes back on close.
export function installMapZoom(root: HTMLElement): void {
  root.addEventListener('dblclick', (event) => {
    const map = (event.target as Element).closest?.('g.kb-feature-map');
    const svg = map?.closest('svg.kb-feature-maps') as SVGSVGElement | null;
    if (!map || !svg || svg.closest('dialog')) return;
    event.preventDefault();
    zoomInto(svg, map as SVGGElement);
  });
}

function zoomInto(svg: SVGSVGElement, map: SVGGElement): void {
  const document = svg.ownerDocument;
  // The map's box in the grid's coordinates (user units are pixels: viewBox 0 0 width height),
  // measured while it is still laid out.
  const box = map.getBBox();
  const [tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(map.getAttribute('transform') ?? '')?.slice(1).map(Number) ?? [0, 0];
  const [x, y, w, h] = [tx + box.x - 2, ty + box.y - 2, box.width + 4, box.height + 4];
  const scale = Math.max(1, Math.min((window.innerWidth * 0.8) / w, (window.innerHeight * 0.7) / h));

  const home = svg.parentNode!;
  const marker = document.createComment('zoomed feature maps');
  home.replaceChild(marker, svg);
  const style = svg.getAttribute('style');

  const frame = document.createElement('div');
  frame.className = 'kb-zoom-frame';
  frame.style.cssText = `position: relative; overflow: hidden; width: ${Math.round(w * scale)}px; height: ${Math.round(h * scale)}px;`;
  svg.setAttribute('style', `position: absolute; left: 0; top: 0; max-width: none; transform-origin: 0 0; transform: scale(${scale}) translate(${-x}px, ${-y}px);`);
  frame.append(svg);

  const dialog = document.createElement('dialog');
  dialog.className = 'kb-zoom';
  const caption = document.createElement('div');
  caption.className = 'kb-zoom-caption';
  const readout = svg.querySelector('.kb-feature-maps-readout');
  const close = document.createElement('button');
  close.textContent = 'Close';
  close.addEventListener('click', () => dialog.close());
  const header = document.createElement('header');
  header.append(caption, close);
  dialog.append(header, frame);
  document.body.append(dialog);
  const follow = () => { caption.textContent = readout?.textContent || map.querySelector('text')?.textContent || ''; };
  svg.addEventListener('pointermove', follow);
  follow();
  dialog.addEventListener('close', () => {
    svg.removeEventListener('pointermove', follow);
    if (style === null) svg.removeAttribute('style'); else svg.setAttribute('style', style);
    marker.replaceWith(svg);
    dialog.remove();
  });
  dialog.showModal();
}
