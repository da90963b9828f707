/**
 * Border crop (docs/ARCHITECTURE.md, "Metric recipes", Crop border N): N pixels are dropped on
 * every side before any metric, map or LPIPS input, and before channel conversion and MATLAB-style
 * downsampling.
 * Equivalent to BasicSR's `crop_border` and to `img[N:-N, N:-N]` in NumPy.
 */
import { InputError } from './errors';

/** The part of a width×height image that is kept after cropping `border` pixels on every side. */
export interface CropRect {
  /** First kept column. */
  readonly left: number;
  /** First kept row. */
  readonly top: number;
  /** Kept width in pixels (`width − 2·border`). */
  readonly width: number;
  /** Kept height in pixels (`height − 2·border`). */
  readonly height: number;
}

/**
 * Checks `cropBorder` and returns the kept rectangle.
 * @throws InputError when `cropBorder` is not a non-negative integer or leaves no pixel
 */
export function cropRect(width: number, height: number, cropBorder: number): CropRect {
  if (!Number.isInteger(cropBorder) || cropBorder < 0) {
    throw new InputError(`crop border: expected a non-negative whole number of pixels, got ${cropBorder}`);
  }
  const keptWidth = width - 2 * cropBorder;
  const keptHeight = height - 2 * cropBorder;
  if (keptWidth < 1 || keptHeight < 1) {
    throw new InputError(
      `crop border ${cropBorder} px leaves no pixels of the ${width}×${height} images ` +
        `(it must be below ${Math.ceil(Math.min(width, height) / 2)}); use a smaller --crop-border`,
    );
  }
  return { left: cropBorder, top: cropBorder, width: keptWidth, height: keptHeight };
}
