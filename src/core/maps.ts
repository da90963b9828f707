/**
 * Per-pixel maps (docs/ARCHITECTURE.md, "Metric recipes", Maps): the absolute-error map and the
 * container for the SSIM map.
 * Maps have the size of the compared signal (after the crop; for the `matlab` SSIM recipe, after
 * its downsampling), one float32 per pixel. Where a map is undefined (the SSIM border where the
 * window does not fit) it holds NaN and `valid` says where it is defined.
 */
import type { PlaneSource } from './channels';

/** A half-open rectangle of pixels: columns left…right−1, rows top…bottom−1. */
export interface MapRegion {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** A per-pixel map, row-major, one float per pixel (also the `MetricMap` of src/protocol/worker.ts). */
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
 * (code values for `rgb` and `gray`, Y units for the luma modes). No invalid region.
 */
export function absErrorMap(a: PlaneSource, b: PlaneSource): MetricMap {
  if (a.width !== b.width || a.height !== b.height || a.planeCount !== b.planeCount) {
    throw new RangeError(
      `absErrorMap: expected equal sizes and plane counts, got ${a.width}×${a.height}×${a.planeCount} and ${b.width}×${b.height}×${b.planeCount}`,
    );
  }
  const { width, height, planeCount } = a;
  const data = new Float32Array(width * height);
  const rowA = new Float64Array(width);
  const rowB = new Float64Array(width);
  const acc = new Float64Array(width);
  const inv = 1 / planeCount;
  let min = Infinity;
  let max = -Infinity;
  for (let y = 0; y < height; y++) {
    acc.fill(0);
    for (let p = 0; p < planeCount; p++) {
      a.readRow(p, y, rowA);
      b.readRow(p, y, rowB);
      for (let x = 0; x < width; x++) acc[x] += Math.abs(rowA[x] - rowB[x]);
    }
    const o = y * width;
    for (let x = 0; x < width; x++) {
      const v = Math.fround(acc[x] * inv);
      data[o + x] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { width, height, data, min, max };
}
