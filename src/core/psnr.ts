/**
 * MSE and PSNR, as scikit-image 0.19 `mean_squared_error` and `peak_signal_noise_ratio`:
 * MSE = mean((a − b)²) over every pixel and every channel of the converted signal, in float64;
 * PSNR = 10·log10(R²/MSE) with R the data range. MSE 0 gives an infinite PSNR, reported as
 * `psnr: null, infinite: true` (JSON cannot hold Infinity).
 */

/** MSE and PSNR of one comparison. */
export interface PsnrResult {
  /** Mean squared error in squared data units. */
  readonly mse: number;
  /** 10·log10(R²/MSE) in dB; null when MSE is 0. */
  readonly psnr: number | null;
  /** True exactly when MSE is 0 (PSNR is +∞). */
  readonly infinite: boolean;
}

/**
 * Mean squared error over all planes (each `length` samples).
 * @param a planes of the first image
 * @param b planes of the second image, same count and lengths
 */
export function meanSquaredError(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`meanSquaredError: expected the same non-zero number of planes, got ${a.length} and ${b.length}`);
  }
  let total = 0;
  let count = 0;
  for (let p = 0; p < a.length; p++) {
    const pa = a[p];
    const pb = b[p];
    if (pa.length !== pb.length) {
      throw new RangeError(`meanSquaredError: plane ${p} lengths differ (${pa.length} and ${pb.length})`);
    }
    // Row-sized partial sums keep the rounding error of very large images far below 1e-12.
    const block = 4096;
    for (let start = 0; start < pa.length; start += block) {
      const end = Math.min(pa.length, start + block);
      let s = 0;
      for (let i = start; i < end; i++) {
        const d = pa[i] - pb[i];
        s += d * d;
      }
      total += s;
    }
    count += pa.length;
  }
  return total / count;
}

/** PSNR in dB from an MSE and a data range R > 0. */
export function psnrFromMse(mse: number, dataRange: number): PsnrResult {
  if (mse === 0) return { mse, psnr: null, infinite: true };
  return { mse, psnr: 10 * Math.log10((dataRange * dataRange) / mse), infinite: false };
}

/** MSE and PSNR of two plane sets with data range R. */
export function psnr(a: readonly Float64Array[], b: readonly Float64Array[], dataRange: number): PsnrResult {
  return psnrFromMse(meanSquaredError(a, b), dataRange);
}
