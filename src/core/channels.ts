/**
 * Channel conversion (DESIGN.md, "Metric recipes", "Channel modes"), applied after the border crop.
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
 * One converted plane of `image`, cropped by `cropBorder` on every side.
 * @param index the channel for `rgb` mode (0 R, 1 G, 2 B); a gray image returns its only plane
 *   for any index. Ignored for the other modes.
 * @throws InputError when the crop leaves no pixel
 */
export function toPlane(image: DecodedImage, channel: ChannelMode, cropBorder: number, index = 0): Float64Array {
  const rect = cropRect(image.width, image.height, cropBorder);
  const { width: w, height: h } = rect;
  const stride = image.width * image.channels;
  const src = image.data;
  const out = new Float64Array(w * h);
  const n = image.channels;
  const m = image.bitDepth === 16 ? 65535 : 255;
  if (channel === 'rgb' || n === 1) {
    // Gray input: R = G = B = v, but each conversion below must still see three samples so that
    // a gray image equals its RGB replica in every mode.
    const c = n === 3 ? index : 0;
    if (channel === 'rgb') {
      for (let y = 0; y < h; y++) {
        let s = (rect.top + y) * stride + rect.left * n + c;
        const o = y * w;
        for (let x = 0; x < w; x++, s += n) out[o + x] = src[s];
      }
      return out;
    }
  }
  for (let y = 0; y < h; y++) {
    let s = (rect.top + y) * stride + rect.left * n;
    const o = y * w;
    for (let x = 0; x < w; x++, s += n) {
      const r = src[s];
      const g = n === 3 ? src[s + 1] : r;
      const b = n === 3 ? src[s + 2] : r;
      let v: number;
      if (channel === 'gray') {
        v = Math.round(GRAY_R * r + GRAY_G * g + GRAY_B * b);
      } else {
        v = 16 + Y_R * (r / m) + Y_G * (g / m) + Y_B * (b / m);
        if (channel === 'y-matlab') v = Math.floor(v + 0.5);
      }
      out[o + x] = v;
    }
  }
  return out;
}

/**
 * The converted planes of `image` after cropping `cropBorder` pixels on every side
 * (order: crop, then channel conversion).
 * @throws InputError when the crop leaves no pixel
 */
export function toPlanes(image: DecodedImage, channel: ChannelMode, cropBorder: number): Planes {
  const rect = cropRect(image.width, image.height, cropBorder);
  const count = planeCount(image.channels, channel);
  const planes: Float64Array[] = [];
  for (let i = 0; i < count; i++) planes.push(toPlane(image, channel, cropBorder, i));
  return { width: rect.width, height: rect.height, planes, dataRange: defaultDataRange(image.bitDepth, channel) };
}
