/**
 * MS-SSIM (Wang, Simoncelli, Bovik 2003, "Multi-scale structural similarity for image quality
 * assessment"), as Wang's reference `msssim.m`:
 * 5 scales with weights [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]; at each scale the `wang2004`
 * SSIM (Gaussian 11×11, σ 1.5, K1 0.01, K2 0.03) gives the mean SSIM and the mean
 * contrast-structure cs over the valid region; between scales both images are downsampled as
 * `imfilter(ones(2)/4, 'symmetric', 'same')` then `(1:2:end, 1:2:end)`;
 * MS-SSIM = Π_{l<5} mcs_l^{w_l} · mssim_5^{w_5}. Multi-plane signals: MS-SSIM per plane, then the mean.
 *
 * The product is undefined when a base is negative (a real power of a negative number); it is
 * reported as an error naming the scale, never clamped and never NaN.
 */
import { MetricError } from './errors';
import { WANG2004_WINDOW } from './gaussian';
import { downsampleMatlab } from './downsample';
import type { PlaneSet } from './ssim';
import { ssimPlaneMeans, type SsimParams } from './ssimFilter';

/** The scale weights of `msssim.m` (finest first). */
export const MSSSIM_WEIGHTS: readonly number[] = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

/** Smallest side, after the crop, on which all 5 scales fit the 11×11 window: 11·2⁴. */
export const MSSSIM_MIN_SIDE = 176;

/** Options of {@link computeMsssim}. */
export interface MsssimOptions {
  /** Data range R of the signal. */
  readonly dataRange: number;
  /** How the caller describes the size in error messages; default "W×H". */
  readonly sizeDescription?: string;
}

/** MS-SSIM of one comparison. */
export interface MsssimResult {
  /** Mean over the planes of each plane's MS-SSIM. */
  readonly msssim: number;
  /** Each plane's MS-SSIM. */
  readonly perPlane: readonly number[];
  /** Per plane, per scale (finest first): mean SSIM and mean cs over the valid region. */
  readonly scales: readonly { readonly ssim: readonly number[]; readonly cs: readonly number[] }[];
}

/**
 * MS-SSIM of two plane sets of the same size and plane count.
 * @throws MetricError('msssim') when a side is below 176 px, or when a scale's mean cs (or the
 *   coarsest mean SSIM) is negative
 */
export function computeMsssim(a: PlaneSet, b: PlaneSet, options: MsssimOptions): MsssimResult {
  if (a.width !== b.width || a.height !== b.height || a.planes.length !== b.planes.length) {
    throw new RangeError(
      `computeMsssim: expected equal sizes and plane counts, got ${a.width}×${a.height}×${a.planes.length} and ${b.width}×${b.height}×${b.planes.length}`,
    );
  }
  const sizeDescription = options.sizeDescription ?? `${a.width}×${a.height}`;
  if (a.width < MSSSIM_MIN_SIDE || a.height < MSSSIM_MIN_SIDE) {
    throw new MetricError(
      'msssim',
      `MS-SSIM needs at least ${MSSSIM_MIN_SIDE} px per side (5 scales of an 11×11 window); the images are ${sizeDescription}`,
    );
  }
  const params: SsimParams = { window: WANG2004_WINDOW, covarianceScale: 1, dataRange: options.dataRange };
  const levels = MSSSIM_WEIGHTS.length;
  const perPlane: number[] = [];
  const scales: { ssim: number[]; cs: number[] }[] = [];
  const channelNames = a.planes.length === 3 ? ['R', 'G', 'B'] : [''];
  for (let p = 0; p < a.planes.length; p++) {
    let pa = a.planes[p];
    let pb = b.planes[p];
    let width = a.width;
    let height = a.height;
    const ssimAt: number[] = [];
    const csAt: number[] = [];
    for (let level = 0; level < levels; level++) {
      const means = ssimPlaneMeans([pa], [pb], width, height, params, undefined, true);
      ssimAt.push(means.ssim[0]);
      csAt.push(means.cs[0]);
      if (level < levels - 1) {
        const da = downsampleMatlab(pa, width, height, 2);
        const db = downsampleMatlab(pb, width, height, 2);
        pa = da.plane;
        pb = db.plane;
        width = da.width;
        height = da.height;
      }
    }
    let value = 1;
    for (let level = 0; level < levels; level++) {
      const last = level === levels - 1;
      const base = last ? ssimAt[level] : csAt[level];
      if (base < 0) {
        const what = last ? 'mean SSIM' : 'mean contrast-structure (cs)';
        const channel = channelNames[p] ? ` of channel ${channelNames[p]}` : '';
        throw new MetricError(
          'msssim',
          `MS-SSIM is undefined for these images: the ${what}${channel} at scale ${level + 1} of ${levels} is ${base} (negative), ` +
            'and a negative number has no real power; the images are anti-correlated at that scale',
        );
      }
      value *= base ** MSSSIM_WEIGHTS[level];
    }
    perPlane.push(value);
    scales.push({ ssim: ssimAt, cs: csAt });
  }
  let sum = 0;
  for (const v of perPlane) sum += v;
  return { msssim: sum / perPlane.length, perPlane, scales };
}
