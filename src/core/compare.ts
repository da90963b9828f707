/**
 * One comparison of two decoded images: the numeric part of the worker's CompareJobResult
 * (src/protocol/worker.ts), computed by the recipes of docs/ARCHITECTURE.md ("Metric recipes").
 *
 * Order of operations: decoded image (alpha already dropped) → border crop → channel conversion →
 * metric. A gray image paired with an RGB image stands for R = G = B. PSNR (with MSE), SSIM and
 * MS-SSIM are computed here; LPIPS runs elsewhere (LpipsRunner) and is ignored if requested.
 */
import { cropRect } from './crop';
import { defaultDataRange, imagePlaneSource, planeCount } from './channels';
import { InputError, MetricError } from './errors';
import { assertValidImage, type DecodedImage } from './image';
import { absErrorMap, type MetricMap } from './maps';
import { computeMsssim } from './msssim';
import { psnr } from './psnr';
import type { MetricName, Recipe } from './recipe';
import { computeSsim, type SsimOptions, type SsimResult } from './ssim';
import type { PlaneSource } from './channels';

/** What to compute for one pair. */
export interface CompareOptions {
  /** Metrics to compute; `lpips` is ignored here (it runs through LpipsRunner). */
  readonly metrics: readonly MetricName[];
  /** SSIM variant, channel mode, crop, data range. */
  readonly recipe: Recipe;
  /** Which maps to return (default none). The SSIM map is computed even if `ssim` is not among the metrics. */
  readonly maps?: { readonly absError?: boolean; readonly ssim?: boolean };
  /**
   * What to do with a requested metric that cannot be computed for this input (too small,
   * MS-SSIM undefined): true (default) throws its MetricError, as the CLI wants (exit 1); false
   * puts its message in `unavailable` and still returns the other metrics, as the UI wants.
   */
  readonly strict?: boolean;
  /**
   * Computes SSIM (and its map) instead of core's serial `computeSsim`, e.g. the worker's parallel
   * band pool. It gets the decoded images with the plane count, the plane sources and the options
   * `computeSsim` would get, and must return the same numbers and throw the same MetricErrors.
   */
  readonly ssim?: SsimImplementation;
}

/** An SSIM implementation for {@link CompareOptions.ssim}. */
export type SsimImplementation = (input: {
  readonly a: DecodedImage;
  readonly b: DecodedImage;
  /** Planes compared: 3 when either side has three after the channel conversion. */
  readonly planes: 1 | 3;
  readonly pa: PlaneSource;
  readonly pb: PlaneSource;
  readonly options: SsimOptions;
}) => SsimResult;

/** Metric values: plain numbers, PSNR null when infinite. Exactly the requested ones (+ mse with psnr). */
export interface CompareMetrics {
  /** Mean squared error (comes with psnr). */
  mse?: number;
  /** PSNR in dB; null when MSE is 0 (see `psnrInfinite`). */
  psnr?: number | null;
  /** SSIM of the recipe's variant. */
  ssim?: number;
  /** MS-SSIM (`msssim.m`). */
  msssim?: number;
}

/** The numeric result of one comparison; assignable to the matching fields of the protocol's CompareJobResult. */
export interface CompareResult {
  /** Decoded width, before any crop. */
  readonly width: number;
  /** Decoded height, before any crop. */
  readonly height: number;
  /** The decoded RGB of both images is equal (gray counts as R = G = B). Independent of the recipe. */
  readonly identical: boolean;
  /** Exactly the requested metrics that could be computed. */
  readonly metrics: CompareMetrics;
  /** True when PSNR was requested and MSE is 0. */
  readonly psnrInfinite: boolean;
  /** Per-channel values (R, G, B) when the signal has three planes (`rgb` mode with an RGB image). */
  readonly perChannel: { ssim?: number[]; msssim?: number[] };
  /** The data range R used: the recipe's override or 255 / 65535 / 255 for the luma modes. */
  readonly dataRange: number;
  /** Requested maps, at the compared size (after the crop; the `matlab` SSIM map after its downsampling). */
  readonly maps: { absError?: MetricMap; ssim?: MetricMap };
  /** Requested metrics that could not be computed, with the reason (only with `strict: false`). */
  readonly unavailable: { readonly [metric: string]: string };
  /** The SSIM recipe's downsampling factor (> 1 only for `matlab` on large images), when SSIM or its map was computed: what the UI shows. */
  readonly ssimDownsampleFactor?: number;
}

/** Whether the decoded pixels of two images are equal, a gray image counting as R = G = B. */
export function imagesIdentical(a: DecodedImage, b: DecodedImage): boolean {
  if (a.width !== b.width || a.height !== b.height || a.bitDepth !== b.bitDepth) return false;
  const da = a.data;
  const db = b.data;
  if (a.channels === b.channels) return samplesEqual(da, db);
  const [gray, rgb] = a.channels === 1 ? [da, db] : [db, da];
  for (let i = 0, j = 0; i < gray.length; i++, j += 3) {
    const v = gray[i];
    if (rgb[j] !== v || rgb[j + 1] !== v || rgb[j + 2] !== v) return false;
  }
  return true;
}

/** Equal sample arrays (same type and length); compares 32 bits at a time where the views are aligned. */
function samplesEqual(da: Uint8Array | Uint16Array, db: Uint8Array | Uint16Array): boolean {
  if (da.length !== db.length || da.BYTES_PER_ELEMENT !== db.BYTES_PER_ELEMENT) return false;
  const bytes = da.byteLength;
  let start = 0;
  if (da.byteOffset % 4 === 0 && db.byteOffset % 4 === 0) {
    const words = Math.floor(bytes / 4);
    const wa = new Int32Array(da.buffer, da.byteOffset, words);
    const wb = new Int32Array(db.buffer, db.byteOffset, words);
    for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
    start = (words * 4) / da.BYTES_PER_ELEMENT;
  }
  for (let i = start; i < da.length; i++) if (da[i] !== db[i]) return false;
  return true;
}

/** Checks that two images can be compared at all. */
function assertComparable(a: DecodedImage, b: DecodedImage): void {
  assertValidImage(a, 'first image');
  assertValidImage(b, 'second image');
  if (a.width !== b.width || a.height !== b.height) {
    throw new InputError(
      `the images differ in size: the first is ${a.width}×${a.height}, the second ${b.width}×${b.height}; ` +
        'compare images of the same size (resize or crop one of them first)',
    );
  }
  if (a.bitDepth !== b.bitDepth) {
    throw new InputError(
      `the images differ in bit depth: the first is ${a.bitDepth}-bit, the second ${b.bitDepth}-bit; ` +
        'convert one so that both have the same bit depth',
    );
  }
}

/**
 * Compares two decoded images with the given recipe.
 * @throws InputError when the images differ in size or bit depth, the crop leaves no pixel or the
 *   data range is not a positive number; MetricError when a requested metric cannot be computed
 *   and `strict` is not false
 */
export function compareImages(a: DecodedImage, b: DecodedImage, options: CompareOptions): CompareResult {
  assertComparable(a, b);
  const { recipe } = options;
  const record = options.strict === false;
  const rect = cropRect(a.width, a.height, recipe.cropBorder);
  let dataRange = defaultDataRange(a.bitDepth, recipe.channel);
  if (recipe.dataRange !== undefined) {
    if (!(recipe.dataRange > 0) || !Number.isFinite(recipe.dataRange)) {
      throw new InputError(`data range: expected a positive number, got ${recipe.dataRange}`);
    }
    dataRange = recipe.dataRange;
  }
  // A gray image paired with an RGB one stands for R = G = B: each of its planes is the same one.
  const count: 1 | 3 = planeCount(a.channels, recipe.channel) === 3 || planeCount(b.channels, recipe.channel) === 3 ? 3 : 1;
  const pa = imagePlaneSource(a, recipe.channel, recipe.cropBorder, count);
  const pb = imagePlaneSource(b, recipe.channel, recipe.cropBorder, count);
  const sizeDescription =
    recipe.cropBorder > 0
      ? `${a.width}×${a.height} (${rect.width}×${rect.height} after the ${recipe.cropBorder} px crop)`
      : `${a.width}×${a.height}`;

  const wants = new Set(options.metrics);
  const metrics: CompareMetrics = {};
  const perChannel: { ssim?: number[]; msssim?: number[] } = {};
  const maps: { absError?: MetricMap; ssim?: MetricMap } = {};
  const unavailable: { [metric: string]: string } = {};
  let psnrInfinite = false;
  let ssimDownsampleFactor: number | undefined;

  const attempt = <T>(metric: MetricName, requested: boolean, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof MetricError)) throw error;
      if (!requested) return undefined;
      if (!record) throw error;
      unavailable[metric] = error.message;
      return undefined;
    }
  };

  if (wants.has('psnr')) {
    const result = psnr(pa, pb, dataRange);
    metrics.mse = result.mse;
    metrics.psnr = result.psnr;
    psnrInfinite = result.infinite;
  }
  const wantSsimMap = options.maps?.ssim === true;
  if (wants.has('ssim') || wantSsimMap) {
    const ssimOptions: SsimOptions = { variant: recipe.ssimVariant, dataRange, map: wantSsimMap, sizeDescription };
    const result: SsimResult | undefined = attempt('ssim', wants.has('ssim'), () =>
      options.ssim ? options.ssim({ a, b, planes: count, pa, pb, options: ssimOptions }) : computeSsim(pa, pb, ssimOptions),
    );
    if (result) {
      ssimDownsampleFactor = result.downsampleFactor;
      if (wants.has('ssim')) {
        metrics.ssim = result.ssim;
        if (count === 3) perChannel.ssim = [...result.perPlane];
      }
      if (result.map) maps.ssim = result.map;
    }
  }
  if (wants.has('msssim')) {
    const result = attempt('msssim', true, () => computeMsssim(pa, pb, { dataRange, sizeDescription }));
    if (result) {
      metrics.msssim = result.msssim;
      if (count === 3) perChannel.msssim = [...result.perPlane];
    }
  }
  if (options.maps?.absError) maps.absError = absErrorMap(pa, pb);

  return {
    width: a.width,
    height: a.height,
    identical: imagesIdentical(a, b),
    metrics,
    psnrInfinite,
    perChannel,
    dataRange,
    maps,
    unavailable,
    ...(ssimDownsampleFactor !== undefined ? { ssimDownsampleFactor } : {}),
  };
}
