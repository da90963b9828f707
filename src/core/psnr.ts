/**
 * MSE and PSNR, as scikit-image 0.19 `mean_squared_error` and `peak_signal_noise_ratio`:
 * MSE = mean((a − b)²) over every pixel and every channel of the converted signal, in float64;
 * PSNR = 10·log10(R²/MSE) with R the data range. MSE 0 gives an infinite PSNR, reported as
 * `psnr: null, infinite: true` (JSON cannot hold Infinity).
 */
import type { PlaneSource } from './channels';

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
 * Mean squared error over every sample of every plane of two signals of the same size.
 * Each row's squared differences are summed first, then the row sums.
 */
export function meanSquaredError(a: PlaneSource, b: PlaneSource): number {
  if (a.width !== b.width || a.height !== b.height || a.planeCount !== b.planeCount) {
    throw new RangeError(
      `meanSquaredError: expected equal sizes and plane counts, got ${a.width}×${a.height}×${a.planeCount} and ${b.width}×${b.height}×${b.planeCount}`,
    );
  }
  const { width, height } = a;
  const rowA = new Float64Array(width);
  const rowB = new Float64Array(width);
  let total = 0;
  for (let p = 0; p < a.planeCount; p++) {
    for (let y = 0; y < height; y++) {
      a.readRow(p, y, rowA);
      b.readRow(p, y, rowB);
      let s = 0;
      for (let x = 0; x < width; x++) {
        const d = rowA[x] - rowB[x];
        s += d * d;
      }
      total += s;
    }
  }
  return total / (width * height * a.planeCount);
}

/** PSNR in dB from an MSE and a data range R > 0. */
export function psnrFromMse(mse: number, dataRange: number): PsnrResult {
  if (mse === 0) return { mse, psnr: null, infinite: true };
  return { mse, psnr: 10 * Math.log10((dataRange * dataRange) / mse), infinite: false };
}

/** MSE and PSNR of two signals with data range R. */
export function psnr(a: PlaneSource, b: PlaneSource, dataRange: number): PsnrResult {
  return psnrFromMse(meanSquaredError(a, b), dataRange);
}
