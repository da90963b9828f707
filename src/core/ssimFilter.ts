/**
 * The SSIM filter engine shared by every SSIM recipe and by MS-SSIM.
 *
 * For each plane pair (a, b) it filters four signals with a separable window — a, b, a² + b² and
 * a·b — and only where the window fits entirely inside the plane (the 'valid' region of MATLAB
 * `filter2`, or scikit-image's `crop(S, pad)`). That is all SSIM needs: with μ = w∗·,
 *   SSIM = (2μaμb + C1)(2σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2)),
 *   cs   = (2σab + C2) / (σa² + σb² + C2),
 *   σa² + σb² = s·(w∗(a² + b²) − μa² − μb²),  σab = s·(w∗(ab) − μaμb),
 * with s the covariance scale (1 for population covariance, NP/(NP − 1) for scikit-image's sample
 * covariance). Filtering a² + b² once instead of a² and b² separately is exact algebra and saves a
 * fifth of the work.
 *
 * One pass over the rows: each input row is filtered horizontally into a ring of 2r + 1 rows, and
 * as soon as the ring holds a full window the vertical filter produces one output row, whose SSIM
 * values go straight into the row's sum and, when asked, into the map. Memory is O(width) per
 * plane besides the optional map; everything is float64.
 */
import type { SeparableWindow } from './gaussian';

/** Constants of one SSIM evaluation. */
export interface SsimParams {
  /** The separable window (Gaussian 11×11 or uniform 7×7). */
  readonly window: SeparableWindow;
  /** Variance/covariance scale: 1 (population) or NP/(NP − 1) (sample covariance, NP = window area). */
  readonly covarianceScale: number;
  /** Data range L of the signal: C1 = (K1·L)², C2 = (K2·L)². */
  readonly dataRange: number;
  /** Default 0.01. */
  readonly k1?: number;
  /** Default 0.03. */
  readonly k2?: number;
}

/** Where to put the SSIM map: a full-size plane, written in the valid region only. */
export interface SsimMapTarget {
  /** `width·height` floats; the valid region receives the mean over planes of the per-plane SSIM. */
  readonly data: Float32Array;
}

/** Per-plane means over the valid region. */
export interface SsimPlaneMeans {
  /** Mean SSIM of each plane pair. */
  readonly ssim: Float64Array;
  /** Mean contrast-structure term cs of each plane pair (MS-SSIM); zeros unless `wantCs`. */
  readonly cs: Float64Array;
}

/** Smallest side a plane needs for `window` to fit at least once. */
export function windowSide(window: SeparableWindow): number {
  return 2 * window.radius + 1;
}

/**
 * Mean SSIM (and, on request, mean cs) of each plane pair over the valid region, plus the map.
 *
 * @param a planes of the first image, each `width·height` long
 * @param b planes of the second image, same count and size
 * @param map when given, receives at each valid pixel the mean over the plane pairs of their SSIM
 *   (computed in float64, stored once); pixels outside the valid region are left untouched
 * @param wantCs also compute the mean cs of each plane pair
 * @throws RangeError when the planes are smaller than the window (callers check first and throw
 *   a MetricError with the user's sizes)
 */
export function ssimPlaneMeans(
  a: readonly Float64Array[],
  b: readonly Float64Array[],
  width: number,
  height: number,
  params: SsimParams,
  map?: SsimMapTarget,
  wantCs = false,
): SsimPlaneMeans {
  const { window } = params;
  const side = windowSide(window);
  if (width < side || height < side) {
    throw new RangeError(`ssimPlaneMeans: the ${side}×${side} window does not fit in ${width}×${height}`);
  }
  if (a.length !== b.length || a.length === 0) {
    throw new RangeError(`ssimPlaneMeans: expected the same non-zero number of planes, got ${a.length} and ${b.length}`);
  }
  const n = width * height;
  for (let p = 0; p < a.length; p++) {
    if (a[p].length !== n || b[p].length !== n) {
      throw new RangeError(`ssimPlaneMeans: plane ${p} is not ${width}×${height}`);
    }
  }
  if (map && map.data.length !== n) {
    throw new RangeError(`ssimPlaneMeans: the map must hold ${n} floats, got ${map.data.length}`);
  }
  const k1 = params.k1 ?? 0.01;
  const k2 = params.k2 ?? 0.03;
  const c1 = (k1 * params.dataRange) ** 2;
  const c2 = (k2 * params.dataRange) ** 2;
  const scale = params.covarianceScale;
  const r = window.radius;
  const validW = width - 2 * r;
  const validH = height - 2 * r;
  const planes = a.length;

  // Per plane: ring buffers of horizontally filtered rows for a, b, a²+b², ab.
  const ringSize = side * validW;
  const rings: Float64Array[] = [];
  for (let p = 0; p < planes; p++) {
    rings.push(new Float64Array(ringSize), new Float64Array(ringSize), new Float64Array(ringSize), new Float64Array(ringSize));
  }
  const sumSq = new Float64Array(width);
  const prod = new Float64Array(width);
  const rowSsim = new Float64Array(validW);
  const rowCs = new Float64Array(validW);
  const mapRow = map ? new Float64Array(validW) : undefined;
  const slots = new Int32Array(side);
  const ssimSum = new Float64Array(planes);
  const csSum = new Float64Array(planes);

  for (let y = 0; y < height; y++) {
    const slotOffset = (y % side) * validW;
    for (let p = 0; p < planes; p++) {
      filterRow(a[p], b[p], y * width, width, window, sumSq, prod,
        rings[4 * p], rings[4 * p + 1], rings[4 * p + 2], rings[4 * p + 3], slotOffset);
    }
    if (y < side - 1) continue;
    // The ring now holds input rows y − 2r … y: output row y − r.
    for (let j = 0; j < side; j++) slots[j] = ((y - 2 * r + j) % side) * validW;
    for (let p = 0; p < planes; p++) {
      verticalSsim(rings[4 * p], rings[4 * p + 1], rings[4 * p + 2], rings[4 * p + 3], slots, validW,
        window, c1, c2, scale, rowSsim, rowCs, wantCs);
      let s = 0;
      for (let x = 0; x < validW; x++) s += rowSsim[x];
      ssimSum[p] += s;
      if (wantCs) {
        let c = 0;
        for (let x = 0; x < validW; x++) c += rowCs[x];
        csSum[p] += c;
      }
      if (mapRow) {
        if (p === 0) mapRow.set(rowSsim);
        else for (let x = 0; x < validW; x++) mapRow[x] += rowSsim[x];
      }
    }
    if (map && mapRow) {
      const out = map.data;
      const o = (y - r) * width + r;
      if (planes === 1) {
        out.set(mapRow, o);
      } else {
        const inv = 1 / planes;
        for (let x = 0; x < validW; x++) out[o + x] = mapRow[x] * inv;
      }
    }
  }
  const count = validW * validH;
  const ssim = new Float64Array(planes);
  const cs = new Float64Array(planes);
  for (let p = 0; p < planes; p++) {
    ssim[p] = ssimSum[p] / count;
    cs[p] = csSum[p] / count;
  }
  return { ssim, cs };
}

/**
 * Horizontal pass for one input row: filtered a, b, a²+b², ab at the valid columns, written at
 * `slotOffset` in the four rings.
 */
function filterRow(
  a: Float64Array,
  b: Float64Array,
  rowStart: number,
  width: number,
  window: SeparableWindow,
  sumSq: Float64Array,
  prod: Float64Array,
  ringA: Float64Array,
  ringB: Float64Array,
  ringS: Float64Array,
  ringP: Float64Array,
  slotOffset: number,
): void {
  for (let x = 0; x < width; x++) {
    const va = a[rowStart + x];
    const vb = b[rowStart + x];
    sumSq[x] = va * va + vb * vb;
    prod[x] = va * vb;
  }
  const r = window.radius;
  const t = window.taps;
  const validW = width - 2 * r;
  const tc = t[r];
  for (let x = 0; x < validW; x++) {
    const c = x + r;
    const ic = rowStart + c;
    let fa = tc * a[ic];
    let fb = tc * b[ic];
    let fs = tc * sumSq[c];
    let fp = tc * prod[c];
    for (let k = 1; k <= r; k++) {
      const w = t[r + k];
      fa += w * (a[ic - k] + a[ic + k]);
      fb += w * (b[ic - k] + b[ic + k]);
      fs += w * (sumSq[c - k] + sumSq[c + k]);
      fp += w * (prod[c - k] + prod[c + k]);
    }
    const o = slotOffset + x;
    ringA[o] = fa;
    ringB[o] = fb;
    ringS[o] = fs;
    ringP[o] = fp;
  }
}

/** Vertical pass over the ring rows in `slots` (top to bottom) and the SSIM (and cs) of each column. */
function verticalSsim(
  ringA: Float64Array,
  ringB: Float64Array,
  ringS: Float64Array,
  ringP: Float64Array,
  slots: Int32Array,
  validW: number,
  window: SeparableWindow,
  c1: number,
  c2: number,
  scale: number,
  rowSsim: Float64Array,
  rowCs: Float64Array,
  wantCs: boolean,
): void {
  const r = window.radius;
  const t = window.taps;
  const tc = t[r];
  const oc = slots[r];
  for (let x = 0; x < validW; x++) {
    let ma = tc * ringA[oc + x];
    let mb = tc * ringB[oc + x];
    let ms = tc * ringS[oc + x];
    let mp = tc * ringP[oc + x];
    for (let k = 1; k <= r; k++) {
      const w = t[r + k];
      const up = slots[r - k] + x;
      const down = slots[r + k] + x;
      ma += w * (ringA[up] + ringA[down]);
      mb += w * (ringB[up] + ringB[down]);
      ms += w * (ringS[up] + ringS[down]);
      mp += w * (ringP[up] + ringP[down]);
    }
    const mab = ma * mb;
    const maa = ma * ma;
    const mbb = mb * mb;
    const csNum = 2 * scale * (mp - mab) + c2;
    const csDen = scale * (ms - maa - mbb) + c2;
    if (wantCs) {
      const cs = csNum / csDen;
      rowCs[x] = cs;
      rowSsim[x] = ((2 * mab + c1) / (maa + mbb + c1)) * cs;
    } else {
      rowSsim[x] = ((2 * mab + c1) * csNum) / ((maa + mbb + c1) * csDen);
    }
  }
}
