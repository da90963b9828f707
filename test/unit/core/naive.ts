/**
 * Test oracle: deliberately naive re-implementations of the metric recipes (docs/ARCHITECTURE.md, "Metric recipes"), written
 * from the formulas and sharing no code with src/core: direct 2-D windows (no separability, no
 * bands, no rings), two-pass variances Σw(x − μ)², direct f×f means with explicit 'symmetric'
 * padding. Slow on purpose; used on small random images.
 */
import type { DecodedImage } from '../../../src/core/image';
import type { ChannelMode, SsimVariant } from '../../../src/core/recipe';

/** A plane as the oracle sees it. */
export interface NaivePlane {
  width: number;
  height: number;
  values: Float64Array;
}

/** Crop then convert, pixel by pixel, straight from the recipe. Gray input is R = G = B. */
export function naivePlanes(image: DecodedImage, channel: ChannelMode, crop: number, planes?: number): NaivePlane[] {
  const width = image.width - 2 * crop;
  const height = image.height - 2 * crop;
  const m = 2 ** image.bitDepth - 1;
  const count = planes ?? (channel === 'rgb' && image.channels === 3 ? 3 : 1);
  const out: NaivePlane[] = [];
  for (let p = 0; p < count; p++) {
    const values = new Float64Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = ((y + crop) * image.width + (x + crop)) * image.channels;
        const rgb = image.channels === 3 ? [image.data[i], image.data[i + 1], image.data[i + 2]] : [image.data[i], image.data[i], image.data[i]];
        const [r, g, b] = rgb;
        let v: number;
        switch (channel) {
          case 'rgb':
            v = rgb[p];
            break;
          case 'y':
            v = 16 + 65.481 * (r / m) + 128.553 * (g / m) + 24.966 * (b / m);
            break;
          case 'y-matlab':
            v = Math.floor(16 + 65.481 * (r / m) + 128.553 * (g / m) + 24.966 * (b / m) + 0.5);
            break;
          case 'gray':
            v = roundHalfAwayFromZero(0.298936021293775 * r + 0.587043074451121 * g + 0.114020904255103 * b);
            break;
        }
        values[y * width + x] = v;
      }
    }
    out.push({ width, height, values });
  }
  return out;
}

/** MATLAB `round`: half away from zero, exact (no x + 0.5 rounding). */
export function roundHalfAwayFromZero(x: number): number {
  const a = Math.abs(x);
  const f = Math.floor(a);
  const r = a - f >= 0.5 ? f + 1 : f; // a − f is exact for doubles
  return x < 0 ? -r : r;
}

/** A 2-D window: `size`×`size` weights summing to 1. */
export interface NaiveWindow {
  size: number;
  weights: number[][];
  covNorm: number;
}

/** MATLAB `fspecial('gaussian', 11, 1.5)`: the 2-D Gaussian normalised as a whole. */
export function naiveGaussianWindow(): NaiveWindow {
  const size = 11;
  const weights: number[][] = [];
  let sum = 0;
  for (let i = 0; i < size; i++) {
    weights.push([]);
    for (let j = 0; j < size; j++) {
      const x = i - 5;
      const y = j - 5;
      const w = Math.exp(-(x * x + y * y) / (2 * 1.5 * 1.5));
      weights[i].push(w);
      sum += w;
    }
  }
  for (const row of weights) for (let j = 0; j < size; j++) row[j] /= sum;
  return { size, weights, covNorm: 1 };
}

/** scikit-image default: 7×7 uniform, sample covariance NP/(NP − 1). */
export function naiveUniformWindow(): NaiveWindow {
  const size = 7;
  const weights = Array.from({ length: size }, () => new Array<number>(size).fill(1 / 49));
  return { size, weights, covNorm: 49 / 48 };
}

/** Per-plane SSIM statistics and the full map (NaN outside the valid region). */
export interface NaiveSsim {
  mssim: number;
  mcs: number;
  map: Float64Array;
}

/** SSIM of one plane pair with a direct 2-D window over the valid region. */
export function naiveSsimPlane(a: NaivePlane, b: NaivePlane, window: NaiveWindow, dataRange: number): NaiveSsim {
  const { width, height } = a;
  const k = window.size;
  const half = (k - 1) / 2;
  const c1 = (0.01 * dataRange) ** 2;
  const c2 = (0.03 * dataRange) ** 2;
  const map = new Float64Array(width * height).fill(NaN);
  let sumSsim = 0;
  let sumCs = 0;
  let count = 0;
  for (let y = half; y < height - half; y++) {
    for (let x = half; x < width - half; x++) {
      let ma = 0;
      let mb = 0;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const w = window.weights[i][j];
          const idx = (y - half + i) * width + (x - half + j);
          ma += w * a.values[idx];
          mb += w * b.values[idx];
        }
      }
      let va = 0;
      let vb = 0;
      let cov = 0;
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const w = window.weights[i][j];
          const idx = (y - half + i) * width + (x - half + j);
          const da = a.values[idx] - ma;
          const db = b.values[idx] - mb;
          va += w * da * da;
          vb += w * db * db;
          cov += w * da * db;
        }
      }
      va *= window.covNorm;
      vb *= window.covNorm;
      cov *= window.covNorm;
      const cs = (2 * cov + c2) / (va + vb + c2);
      const s = ((2 * ma * mb + c1) / (ma * ma + mb * mb + c1)) * cs;
      map[y * width + x] = s;
      sumSsim += s;
      sumCs += cs;
      count++;
    }
  }
  return { mssim: sumSsim / count, mcs: sumCs / count, map };
}

/** MATLAB `imfilter(P, ones(f)/f², 'symmetric', 'same')` then `P(1:f:end, 1:f:end)`, in 2-D directly. */
export function naiveDownsample(plane: NaivePlane, f: number): NaivePlane {
  const { width, height } = plane;
  const outW = Math.ceil(width / f);
  const outH = Math.ceil(height / f);
  const shift = Math.floor((f - 1) / 2);
  const mirror = (i: number, n: number) => (i < 0 ? -i - 1 : i >= n ? 2 * n - 1 - i : i);
  const values = new Float64Array(outW * outH);
  for (let i = 0; i < outH; i++) {
    for (let j = 0; j < outW; j++) {
      let s = 0;
      for (let u = 0; u < f; u++) {
        for (let v = 0; v < f; v++) {
          s += plane.values[mirror(f * i + u - shift, height) * width + mirror(f * j + v - shift, width)];
        }
      }
      values[i * outW + j] = s / (f * f);
    }
  }
  return { width: outW, height: outH, values };
}

/** SSIM of a recipe: per plane, then the mean; `matlab` downsamples first. */
export function naiveSsim(a: NaivePlane[], b: NaivePlane[], variant: SsimVariant, dataRange: number): { ssim: number; perPlane: number[]; maps: Float64Array[] } {
  const window = variant === 'skimage' ? naiveUniformWindow() : naiveGaussianWindow();
  const perPlane: number[] = [];
  const maps: Float64Array[] = [];
  for (let p = 0; p < a.length; p++) {
    let pa = a[p];
    let pb = b[p];
    if (variant === 'matlab') {
      const f = Math.max(1, roundHalfAwayFromZero(Math.min(pa.width, pa.height) / 256));
      if (f > 1) {
        pa = naiveDownsample(pa, f);
        pb = naiveDownsample(pb, f);
      }
    }
    const r = naiveSsimPlane(pa, pb, window, dataRange);
    perPlane.push(r.mssim);
    maps.push(r.map);
  }
  return { ssim: perPlane.reduce((s, v) => s + v, 0) / perPlane.length, perPlane, maps };
}

/** Wang's msssim.m on one plane pair: returns the value or throws when a base is negative. */
export function naiveMsssimPlane(a: NaivePlane, b: NaivePlane, dataRange: number): { value: number; mssim: number[]; mcs: number[] } {
  const weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];
  const window = naiveGaussianWindow();
  const mssim: number[] = [];
  const mcs: number[] = [];
  let pa = a;
  let pb = b;
  for (let level = 0; level < 5; level++) {
    const r = naiveSsimPlane(pa, pb, window, dataRange);
    mssim.push(r.mssim);
    mcs.push(r.mcs);
    pa = naiveDownsample(pa, 2);
    pb = naiveDownsample(pb, 2);
  }
  let value = 1;
  for (let l = 0; l < 4; l++) value *= Math.pow(mcs[l], weights[l]);
  value *= Math.pow(mssim[4], weights[4]);
  return { value, mssim, mcs };
}

/** MSE over all planes. */
export function naiveMse(a: NaivePlane[], b: NaivePlane[]): number {
  let s = 0;
  let n = 0;
  for (let p = 0; p < a.length; p++) {
    for (let i = 0; i < a[p].values.length; i++) {
      const d = a[p].values[i] - b[p].values[i];
      s += d * d;
      n++;
    }
  }
  return s / n;
}
