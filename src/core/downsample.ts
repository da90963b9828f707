/**
 * MATLAB-style downsampling used by Wang's `ssim.m` (2009) and `msssim.m`:
 * `imfilter(img, ones(f)/f², 'symmetric', 'same')` followed by `img(1:f:end, 1:f:end)`.
 *
 * In 0-based indices, per axis: down[i] = mean_{k=0..f−1} P[f·i + k − floor((f−1)/2)] for
 * i = 0…ceil(N/f) − 1, where P is the plane with MATLAB 'symmetric' padding (the edge sample is
 * repeated: P[−1] = P[0], P[N] = P[N−1]; scipy's `mode='reflect'`). The box filter is separable, so
 * rows are averaged first and columns second.
 */
import { materializePlane, planeSetSource, type PlaneSource } from './channels';

/** The Wang `ssim.m` (2009) downsampling factor: max(1, round(min(H, W)/256)), round half away from zero. */
export function matlabDownsampleFactor(width: number, height: number): number {
  // Math.round rounds .5 up, which is "away from zero" for the positive values here.
  return Math.max(1, Math.round(Math.min(width, height) / 256));
}

/** Output size of the downsampling along one axis of `n` samples: ceil(n / f). */
export function downsampledLength(n: number, factor: number): number {
  return Math.ceil(n / factor);
}

/** Index into 0…n−1 of MATLAB 'symmetric' padding (edge repeated) for any i in −n…2n−1. */
function symmetricIndex(i: number, n: number): number {
  if (i < 0) return -i - 1;
  if (i >= n) return 2 * n - 1 - i;
  return i;
}

/**
 * Downsamples one plane of `source` by `factor` (≥ 1) in each axis as MATLAB `imfilter` +
 * `(1:f:end)` does, reading the source row by row.
 * @returns the downsampled plane and its size (`ceil(width/f)` × `ceil(height/f)`)
 */
export function downsampleSource(
  source: PlaneSource,
  plane: number,
  factor: number,
): { readonly plane: Float64Array; readonly width: number; readonly height: number } {
  const { width, height } = source;
  if (!Number.isInteger(factor) || factor < 1) {
    throw new RangeError(`downsampleSource: expected a positive integer factor, got ${factor}`);
  }
  if (factor === 1) return { plane: materializePlane(source, plane), width, height };
  if (factor > width || factor > height) {
    throw new RangeError(`downsampleSource: factor ${factor} exceeds the ${width}×${height} plane`);
  }
  const outW = downsampledLength(width, factor);
  const outH = downsampledLength(height, factor);
  const shift = Math.floor((factor - 1) / 2);
  const inv = 1 / factor;
  // Column indices (with padding) that feed output column j: cols[j·f + k].
  const cols = new Int32Array(outW * factor);
  for (let j = 0; j < outW; j++) {
    for (let k = 0; k < factor; k++) cols[j * factor + k] = symmetricIndex(factor * j + k - shift, width);
  }
  const row = new Float64Array(width);
  const rowMeans = new Float64Array(outW * factor); // the horizontally averaged rows k = 0…f−1
  const out = new Float64Array(outW * outH);
  for (let i = 0; i < outH; i++) {
    for (let k = 0; k < factor; k++) {
      source.readRow(plane, symmetricIndex(factor * i + k - shift, height), row);
      const r = k * outW;
      for (let j = 0; j < outW; j++) {
        let s = 0;
        const c = j * factor;
        for (let q = 0; q < factor; q++) s += row[cols[c + q]];
        rowMeans[r + j] = s * inv;
      }
    }
    const o = i * outW;
    for (let j = 0; j < outW; j++) {
      let s = 0;
      for (let k = 0; k < factor; k++) s += rowMeans[k * outW + j];
      out[o + j] = s * inv;
    }
  }
  return { plane: out, width: outW, height: outH };
}

/** {@link downsampleSource} on a materialised plane. */
export function downsampleMatlab(
  plane: Float64Array,
  width: number,
  height: number,
  factor: number,
): { readonly plane: Float64Array; readonly width: number; readonly height: number } {
  return downsampleSource(planeSetSource({ width, height, planes: [plane] }), 0, factor);
}
