// Colour schemes by their d3-scale-chromatic names, and the 255-step palette
// a heatmap is quantised to. Quantising once (instead of interpolating per
// pixel) keeps a 112x112x32 stack of feature maps fast and makes each map an
// indexed PNG a quarter the size of an RGBA one.
import {
  interpolateBlues, interpolateBrBG, interpolateBuGn, interpolateBuPu, interpolateCividis, interpolateCool,
  interpolateCubehelixDefault, interpolateGnBu, interpolateGreens, interpolateGreys, interpolateInferno,
  interpolateMagma, interpolateOrRd, interpolateOranges, interpolatePRGn, interpolatePiYG, interpolatePlasma,
  interpolatePuBu, interpolatePuBuGn, interpolatePuOr, interpolatePuRd, interpolatePurples, interpolateRainbow,
  interpolateRdBu, interpolateRdGy, interpolateRdPu, interpolateRdYlBu, interpolateRdYlGn, interpolateReds,
  interpolateSinebow, interpolateSpectral, interpolateTurbo, interpolateViridis, interpolateWarm, interpolateYlGn,
  interpolateYlGnBu, interpolateYlOrBr, interpolateYlOrRd, rgb,
} from 'd3';
import { formatValue, invalidArgument } from '../../engine/errors.js';

export type Interpolator = (t: number) => string;

const SEQUENTIAL: Record<string, Interpolator> = {
  Viridis: interpolateViridis, Magma: interpolateMagma, Inferno: interpolateInferno, Plasma: interpolatePlasma,
  Cividis: interpolateCividis, Turbo: interpolateTurbo, Warm: interpolateWarm, Cool: interpolateCool,
  Cubehelix: interpolateCubehelixDefault, Blues: interpolateBlues, Greens: interpolateGreens, Greys: interpolateGreys,
  Oranges: interpolateOranges, Purples: interpolatePurples, Reds: interpolateReds, BuGn: interpolateBuGn,
  BuPu: interpolateBuPu, GnBu: interpolateGnBu, OrRd: interpolateOrRd, PuBuGn: interpolatePuBuGn, PuBu: interpolatePuBu,
  PuRd: interpolatePuRd, RdPu: interpolateRdPu, YlGnBu: interpolateYlGnBu, YlGn: interpolateYlGn, YlOrBr: interpolateYlOrBr,
  YlOrRd: interpolateYlOrRd, Rainbow: interpolateRainbow, Sinebow: interpolateSinebow,
};

// Diverging schemes centre on zero by default, so sign reads as hue.
const DIVERGING: Record<string, Interpolator> = {
  BrBG: interpolateBrBG, PRGn: interpolatePRGn, PiYG: interpolatePiYG, PuOr: interpolatePuOr, RdBu: interpolateRdBu,
  RdGy: interpolateRdGy, RdYlBu: interpolateRdYlBu, RdYlGn: interpolateRdYlGn, Spectral: interpolateSpectral,
};

export interface ColorScheme {
  name: string;
  interpolate: Interpolator;
  diverging: boolean;
}

/** Looks a scheme up by name, case-insensitively, as Plot's `scheme` option does. */
export function colorScheme(op: string, name: unknown = 'viridis'): ColorScheme {
  if (typeof name === 'string') {
    const key = name.toLowerCase();
    for (const [table, diverging] of [[SEQUENTIAL, false], [DIVERGING, true]] as const) {
      const found = Object.keys(table).find((k) => k.toLowerCase() === key);
      if (found) return { name: found, interpolate: table[found], diverging };
    }
  }
  const known = [...Object.keys(SEQUENTIAL), ...Object.keys(DIVERGING)].join(', ');
  throw invalidArgument(op, 'scheme', `unknown colour scheme ${formatValue(name)}; expected one of ${known}`);
}

/** Palette levels: index 0 is transparent (NaN), indices 1..255 run from t=0 to t=1. */
export const LEVELS = 255;

// 255 interpolations and colour parses per call: made once per scheme, as a slider redraws with the same one.
const palettes = new WeakMap<Interpolator, [number, number, number, number][]>();

/** The palette as fast-png wants it: [r, g, b, a] per index, transparent first (shared: do not change it). */
export function palette(interpolate: Interpolator): [number, number, number, number][] {
  let colours = palettes.get(interpolate);
  if (!colours) palettes.set(interpolate, (colours = makePalette(interpolate)));
  return colours;
}

function makePalette(interpolate: Interpolator): [number, number, number, number][] {
  const colours: [number, number, number, number][] = [[0, 0, 0, 0]];
  for (let k = 0; k < LEVELS; k++) {
    const { r, g, b } = rgb(interpolate(k / (LEVELS - 1)));
    colours.push([Math.round(r), Math.round(g), Math.round(b), 255]);
  }
  return colours;
}

/** The palette index of a value: NaN is transparent, the rest clamp into the domain. */
export function levelOf(value: number, lo: number, hi: number): number {
  if (Number.isNaN(value)) return 0;
  const t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  return 1 + Math.round(Math.min(1, Math.max(0, t)) * (LEVELS - 1));
}
