/**
 * Filter windows for SSIM, as separable 1-D kernels.
 *
 * Reproduces scipy.ndimage's `_gaussian_kernel1d(sigma, 0, radius)` (scipy 1.10): radius =
 * int(truncate·σ + 0.5), taps exp(−0.5/σ² · x²) for x = −radius…radius, divided by their sum.
 * With σ = 1.5 and truncate = 3.5 this is the 11-tap window of Wang et al. 2004 (MATLAB
 * `fspecial('gaussian', 11, 1.5)` is its outer product with itself), which scikit-image 0.19 uses
 * for `gaussian_weights=True`. The uniform window is scipy's `uniform_filter(size=7)`, the
 * scikit-image default.
 */

/** A symmetric, separable filter window: the same 1-D kernel is applied along x and then along y. */
export interface SeparableWindow {
  /** Half-width in pixels: the kernel has `2·radius + 1` taps. */
  readonly radius: number;
  /** The 1-D taps, centre at index `radius`, symmetric, summing to 1 (within rounding). */
  readonly taps: Float64Array;
}

/**
 * The normalised 1-D Gaussian kernel of scipy.ndimage.gaussian_filter1d.
 * @param sigma standard deviation in pixels (> 0)
 * @param truncate the kernel stops at `int(truncate·sigma + 0.5)` pixels from the centre
 */
export function gaussianWindow(sigma: number, truncate: number): SeparableWindow {
  if (!(sigma > 0) || !Number.isFinite(sigma)) {
    throw new RangeError(`gaussianWindow: expected a positive finite sigma, got ${sigma}`);
  }
  if (!(truncate > 0) || !Number.isFinite(truncate)) {
    throw new RangeError(`gaussianWindow: expected a positive finite truncate, got ${truncate}`);
  }
  const radius = Math.trunc(truncate * sigma + 0.5);
  const taps = new Float64Array(2 * radius + 1);
  const sigma2 = sigma * sigma;
  let sum = 0;
  for (let i = 0; i < taps.length; i++) {
    const x = i - radius;
    const v = Math.exp((-0.5 / sigma2) * (x * x));
    taps[i] = v;
    sum += v;
  }
  for (let i = 0; i < taps.length; i++) taps[i] = taps[i] / sum;
  return { radius, taps };
}

/**
 * The uniform (box) window of scipy.ndimage.uniform_filter: `size` taps of 1/size each.
 * @param size odd window side in pixels (scikit-image requires an odd `win_size`)
 */
export function uniformWindow(size: number): SeparableWindow {
  if (!Number.isInteger(size) || size < 1 || size % 2 !== 1) {
    throw new RangeError(`uniformWindow: expected an odd positive integer size, got ${size}`);
  }
  return { radius: (size - 1) / 2, taps: new Float64Array(size).fill(1 / size) };
}

/** Wang et al. 2004 window: Gaussian σ = 1.5, truncated at 3.5σ, 11×11. */
export const WANG2004_WINDOW: SeparableWindow = gaussianWindow(1.5, 3.5);

/** scikit-image default window: 7×7 uniform. */
export const SKIMAGE_WINDOW: SeparableWindow = uniformWindow(7);
