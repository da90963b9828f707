/**
 * SSIM (Wang, Bovik, Sheikh, Simoncelli 2004, "Image quality assessment: from error visibility to
 * structural similarity"), in three named recipes (docs/ARCHITECTURE.md, "Metric recipes"):
 *
 * - `wang2004`: Gaussian window σ = 1.5, 11×11 (truncate 3.5, normalised), K1 = 0.01, K2 = 0.03,
 *   population covariance, mean of the SSIM map over the valid region. Reproduces scikit-image 0.19
 *   `structural_similarity(gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 *   data_range=R)` and MATLAB `ssim_index.m`.
 * - `skimage`: scikit-image 0.19 `structural_similarity` defaults: 7×7 uniform window
 *   (`uniform_filter(size=7)`), sample covariance (×49/48), mean over the valid region (crop 3).
 * - `matlab`: Wang's `ssim.m` (2009): downsample by f = max(1, round(min(H, W)/256)) with
 *   `imfilter(ones(f)/f², 'symmetric')` and `(1:f:end)`, then `wang2004`.
 *
 * Multi-plane signals (RGB): SSIM per plane, then the mean of the planes (scikit-image
 * `channel_axis=-1`); the map is the per-pixel mean of the plane maps.
 */
import { planeSetSource, type PlaneSource } from './channels';
import { MetricError } from './errors';
import { SKIMAGE_WINDOW, WANG2004_WINDOW, type SeparableWindow } from './gaussian';
import { downsampleSource, matlabDownsampleFactor } from './downsample';
import { mapRange, type MetricMap } from './maps';
import type { SsimVariant } from './recipe';
import { ssimPlaneMeans, windowSide, type SsimParams, type SsimPlaneMeans } from './ssimFilter';

/** Options of {@link computeSsim}. */
export interface SsimOptions {
  /** The recipe (default `wang2004`). */
  readonly variant?: SsimVariant;
  /** Data range R of the signal (C1 = (0.01·R)², C2 = (0.03·R)²). */
  readonly dataRange: number;
  /** Also return the SSIM map (default false). */
  readonly map?: boolean;
  /**
   * How the caller describes the size in error messages, e.g. "64×64 (60×60 after a 2 px crop)";
   * default "W×H".
   */
  readonly sizeDescription?: string;
}

/** SSIM of one comparison. */
export interface SsimResult {
  /** Mean over the planes of each plane's mean SSIM. */
  readonly ssim: number;
  /** Each plane's mean SSIM (one entry for single-plane signals). */
  readonly perPlane: readonly number[];
  /** The recipe that produced it. */
  readonly variant: SsimVariant;
  /** Downsampling factor applied before filtering (1 except for `matlab` on images ≥ 384 px). */
  readonly downsampleFactor: number;
  /** The SSIM map, at the size of the filtered signal, NaN outside its valid region, when asked. */
  readonly map?: MetricMap;
}

/** Window and covariance scale of a recipe (the `matlab` recipe filters like `wang2004`). */
export function ssimWindow(variant: SsimVariant): { readonly window: SeparableWindow; readonly covarianceScale: number } {
  switch (variant) {
    case 'wang2004':
    case 'matlab':
      return { window: WANG2004_WINDOW, covarianceScale: 1 };
    case 'skimage': {
      const np = windowSide(SKIMAGE_WINDOW) ** 2;
      return { window: SKIMAGE_WINDOW, covarianceScale: np / (np - 1) };
    }
    default: {
      const never: never = variant;
      throw new RangeError(`unknown SSIM variant ${String(never)}`);
    }
  }
}

/**
 * A validated SSIM computation, ready for the filter engine: the signals it filters (after the
 * `matlab` downsampling) and the constants. {@link computeSsim} is {@link planSsim}, the engine
 * over all bands ({@link ssimPlaneMeans}), then {@link ssimResult}; a parallel caller runs the
 * bands elsewhere ({@link ssimBandSums}) and finishes with the same {@link ssimResult}.
 */
export interface SsimPlan {
  /** The recipe. */
  readonly variant: SsimVariant;
  /** Downsampling factor applied before filtering (1 except for `matlab` on images ≥ 384 px). */
  readonly downsampleFactor: number;
  /** The first signal as filtered (the input itself unless downsampled). */
  readonly a: PlaneSource;
  /** The second signal as filtered. */
  readonly b: PlaneSource;
  /** Window, covariance scale and data range. */
  readonly params: SsimParams;
}

/**
 * Checks the inputs of an SSIM computation and downsamples them for the `matlab` recipe.
 * @throws RangeError when the sizes or plane counts differ; MetricError('ssim') when the signal
 *   (after `matlab` downsampling) is smaller than the window
 */
export function planSsim(a: PlaneSource, b: PlaneSource, options: SsimOptions): SsimPlan {
  const variant = options.variant ?? 'wang2004';
  if (a.width !== b.width || a.height !== b.height || a.planeCount !== b.planeCount) {
    throw new RangeError(
      `computeSsim: expected equal sizes and plane counts, got ${a.width}×${a.height}×${a.planeCount} and ${b.width}×${b.height}×${b.planeCount}`,
    );
  }
  const { window, covarianceScale } = ssimWindow(variant);
  const side = windowSide(window);
  const sizeDescription = options.sizeDescription ?? `${a.width}×${a.height}`;
  const factor = variant === 'matlab' ? matlabDownsampleFactor(a.width, a.height) : 1;
  let sourceA = a;
  let sourceB = b;
  if (factor > 1) {
    const down = (source: PlaneSource): PlaneSource => {
      const planes: Float64Array[] = [];
      let width = 0;
      let height = 0;
      for (let p = 0; p < source.planeCount; p++) {
        const d = downsampleSource(source, p, factor);
        planes.push(d.plane);
        width = d.width;
        height = d.height;
      }
      return planeSetSource({ width, height, planes });
    };
    sourceA = down(a);
    sourceB = down(b);
  }
  const { width, height } = sourceA;
  if (width < side || height < side) {
    const after = factor > 1 ? `, ${width}×${height} after the ssim.m downsampling by ${factor}` : '';
    throw new MetricError(
      'ssim',
      `SSIM (${variant}) needs at least ${side}×${side} pixels for its ${side}×${side} window; the images are ${sizeDescription}${after}`,
    );
  }
  const params: SsimParams = { window, covarianceScale, dataRange: options.dataRange };
  return { variant, downsampleFactor: factor, a: sourceA, b: sourceB, params };
}

/**
 * The result of a planned computation from its per-plane means and, when the map was asked for,
 * the map data (NaN outside the valid region) and, if the caller already knows it, its range.
 */
export function ssimResult(plan: SsimPlan, means: SsimPlaneMeans, mapData?: Float32Array, range?: { readonly min: number; readonly max: number }): SsimResult {
  const perPlane = Array.from(means.ssim);
  let sum = 0;
  for (const v of perPlane) sum += v;
  const result: SsimResult = { ssim: sum / perPlane.length, perPlane, variant: plan.variant, downsampleFactor: plan.downsampleFactor };
  if (!mapData) return result;
  const { width, height } = plan.a;
  const r = plan.params.window.radius;
  const valid = { left: r, top: r, right: width - r, bottom: height - r };
  const { min, max } = range ?? mapRange(mapData, width, valid);
  const map: MetricMap = { width, height, data: mapData, min, max, valid };
  return { ...result, map };
}

/**
 * SSIM of two signals of the same size and plane count.
 * @throws MetricError('ssim') when the signal (after `matlab` downsampling) is smaller than the window
 */
export function computeSsim(a: PlaneSource, b: PlaneSource, options: SsimOptions): SsimResult {
  const plan = planSsim(a, b, options);
  if (!options.map) return ssimResult(plan, ssimPlaneMeans(plan.a, plan.b, plan.params));
  const data = new Float32Array(plan.a.width * plan.a.height).fill(NaN);
  const means = ssimPlaneMeans(plan.a, plan.b, plan.params, { data });
  return ssimResult(plan, means, data);
}
