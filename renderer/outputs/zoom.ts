// Zooming a feature map: a click on one channel's map shows that map alone,
// as large as the window allows, in a dialog. The grid's own SVG is moved in
// (its viewBox narrowed to the map) so its pointer readout keeps working,
// and moved back on close.
export function installMapZoom(root: HTMLElement): void {
  root.addEventListener('click', (event) => {
    const map = (event.target as Element).closest?.('g.kb-feature-map');
    const svg = map?.closest('svg.kb-feature-maps') as SVGSVGElement | null;
    if (!map || !svg || svg.closest('dialog')) return;
    zoomInto(svg, map as SVGGElement);
  });
}

function zoomInto(svg: SVGSVGElement, map: SVGGElement): void {
  const document = svg.ownerDocument;
  // The map's box within the grid, in the grid's coordinates, measured while it is still laid out.
  const box = map.getBBox();
  const [tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(map.getAttribute('transform') ?? '')?.slice(1).map(Number) ?? [0, 0];
  const home = svg.parentNode!;
  const marker = document.createComment('zoomed feature maps');
  home.replaceChild(marker, svg);
  const saved = ['viewBox', 'style', 'width', 'height'].map((name) => [name, svg.getAttribute(name)] as const);

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
  dialog.append(header, svg);
  document.body.append(dialog);
  // The box's own aspect ratio, so only this map shows (not its neighbours, letterboxed in).
  const [w, h] = [box.width + 4, box.height + 4];
  svg.setAttribute('viewBox', `${tx + box.x - 2} ${ty + box.y - 2} ${w} ${h}`);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h));
  svg.setAttribute('style', `width: min(80vw, ${(70 * w / h).toFixed(2)}vh); height: auto; max-width: none;`);
  const follow = () => { caption.textContent = readout?.textContent || map.querySelector('text')?.textContent || ''; };
  svg.addEventListener('pointermove', follow);
  follow();
  dialog.addEventListener('close', () => {
    svg.removeEventListener('pointermove', follow);
    for (const [name, value] of saved) if (value === null) svg.removeAttribute(name); else svg.setAttribute(name, value);
    marker.replaceWith(svg);
    dialog.remove();
  });
  dialog.showModal();
}
