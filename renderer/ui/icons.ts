// The toolbar's icons as small inline SVGs (16px, currentColor), so they look
// the same on every system whatever its fonts.
const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  run: 'M5 3.5v9l7.5-4.5z',
  up: 'M8 3.5l-4.5 4.5M8 3.5l4.5 4.5M8 3.5v9',
  down: 'M8 12.5l-4.5-4.5M8 12.5l4.5-4.5M8 12.5v-9',
  copy: 'M5.5 5.5h7v7h-7zM3.5 10.5v-7h7',
  plus: 'M8 3v10M3 8h10',
  trash: 'M3.5 4.5h9M6.5 4.5v-1.5h3v1.5M4.5 4.5l.7 8.5h5.6l.7-8.5',
  pin: 'M6 2.5h4M7 2.5v4l-2.5 3h7l-2.5-3v-4M8 9.5v4',
  code: 'M5.5 4.5l-3.5 3.5 3.5 3.5M10.5 4.5l3.5 3.5-3.5 3.5',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('kb-svg-icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  if (name === 'run') path.setAttribute('fill', 'currentColor');
  else {
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', 'currentColor');
    path.setAttribute('stroke-width', '1.5');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
  }
  svg.append(path);
  return svg;
}
