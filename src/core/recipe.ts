/**
 * Recipe names shared by the UI, settings, CLI and JSON (docs/ARCHITECTURE.md, "Metric recipes").
 */

/** SSIM recipes: `wang2004` (Gaussian σ 1.5), `skimage` (7×7 uniform, sample covariance), `matlab` (ssim.m auto-downsampling). */
export type SsimVariant = 'wang2004' | 'skimage' | 'matlab';
/** Channel modes: per-channel RGB, BT.601 luma (float or MATLAB-rounded), MATLAB rgb2gray. */
export type ChannelMode = 'rgb' | 'y' | 'y-matlab' | 'gray';
/** Metric names as in `--metrics` and the JSON `metrics` object. */
export type MetricName = 'psnr' | 'ssim' | 'msssim' | 'lpips';

/** All SSIM variants, in the order the UI lists them. */
export const SSIM_VARIANTS: readonly SsimVariant[] = ['wang2004', 'skimage', 'matlab'];
/** All channel modes, in the order the UI lists them. */
export const CHANNEL_MODES: readonly ChannelMode[] = ['rgb', 'y', 'y-matlab', 'gray'];
/** All metric names, in the CSV column order (mse comes with psnr). */
export const METRIC_NAMES: readonly MetricName[] = ['psnr', 'ssim', 'msssim', 'lpips'];

/** The recipe a comparison is computed with. */
export interface Recipe {
  /** SSIM recipe (default `wang2004`). Does not apply to MS-SSIM. */
  readonly ssimVariant: SsimVariant;
  /** Channel conversion before every metric (default `rgb`). */
  readonly channel: ChannelMode;
  /** Pixels dropped on every side before any metric (default 0). */
  readonly cropBorder: number;
  /** Override of the data range R; never rescales values. Undefined: 255 / 65535 / 255 for Y. */
  readonly dataRange?: number;
}

/** The defaults (docs/ARCHITECTURE.md, "Metric recipes"). */
export const DEFAULT_RECIPE: Recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 };
