/**
 * Per-pixel maps (DESIGN.md, "Maps"): the absolute-error map and the container for the SSIM map.
 * Maps have the size of the compared signal (after the crop; for the `matlab` SSIM recipe, after
 * its downsampling), one float32 per pixel. Where a map is undefined (the SSIM border where the
 * window does not fit) it holds NaN and `valid` says where it is defined.
 */

/** A half-open rectangle of pixels: columns left…right−1, rows top…bottom−1. */
export interface MapRegion {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * A per-pixel map, row-major, one float per pixel. Structurally the `MetricMap` of
 * src/protocol/worker.ts (core imports nothing, so the type is declared here and must stay
 * assignable to that one).
 */
export interface MetricMap {
  /** Map width in pixels. */
  readonly width: number;
  /** Map height in pixels. */
  readonly height: number;
  /** `width·height` values; NaN outside `valid`. */
  readonly data: Float32Array;
  /** Smallest value in the valid region (of the stored float32 values). */
  readonly min: number;
  /** Largest value in the valid region (of the stored float32 values). */
  readonly max: number;
  /** Region where the map is defined; absent means the whole map. */
  readonly valid?: MapRegion;
}

/** Smallest and largest stored value inside `region` of a `width`-wide map. */
export function mapRange(data: Float32Array, width: number, region: MapRegion): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let y = region.top; y < region.bottom; y++) {
    const o = y * width;
    for (let x = region.left; x < region.right; x++) {
      const v = data[o + x];
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}

/**
 * Absolute-error map: |a − b| averaged over the planes, in data units of the converted signal
 * (code values for `rgb` and `gray`, Y units for the luma modes).
 * @param a planes of the first image, each `width·height` long
 * @param b planes of the second image, same count and size
 */
export function absErrorMap(a: readonly Float64Array[], b: readonly Float64Array[], width: number, height: number): MetricMap {
  const n = width * height;
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`absErrorMap: expected the same non-zero number of planes, got ${a.length} and ${b.length}`);
  }
  const data = new Float32Array(n);
  let min = Infinity;
  let max = -Infinity;
  if (a.length === 1) {
    const pa = a[0];
    const pb = b[0];
    for (let i = 0; i < n; i++) {
      const v = Math.fround(Math.abs(pa[i] - pb[i]));
      data[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  } else {
    const acc = new Float64Array(n);
    for (let p = 0; p < a.length; p++) {
      const pa = a[p];
      const pb = b[p];
      for (let i = 0; i < n; i++) acc[i] += Math.abs(pa[i] - pb[i]);
    }
    const inv = 1 / a.length;
    for (let i = 0; i < n; i++) {
      const v = Math.fround(acc[i] * inv);
      data[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { width, height, data, min, max };
}
