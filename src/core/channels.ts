/**
 * Channel conversion (docs/ARCHITECTURE.md, "Metric recipes", Channel modes), applied after the
 * border crop.
 *
 * - `rgb`: the code values of each channel, one plane per channel (a gray image gives one plane;
 *   paired with an RGB image it stands for R = G = B).
 * - `y`: BT.601 luma on the 0–255 scale, Y = 16 + 65.481·(R/M) + 128.553·(G/M) + 24.966·(B/M) with
 *   M = 2^bits − 1, evaluated left to right in float64 and not rounded (BasicSR `bgr2ycbcr(y_only)`,
 *   scikit-image `rgb2ycbcr`). The order of operations is fixed on purpose: the libraries order
 *   them differently and disagree at rounding ties.
 * - `y-matlab`: floor(Y + 0.5) of that same Y, as MATLAB `rgb2ycbcr` on uint8 (also on 16-bit data).
 * - `gray`: round(0.298936021293775·R + 0.587043074451121·G + 0.114020904255103·B) on the raw code
 *   values, as MATLAB `rgb2gray` on integer input (round half away from zero; `Math.round` equals
 *   it here because the values are never negative).
 *
 * Data range R: 255 for 8-bit data, 65535 for 16-bit data, and 255 for `y` and `y-matlab` whatever
 * the bit depth (Y is on the 0–255 scale).
 */
import type { BitDepth, ChannelCount, DecodedImage } from './image';
import type { ChannelMode } from './recipe';
import { cropRect } from './crop';

/** The converted, cropped signal of one image: what every metric works on. */
export interface Planes {
  /** Width after the crop, in pixels. */
  readonly width: number;
  /** Height after the crop, in pixels. */
  readonly height: number;
  /** One plane per channel (R, G, B in `rgb` mode on an RGB image), row-major, `width·height` long. */
  readonly planes: readonly Float64Array[];
  /** The default data range R for this bit depth and channel mode. */
  readonly dataRange: number;
}

/** Number of planes `channel` produces from an image with `channels` samples per pixel. */
export function planeCount(channels: ChannelCount, channel: ChannelMode): 1 | 3 {
  return channel === 'rgb' && channels === 3 ? 3 : 1;
}

/** The default data range R: 255 or 65535 by bit depth, 255 for the luma modes. */
export function defaultDataRange(bitDepth: BitDepth, channel: ChannelMode): number {
  if (channel === 'y' || channel === 'y-matlab') return 255;
  return bitDepth === 16 ? 65535 : 255;
}

// Luma weights of BT.601 on the 0–255 scale (MATLAB rgb2ycbcr, first row of its matrix).
const Y_R = 65.481;
const Y_G = 128.553;
const Y_B = 24.966;
// MATLAB rgb2gray weights (the NTSC weights after MATLAB's own rounding of its inverse matrix).
const GRAY_R = 0.298936021293775;
const GRAY_G = 0.587043074451121;
const GRAY_B = 0.114020904255103;

/**
 * Row access to a converted, cropped signal: the metrics read it one row at a time, so a decoded
 * image never needs a float64 copy of its own (a 100-megapixel RGB pair would need 4.8 GB).
 */
export interface PlaneSource {
  /** Width after the crop, in pixels. */
  readonly width: number;
  /** Height after the crop, in pixels. */
  readonly height: number;
  /** Number of planes (1, or 3 for R, G, B). */
  readonly planeCount: number;
  /**
   * Writes row `y` (0-based, after the crop) of plane `plane` into `out[0…width−1]`.
   * @param out at least `width` long
   */
  readRow(plane: number, y: number, out: Float64Array): void;
}

/** Materialised planes with their size (the `Planes` above fits). */
export interface PlaneSet {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** One or more planes, each `width·height` long, row-major. */
  readonly planes: readonly Float64Array[];
}

/** A PlaneSource over materialised planes. */
export function planeSetSource(set: PlaneSet): PlaneSource {
  const { width, height, planes } = set;
  for (let p = 0; p < planes.length; p++) {
    if (planes[p].length !== width * height) {
      throw new RangeError(`planeSetSource: plane ${p} holds ${planes[p].length} values, expected ${width}×${height}`);
    }
  }
  return {
    width,
    height,
    planeCount: planes.length,
    readRow(plane: number, y: number, out: Float64Array): void {
      const start = y * width;
      out.set(planes[plane].subarray(start, start + width));
    },
  };
}

/**
 * The converted, cropped signal of `image` as a PlaneSource (crop first, then conversion).
 * @param planes how many planes to present: the image's own count for the mode by default; 3 on a
 *   gray image in `rgb` mode repeats its plane (R = G = B), for pairing with an RGB image
 * @throws InputError when the crop leaves no pixel
 */
export function imagePlaneSource(image: DecodedImage, channel: ChannelMode, cropBorder: number, planes?: 1 | 3): PlaneSource {
  const rect = cropRect(image.width, image.height, cropBorder);
  const own = planeCount(image.channels, channel);
  const count = planes ?? own;
  if (count !== own && !(channel === 'rgb' && own === 1 && count === 3)) {
    throw new RangeError(`imagePlaneSource: ${image.channels}-channel image cannot give ${count} planes in ${channel} mode`);
  }
  const { width, height } = rect;
  const n = image.channels;
  const stride = image.width * n;
  const left = rect.left * n;
  const top = rect.top;
  const max = image.bitDepth === 16 ? 65535 : 255;
  const src = image.data;
  return {
    width,
    height,
    planeCount: count,
    readRow(plane: number, y: number, out: Float64Array): void {
      const start = (top + y) * stride + left;
      if (n === 1) {
        if (channel === 'rgb') copyRow(src, start, out, width);
        else convertGrayRow(src, start, out, width, channel, max);
      } else if (channel === 'rgb') {
        deinterleaveRow(src, start + plane, out, width);
      } else {
        convertRgbRow(src, start, out, width, channel, max);
      }
    },
  };
}

function copyRow(src: Uint8Array | Uint16Array, start: number, out: Float64Array, width: number): void {
  for (let x = 0; x < width; x++) out[x] = src[start + x];
}

function deinterleaveRow(src: Uint8Array | Uint16Array, start: number, out: Float64Array, width: number): void {
  for (let x = 0, s = start; x < width; x++, s += 3) out[x] = src[s];
}

function convertRgbRow(src: Uint8Array | Uint16Array, start: number, out: Float64Array, width: number, channel: ChannelMode, max: number): void {
  for (let x = 0, s = start; x < width; x++, s += 3) out[x] = convertSample(src[s], src[s + 1], src[s + 2], channel, max);
}

function convertGrayRow(src: Uint8Array | Uint16Array, start: number, out: Float64Array, width: number, channel: ChannelMode, max: number): void {
  for (let x = 0; x < width; x++) {
    const v = src[start + x];
    out[x] = convertSample(v, v, v, channel, max);
  }
}

/** One converted sample for the `y`, `y-matlab` and `gray` modes (R, G, B code values, M = max). */
function convertSample(r: number, g: number, b: number, channel: ChannelMode, max: number): number {
  if (channel === 'gray') return Math.round(GRAY_R * r + GRAY_G * g + GRAY_B * b);
  const y = 16 + Y_R * (r / max) + Y_G * (g / max) + Y_B * (b / max);
  return channel === 'y-matlab' ? Math.floor(y + 0.5) : y;
}

/** Reads every row of one plane of `source` into a new Float64Array. */
export function materializePlane(source: PlaneSource, plane: number): Float64Array {
  const { width, height } = source;
  const out = new Float64Array(width * height);
  const row = new Float64Array(width);
  for (let y = 0; y < height; y++) {
    source.readRow(plane, y, row);
    out.set(row, y * width);
  }
  return out;
}

/**
 * One converted plane of `image`, cropped by `cropBorder` on every side.
 * @param index the channel for `rgb` mode (0 R, 1 G, 2 B); a gray image returns its only plane
 *   for any index. Ignored for the other modes.
 * @throws InputError when the crop leaves no pixel
 */
export function toPlane(image: DecodedImage, channel: ChannelMode, cropBorder: number, index = 0): Float64Array {
  const source = imagePlaneSource(image, channel, cropBorder);
  return materializePlane(source, Math.min(index, source.planeCount - 1));
}

/**
 * The converted planes of `image` after cropping `cropBorder` pixels on every side
 * (order: crop, then channel conversion).
 * @throws InputError when the crop leaves no pixel
 */
export function toPlanes(image: DecodedImage, channel: ChannelMode, cropBorder: number): Planes {
  const source = imagePlaneSource(image, channel, cropBorder);
  const planes: Float64Array[] = [];
  for (let i = 0; i < source.planeCount; i++) planes.push(materializePlane(source, i));
  return { width: source.width, height: source.height, planes, dataRange: defaultDataRange(image.bitDepth, channel) };
}
