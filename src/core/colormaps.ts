/**
 * Colormaps of the heatmap view as pure functions and 256-entry lookup tables.
 *
 * viridis and magma: the 6th-degree polynomial fits of matplotlib's maps by Matt Zucker
 * (shadertoy "Matplotlib colormaps + turbo", CC0), within a few 8-bit levels of matplotlib's tables.
 * turbo: Google's polynomial approximation (Anton Mikhailov, 2019, Apache-2.0), coarser at its ends.
 * grayscale: black to white. Every map takes t in [0, 1] (clamped) and returns 8-bit sRGB.
 */

/** Names of the colormaps, in the order the UI lists them. */
export type Colormap = 'viridis' | 'magma' | 'turbo' | 'grayscale';

/** All colormaps. */
export const COLORMAP_NAMES: readonly Colormap[] = ['viridis', 'magma', 'turbo', 'grayscale'];

type Poly = readonly [readonly number[], readonly number[], readonly number[]];

/** Coefficients c0..c6 per channel (r, g, b), lowest order first. */
const VIRIDIS: Poly = [
  [0.2777273272234177, 0.1050930431085774, -0.3308618287255563, -4.634230498983486, 6.228269936347081, 4.776384997670288, -5.435455855934631],
  [0.005407344544966578, 1.404613529898575, 0.214847559468213, -5.799100973351585, 14.17993336680509, -13.74514537774601, 4.645852612178535],
  [0.3340998053353061, 1.384590162594685, 0.09509516302823659, -19.33244095627987, 56.69055260068105, -65.35303263337234, 26.3124352495832],
];
const MAGMA: Poly = [
  [-0.002136485053939582, 0.2516605407371642, 8.353717279216625, -27.66873308576866, 52.17613981234068, -50.76852536473588, 18.65570506591883],
  [-0.000749655052795221, 0.6775232436837668, -3.577719514958484, 14.26473078096533, -27.94360607168351, 29.04658282127291, -11.48977351997711],
  [-0.005386127855323933, 2.494026599312351, 0.3144679030132573, -13.64921318813922, 12.94416944238394, 4.23415299384598, -5.601961508734096],
];
const TURBO: Poly = [
  [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943],
  [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604],
  [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973],
];

function horner(c: readonly number[], t: number): number {
  let v = 0;
  for (let i = c.length - 1; i >= 0; i--) v = v * t + c[i];
  return v;
}

function to8bit(v: number): number {
  return Math.round(Math.min(1, Math.max(0, v)) * 255);
}

/** The colour of `t` (clamped to [0, 1]; NaN counts as 0) as 8-bit [r, g, b]. */
export function colormapRgb(name: Colormap, t: number): [number, number, number] {
  const x = Number.isNaN(t) ? 0 : Math.min(1, Math.max(0, t));
  switch (name) {
    case 'grayscale': {
      const g = to8bit(x);
      return [g, g, g];
    }
    case 'viridis':
    case 'magma':
    case 'turbo': {
      const poly = name === 'viridis' ? VIRIDIS : name === 'magma' ? MAGMA : TURBO;
      return [to8bit(horner(poly[0], x)), to8bit(horner(poly[1], x)), to8bit(horner(poly[2], x))];
    }
    default: {
      const never: never = name;
      throw new RangeError(`colormap: expected one of ${COLORMAP_NAMES.join(', ')}, got ${String(never)}`);
    }
  }
}

const lutCache = new Map<Colormap, Uint8Array>();

/** A 256-entry lookup table, RGB interleaved (768 bytes): entry i is colormapRgb(name, i / 255). Cached; do not modify. */
export function colormapLut(name: Colormap): Uint8Array {
  let lut = lutCache.get(name);
  if (!lut) {
    lut = new Uint8Array(768);
    for (let i = 0; i < 256; i++) lut.set(colormapRgb(name, i / 255), i * 3);
    lutCache.set(name, lut);
  }
  return lut;
}
