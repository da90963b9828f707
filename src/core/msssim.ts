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
import { planeSetSource, type PlaneSource } from './channels';
import { MetricError } from './errors';
import { WANG2004_WINDOW } from './gaussian';
import { downsampleSource } from './downsample';
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
export function computeMsssim(a: PlaneSource, b: PlaneSource, options: MsssimOptions): MsssimResult {
  if (a.width !== b.width || a.height !== b.height || a.planeCount !== b.planeCount) {
    throw new RangeError(
      `computeMsssim: expected equal sizes and plane counts, got ${a.width}×${a.height}×${a.planeCount} and ${b.width}×${b.height}×${b.planeCount}`,
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
  const channelNames = a.planeCount === 3 ? ['R', 'G', 'B'] : [''];
  for (let p = 0; p < a.planeCount; p++) {
    // Scale 1 reads plane p of the inputs; each later scale reads the previous one's downsampled planes.
    let sa: PlaneSource = a;
    let sb: PlaneSource = b;
    let plane = p;
    const ssimAt: number[] = [];
    const csAt: number[] = [];
    for (let level = 0; level < levels; level++) {
      const means = ssimPlaneMeans(onePlane(sa, plane), onePlane(sb, plane), params, undefined, true);
      ssimAt.push(means.ssim[0]);
      csAt.push(means.cs[0]);
      if (level < levels - 1) {
        const da = downsampleSource(sa, plane, 2);
        const db = downsampleSource(sb, plane, 2);
        sa = planeSetSource({ width: da.width, height: da.height, planes: [da.plane] });
        sb = planeSetSource({ width: db.width, height: db.height, planes: [db.plane] });
        plane = 0;
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

/** A single-plane view of plane `plane` of `source`. */
function onePlane(source: PlaneSource, plane: number): PlaneSource {
  if (source.planeCount === 1) return source;
  return {
    width: source.width,
    height: source.height,
    planeCount: 1,
    readRow: (_plane: number, y: number, out: Float64Array) => source.readRow(plane, y, out),
  };
}
