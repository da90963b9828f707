/**
 * The SSIM filter engine shared by every SSIM recipe and by MS-SSIM.
 *
 * For each plane pair (a, b) it filters four signals with a separable window — a, b, a² + b² and
 * a·b — only where the window fits entirely inside the plane (the 'valid' region of MATLAB
 * `filter2`, or scikit-image's `crop(S, pad)`). That is all SSIM needs: with μ = w∗·,
 *   SSIM = (2μaμb + C1)(2σab + C2) / ((μa² + μb² + C1)(σa² + σb² + C2)),
 *   cs   = (2σab + C2) / (σa² + σb² + C2),
 *   σa² + σb² = s·(w∗(a² + b²) − μa² − μb²),  σab = s·(w∗(ab) − μaμb),
 * with s the covariance scale (1 for population covariance, NP/(NP − 1) for scikit-image's sample
 * covariance). Filtering a² + b² once instead of a² and b² separately is exact algebra (σa² and σb²
 * only ever appear as their sum) and saves a fifth of the work.
 *
 * The image is processed in horizontal bands of output rows. For each band the needed input rows
 * are filtered horizontally into band buffers (the last 2r filtered rows are carried over to the
 * next band, so no row is filtered twice), then each column of the band is filtered vertically,
 * then the SSIM of the band's pixels is summed row by row and written to the map. The 11-tap
 * Gaussian of `wang2004` and the 7-tap box of `skimage` have unrolled loops that slide the window
 * through local variables (one load per output instead of eleven or seven); other windows use
 * plain loops. Everything is float64; the
 * result does not depend on the band size.
 *
 * The bands are also the unit of parallel work: {@link ssimBandSums} computes the per-band sums
 * (and map rows) of any range of bands, and {@link ssimMeansFromBandSums} adds them in band order,
 * which is exactly what {@link ssimPlaneMeans} does over all bands in one call. Threads that split
 * the bands between them therefore reproduce the serial means bit for bit.
 */
import type { PlaneSource } from './channels';
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
 * Output rows per band: small enough for the band buffers to stay in cache, large enough to
 * amortise the 2r carried rows; a multiple of 11 so the unrolled vertical loop has no remainder.
 */
const BAND_ROWS = 33;

/** Per plane pair: horizontally filtered rows of a, b, a²+b², ab for the current band (2r carried + BAND_ROWS). */
export interface PlaneBand {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly s: Float64Array;
  readonly p: Float64Array;
}

/**
 * How the valid region of a `width`×`height` plane is cut into bands of output rows. The band
 * structure is fixed by the size alone, so any set of threads that computes the bands' sums (with
 * {@link ssimBandSums}) and adds them in band order gets exactly the serial result.
 */
export interface SsimBandLayout {
  /** Width of the valid region (`width − 2r`). */
  readonly validWidth: number;
  /** Height of the valid region (`height − 2r`). */
  readonly validHeight: number;
  /** Output rows per band (the last band may have fewer). */
  readonly bandRows: number;
  /** Number of bands: ceil(validHeight / bandRows). */
  readonly bandCount: number;
}

/**
 * The band layout of a `width`×`height` plane for `window`.
 * @throws RangeError when the window does not fit
 */
export function ssimBandLayout(width: number, height: number, window: SeparableWindow): SsimBandLayout {
  const side = windowSide(window);
  if (width < side || height < side) {
    throw new RangeError(`ssimBandLayout: the ${side}×${side} window does not fit in ${width}×${height}`);
  }
  const r = window.radius;
  const validWidth = width - 2 * r;
  const validHeight = height - 2 * r;
  const bandRows = Math.min(BAND_ROWS, validHeight);
  return { validWidth, validHeight, bandRows, bandCount: Math.ceil(validHeight / bandRows) };
}

/**
 * Per-band sums of the SSIM (and cs) values, plane by plane: entry `band·planeCount + plane`.
 * Both arrays hold `bandCount·planeCount` values (they may be views of shared memory).
 */
export interface SsimBandSumsTarget {
  /** Sum over the band's pixels of the plane pair's SSIM. */
  readonly ssim: Float64Array;
  /** Sum over the band's pixels of the plane pair's cs (written only when cs is asked for). */
  readonly cs: Float64Array;
}

/**
 * Reusable work buffers of {@link ssimBandSums}: a caller that computes many ranges of bands (a
 * band worker) passes the same scratch each time to avoid reallocating them. Its fields are the
 * engine's working storage, not an interface.
 */
export class SsimScratch {
  private key = '';
  bands: PlaneBand[] = [];
  muA = new Float64Array(0);
  muB = new Float64Array(0);
  meanS = new Float64Array(0);
  meanP = new Float64Array(0);
  rowA = new Float64Array(0);
  rowB = new Float64Array(0);
  sumSq = new Float64Array(0);
  prod = new Float64Array(0);
  bandMap = new Float64Array(0);

  /**
   * Makes sure the buffers fit a plane of `width` pixels with `validW`, `bufRows`, `bandRows`,
   * `planes`; returns false when they had to be (re)allocated (their contents are then lost).
   */
  ensure(width: number, validW: number, bufRows: number, bandRows: number, planes: number): boolean {
    const key = `${width} ${validW} ${bufRows} ${bandRows} ${planes}`;
    if (key === this.key) return true;
    this.key = key;
    this.bands = [];
    for (let p = 0; p < planes; p++) {
      const size = bufRows * validW;
      this.bands.push({ a: new Float64Array(size), b: new Float64Array(size), s: new Float64Array(size), p: new Float64Array(size) });
    }
    const outSize = bandRows * validW;
    this.muA = new Float64Array(outSize);
    this.muB = new Float64Array(outSize);
    this.meanS = new Float64Array(outSize);
    this.meanP = new Float64Array(outSize);
    this.bandMap = new Float64Array(outSize);
    this.rowA = new Float64Array(width);
    this.rowB = new Float64Array(width);
    this.sumSq = new Float64Array(width);
    this.prod = new Float64Array(width);
    return false;
  }
}

/**
 * Mean SSIM (and, on request, mean cs) of each plane pair over the valid region, plus the map.
 *
 * @param a the first image's signal
 * @param b the second image's signal, same size and plane count
 * @param map when given, receives at each valid pixel the mean over the plane pairs of their SSIM
 *   (computed in float64, stored once); pixels outside the valid region are left untouched
 * @param wantCs also compute the mean cs of each plane pair
 * @throws RangeError when the planes are smaller than the window (callers check first and throw
 *   a MetricError with the user's sizes)
 */
export function ssimPlaneMeans(
  a: PlaneSource,
  b: PlaneSource,
  params: SsimParams,
  map?: SsimMapTarget,
  wantCs = false,
): SsimPlaneMeans {
  checkSsimInputs(a, b, params, map);
  const layout = ssimBandLayout(a.width, a.height, params.window);
  const planes = a.planeCount;
  const sums: SsimBandSumsTarget = {
    ssim: new Float64Array(layout.bandCount * planes),
    cs: new Float64Array(layout.bandCount * planes),
  };
  ssimBandSums(a, b, params, 0, layout.bandCount, sums, { map, wantCs });
  return ssimMeansFromBandSums(sums, planes, layout, wantCs);
}

/**
 * The per-plane means from the per-band sums of every band: the band sums are added in band order
 * (as the serial computation does), then divided by the valid pixel count.
 */
export function ssimMeansFromBandSums(sums: SsimBandSumsTarget, planes: number, layout: SsimBandLayout, wantCs: boolean): SsimPlaneMeans {
  const ssimSum = new Float64Array(planes);
  const csSum = new Float64Array(planes);
  for (let band = 0; band < layout.bandCount; band++) {
    for (let p = 0; p < planes; p++) {
      ssimSum[p] += sums.ssim[band * planes + p];
      if (wantCs) csSum[p] += sums.cs[band * planes + p];
    }
  }
  const count = layout.validWidth * layout.validHeight;
  const ssim = new Float64Array(planes);
  const cs = new Float64Array(planes);
  for (let p = 0; p < planes; p++) {
    ssim[p] = ssimSum[p] / count;
    cs[p] = wantCs ? csSum[p] / count : 0;
  }
  return { ssim, cs };
}

/** Throws RangeError unless `a`, `b` (and `map`) can go through the SSIM filter together. */
function checkSsimInputs(a: PlaneSource, b: PlaneSource, params: SsimParams, map?: SsimMapTarget): void {
  const { width, height } = a;
  const side = windowSide(params.window);
  if (b.width !== width || b.height !== height || a.planeCount !== b.planeCount || a.planeCount < 1) {
    throw new RangeError(
      `ssimPlaneMeans: expected equal sizes and plane counts, got ${width}×${height}×${a.planeCount} and ${b.width}×${b.height}×${b.planeCount}`,
    );
  }
  if (width < side || height < side) {
    throw new RangeError(`ssimPlaneMeans: the ${side}×${side} window does not fit in ${width}×${height}`);
  }
  const n = width * height;
  if (map && map.data.length !== n) {
    throw new RangeError(`ssimPlaneMeans: the map must hold ${n} floats, got ${map.data.length}`);
  }
}

/** Options of {@link ssimBandSums}. */
export interface SsimBandOptions {
  /** Receives the bands' rows of the map (valid columns only). */
  readonly map?: SsimMapTarget;
  /** Also compute the cs sums. */
  readonly wantCs?: boolean;
  /** Work buffers to reuse across calls (allocated for the call when absent). */
  readonly scratch?: SsimScratch;
  /**
   * The previous call with this `scratch` computed band `firstBand − 1` of the same inputs, so its
   * last 2r horizontally filtered rows are still in the scratch and are carried over instead of
   * filtered again (a thread that walks consecutive bands one call at a time does no extra work).
   */
  readonly continues?: boolean;
}

/**
 * The SSIM (and cs) sums of bands `firstBand…endBand−1` of the valid region (see
 * {@link ssimBandLayout}), written to `sums` at `band·planeCount + plane`, and, when a map is
 * given, their rows of the map. Any partition of the bands between calls (and threads) gives, band
 * for band, the same sums and map values as one call over all bands.
 *
 * @throws RangeError on mismatched inputs, a band range outside the layout, or `continues` with a
 *   scratch that was not used for the same sizes
 */
export function ssimBandSums(
  a: PlaneSource,
  b: PlaneSource,
  params: SsimParams,
  firstBand: number,
  endBand: number,
  sums: SsimBandSumsTarget,
  options: SsimBandOptions = {},
): void {
  const map = options.map;
  const wantCs = options.wantCs ?? false;
  const scratch = options.scratch ?? new SsimScratch();
  const continues = options.continues === true && firstBand > 0;
  checkSsimInputs(a, b, params, map);
  const { window } = params;
  const { width } = a;
  const layout = ssimBandLayout(width, a.height, window);
  const planes = a.planeCount;
  if (!(Number.isInteger(firstBand) && Number.isInteger(endBand) && firstBand >= 0 && firstBand <= endBand && endBand <= layout.bandCount)) {
    throw new RangeError(`ssimBandSums: bands ${firstBand}…${endBand} outside 0…${layout.bandCount}`);
  }
  if (sums.ssim.length < layout.bandCount * planes || sums.cs.length < layout.bandCount * planes) {
    throw new RangeError(`ssimBandSums: the sums must hold ${layout.bandCount * planes} values`);
  }
  const k1 = params.k1 ?? 0.01;
  const k2 = params.k2 ?? 0.03;
  const c1 = (k1 * params.dataRange) ** 2;
  const c2 = (k2 * params.dataRange) ** 2;
  const scale = params.covarianceScale;
  const r = window.radius;
  const taps = window.taps;
  // Specialised loops: the 11-tap Gaussian (wang2004, matlab, MS-SSIM) and the 7-tap box (skimage).
  const kind = r === 5 ? 'gauss11' : r === 3 && taps.every((t) => t === taps[0]) ? 'box7' : 'any';
  const box = taps[0];
  const { validWidth: validW, validHeight: validH, bandRows } = layout;
  const bufRows = bandRows + 2 * r;

  if (!scratch.ensure(width, validW, bufRows, bandRows, planes) && continues) {
    throw new RangeError('ssimBandSums: `continues` needs the scratch of the previous band of the same inputs');
  }
  const { bands, muA, muB, meanS, meanP, rowA, rowB, sumSq, prod } = scratch;
  // SSIM of the band's pixels, summed over the planes (float64; divided by the plane count when stored).
  const bandMap = map ? scratch.bandMap : undefined;
  const carry = 2 * r * validW;
  const startTop = firstBand * bandRows;
  const endTop = Math.min(validH, endBand * bandRows);

  for (let top = startTop; top < endTop; top += bandRows) {
    const rows = Math.min(bandRows, validH - top);
    const band = top / bandRows;
    // Output rows top…top+rows−1 (valid-region rows) need input rows top…top+rows+2r−1.
    const carried = top > startTop || continues;
    const firstNew = carried ? 2 * r : 0;
    for (let p = 0; p < planes; p++) {
      const buf = bands[p];
      if (carried) {
        // Carry the last 2r filtered rows of the previous band to the top of the buffers.
        const from = bandRows * validW;
        buf.a.copyWithin(0, from, from + carry);
        buf.b.copyWithin(0, from, from + carry);
        buf.s.copyWithin(0, from, from + carry);
        buf.p.copyWithin(0, from, from + carry);
      }
      for (let i = firstNew; i < rows + 2 * r; i++) {
        a.readRow(p, top + i, rowA);
        b.readRow(p, top + i, rowB);
        for (let x = 0; x < width; x++) {
          const va = rowA[x];
          const vb = rowB[x];
          sumSq[x] = va * va + vb * vb;
          prod[x] = va * vb;
        }
        const out = i * validW;
        if (kind === 'gauss11') {
          horizontal11(rowA, 0, buf.a, out, validW, taps);
          horizontal11(rowB, 0, buf.b, out, validW, taps);
          horizontal11(sumSq, 0, buf.s, out, validW, taps);
          horizontal11(prod, 0, buf.p, out, validW, taps);
        } else if (kind === 'box7') {
          horizontalBox7(rowA, 0, buf.a, out, validW, box);
          horizontalBox7(rowB, 0, buf.b, out, validW, box);
          horizontalBox7(sumSq, 0, buf.s, out, validW, box);
          horizontalBox7(prod, 0, buf.p, out, validW, box);
        } else {
          horizontalAny(rowA, 0, buf.a, out, validW, taps, r);
          horizontalAny(rowB, 0, buf.b, out, validW, taps, r);
          horizontalAny(sumSq, 0, buf.s, out, validW, taps, r);
          horizontalAny(prod, 0, buf.p, out, validW, taps, r);
        }
      }
      if (kind === 'gauss11') {
        vertical11(buf.a, validW, rows, muA, taps);
        vertical11(buf.b, validW, rows, muB, taps);
        vertical11(buf.s, validW, rows, meanS, taps);
        vertical11(buf.p, validW, rows, meanP, taps);
      } else if (kind === 'box7') {
        verticalBox7(buf.a, validW, rows, muA, box);
        verticalBox7(buf.b, validW, rows, muB, box);
        verticalBox7(buf.s, validW, rows, meanS, box);
        verticalBox7(buf.p, validW, rows, meanP, box);
      } else {
        verticalAny(buf.a, validW, rows, muA, taps, r);
        verticalAny(buf.b, validW, rows, muB, taps, r);
        verticalAny(buf.s, validW, rows, meanS, taps, r);
        verticalAny(buf.p, validW, rows, meanP, taps, r);
      }
      const bandSums = ssimRows(muA, muB, meanS, meanP, validW, rows, c1, c2, scale, wantCs, bandMap, p > 0);
      sums.ssim[band * planes + p] = bandSums.ssim;
      if (wantCs) sums.cs[band * planes + p] = bandSums.cs;
    }
    if (map && bandMap) {
      const out = map.data;
      const inv = 1 / planes;
      for (let y = 0; y < rows; y++) {
        const o = (top + r + y) * width + r;
        const q = y * validW;
        if (planes === 1) for (let x = 0; x < validW; x++) out[o + x] = bandMap[q + x];
        else for (let x = 0; x < validW; x++) out[o + x] = bandMap[q + x] * inv;
      }
    }
  }
}

/**
 * SSIM (and cs) of `rows` rows of filtered means, summed row by row; when `band` is given each
 * value is also stored there (row-major, `validW` wide), or added to what is there when `accumulate`.
 */
function ssimRows(
  muA: Float64Array,
  muB: Float64Array,
  meanS: Float64Array,
  meanP: Float64Array,
  validW: number,
  rows: number,
  c1: number,
  c2: number,
  scale: number,
  wantCs: boolean,
  band: Float64Array | undefined,
  accumulate: boolean,
): { ssim: number; cs: number } {
  let ssimTotal = 0;
  let csTotal = 0;
  for (let y = 0; y < rows; y++) {
    const q = y * validW;
    let rowSsim = 0;
    let rowCs = 0;
    for (let x = 0; x < validW; x++) {
      const i = q + x;
      const ma = muA[i];
      const mb = muB[i];
      const mab = ma * mb;
      const maa = ma * ma;
      const mbb = mb * mb;
      const csNum = 2 * scale * (meanP[i] - mab) + c2;
      const csDen = scale * (meanS[i] - maa - mbb) + c2;
      let v: number;
      if (wantCs) {
        const cs = csNum / csDen;
        rowCs += cs;
        v = ((2 * mab + c1) / (maa + mbb + c1)) * cs;
      } else {
        v = ((2 * mab + c1) * csNum) / ((maa + mbb + c1) * csDen);
      }
      rowSsim += v;
      if (band) {
        if (accumulate) band[i] += v;
        else band[i] = v;
      }
    }
    ssimTotal += rowSsim;
    csTotal += rowCs;
  }
  return { ssim: ssimTotal, cs: csTotal };
}

/**
 * Horizontal 11-tap symmetric filter of one row: dst[d0 + x] = Σ_k taps[k]·src[s0 + x + k] for
 * x = 0…n−1. The window slides through eleven locals whose roles rotate, unrolled eleven times so
 * that no value is moved: one load, six multiplications and ten additions per output.
 */
function horizontal11(src: Float64Array, s0: number, dst: Float64Array, d0: number, n: number, taps: Float64Array): void {
  const w0 = taps[5];
  const w1 = taps[6];
  const w2 = taps[7];
  const w3 = taps[8];
  const w4 = taps[9];
  const w5 = taps[10];
  let q0 = src[s0];
  let q1 = src[s0 + 1];
  let q2 = src[s0 + 2];
  let q3 = src[s0 + 3];
  let q4 = src[s0 + 4];
  let q5 = src[s0 + 5];
  let q6 = src[s0 + 6];
  let q7 = src[s0 + 7];
  let q8 = src[s0 + 8];
  let q9 = src[s0 + 9];
  let q10: number;
  let x = 0;
  for (; x + 11 <= n; x += 11) {
    const i = s0 + x + 10;
    const d = d0 + x;
    q10 = src[i];
    dst[d] = w0 * q5 + w1 * (q4 + q6) + w2 * (q3 + q7) + w3 * (q2 + q8) + w4 * (q1 + q9) + w5 * (q0 + q10);
    q0 = src[i + 1];
    dst[d + 1] = w0 * q6 + w1 * (q5 + q7) + w2 * (q4 + q8) + w3 * (q3 + q9) + w4 * (q2 + q10) + w5 * (q1 + q0);
    q1 = src[i + 2];
    dst[d + 2] = w0 * q7 + w1 * (q6 + q8) + w2 * (q5 + q9) + w3 * (q4 + q10) + w4 * (q3 + q0) + w5 * (q2 + q1);
    q2 = src[i + 3];
    dst[d + 3] = w0 * q8 + w1 * (q7 + q9) + w2 * (q6 + q10) + w3 * (q5 + q0) + w4 * (q4 + q1) + w5 * (q3 + q2);
    q3 = src[i + 4];
    dst[d + 4] = w0 * q9 + w1 * (q8 + q10) + w2 * (q7 + q0) + w3 * (q6 + q1) + w4 * (q5 + q2) + w5 * (q4 + q3);
    q4 = src[i + 5];
    dst[d + 5] = w0 * q10 + w1 * (q9 + q0) + w2 * (q8 + q1) + w3 * (q7 + q2) + w4 * (q6 + q3) + w5 * (q5 + q4);
    q5 = src[i + 6];
    dst[d + 6] = w0 * q0 + w1 * (q10 + q1) + w2 * (q9 + q2) + w3 * (q8 + q3) + w4 * (q7 + q4) + w5 * (q6 + q5);
    q6 = src[i + 7];
    dst[d + 7] = w0 * q1 + w1 * (q0 + q2) + w2 * (q10 + q3) + w3 * (q9 + q4) + w4 * (q8 + q5) + w5 * (q7 + q6);
    q7 = src[i + 8];
    dst[d + 8] = w0 * q2 + w1 * (q1 + q3) + w2 * (q0 + q4) + w3 * (q10 + q5) + w4 * (q9 + q6) + w5 * (q8 + q7);
    q8 = src[i + 9];
    dst[d + 9] = w0 * q3 + w1 * (q2 + q4) + w2 * (q1 + q5) + w3 * (q0 + q6) + w4 * (q10 + q7) + w5 * (q9 + q8);
    q9 = src[i + 10];
    dst[d + 10] = w0 * q4 + w1 * (q3 + q5) + w2 * (q2 + q6) + w3 * (q1 + q7) + w4 * (q0 + q8) + w5 * (q10 + q9);
  }
  for (; x < n; x++) {
    const c = s0 + x + 5;
    dst[d0 + x] =
      w0 * src[c] + w1 * (src[c - 1] + src[c + 1]) + w2 * (src[c - 2] + src[c + 2]) + w3 * (src[c - 3] + src[c + 3]) +
      w4 * (src[c - 4] + src[c + 4]) + w5 * (src[c - 5] + src[c + 5]);
  }
}

/**
 * Vertical 11-tap symmetric filter of a band buffer `src` (rows + 10 rows of `n`), column by
 * column: dst[y·n + x] = Σ_k taps[k]·src[(y + k)·n + x]. Same rotating-locals scheme as
 * {@link horizontal11}, walking down each column (the column's cache lines stay in L1 while the
 * next columns reuse them).
 */
function vertical11(src: Float64Array, n: number, rows: number, dst: Float64Array, taps: Float64Array): void {
  const w0 = taps[5];
  const w1 = taps[6];
  const w2 = taps[7];
  const w3 = taps[8];
  const w4 = taps[9];
  const w5 = taps[10];
  for (let x = 0; x < n; x++) {
    let q0 = src[x];
    let q1 = src[x + n];
    let q2 = src[x + 2 * n];
    let q3 = src[x + 3 * n];
    let q4 = src[x + 4 * n];
    let q5 = src[x + 5 * n];
    let q6 = src[x + 6 * n];
    let q7 = src[x + 7 * n];
    let q8 = src[x + 8 * n];
    let q9 = src[x + 9 * n];
    let q10: number;
    let y = 0;
    for (; y + 11 <= rows; y += 11) {
      const i = (y + 10) * n + x;
      const d = y * n + x;
      q10 = src[i];
      dst[d] = w0 * q5 + w1 * (q4 + q6) + w2 * (q3 + q7) + w3 * (q2 + q8) + w4 * (q1 + q9) + w5 * (q0 + q10);
      q0 = src[i + n];
      dst[d + n] = w0 * q6 + w1 * (q5 + q7) + w2 * (q4 + q8) + w3 * (q3 + q9) + w4 * (q2 + q10) + w5 * (q1 + q0);
      q1 = src[i + 2 * n];
      dst[d + 2 * n] = w0 * q7 + w1 * (q6 + q8) + w2 * (q5 + q9) + w3 * (q4 + q10) + w4 * (q3 + q0) + w5 * (q2 + q1);
      q2 = src[i + 3 * n];
      dst[d + 3 * n] = w0 * q8 + w1 * (q7 + q9) + w2 * (q6 + q10) + w3 * (q5 + q0) + w4 * (q4 + q1) + w5 * (q3 + q2);
      q3 = src[i + 4 * n];
      dst[d + 4 * n] = w0 * q9 + w1 * (q8 + q10) + w2 * (q7 + q0) + w3 * (q6 + q1) + w4 * (q5 + q2) + w5 * (q4 + q3);
      q4 = src[i + 5 * n];
      dst[d + 5 * n] = w0 * q10 + w1 * (q9 + q0) + w2 * (q8 + q1) + w3 * (q7 + q2) + w4 * (q6 + q3) + w5 * (q5 + q4);
      q5 = src[i + 6 * n];
      dst[d + 6 * n] = w0 * q0 + w1 * (q10 + q1) + w2 * (q9 + q2) + w3 * (q8 + q3) + w4 * (q7 + q4) + w5 * (q6 + q5);
      q6 = src[i + 7 * n];
      dst[d + 7 * n] = w0 * q1 + w1 * (q0 + q2) + w2 * (q10 + q3) + w3 * (q9 + q4) + w4 * (q8 + q5) + w5 * (q7 + q6);
      q7 = src[i + 8 * n];
      dst[d + 8 * n] = w0 * q2 + w1 * (q1 + q3) + w2 * (q0 + q4) + w3 * (q10 + q5) + w4 * (q9 + q6) + w5 * (q8 + q7);
      q8 = src[i + 9 * n];
      dst[d + 9 * n] = w0 * q3 + w1 * (q2 + q4) + w2 * (q1 + q5) + w3 * (q0 + q6) + w4 * (q10 + q7) + w5 * (q9 + q8);
      q9 = src[i + 10 * n];
      dst[d + 10 * n] = w0 * q4 + w1 * (q3 + q5) + w2 * (q2 + q6) + w3 * (q1 + q7) + w4 * (q0 + q8) + w5 * (q10 + q9);
    }
    for (; y < rows; y++) {
      const c = (y + 5) * n + x;
      dst[y * n + x] =
        w0 * src[c] + w1 * (src[c - n] + src[c + n]) + w2 * (src[c - 2 * n] + src[c + 2 * n]) + w3 * (src[c - 3 * n] + src[c + 3 * n]) +
        w4 * (src[c - 4 * n] + src[c + 4 * n]) + w5 * (src[c - 5 * n] + src[c + 5 * n]);
    }
  }
}

/**
 * Horizontal 7-tap uniform filter (scipy `uniform_filter(size=7)`, the scikit-image default
 * window): dst[d0 + x] = (Σ_{k<7} src[s0 + x + k])·w with w = 1/7. Rotating locals as in
 * {@link horizontal11}: one load, six additions and one multiplication per output.
 */
function horizontalBox7(src: Float64Array, s0: number, dst: Float64Array, d0: number, n: number, w: number): void {
  let q0 = src[s0];
  let q1 = src[s0 + 1];
  let q2 = src[s0 + 2];
  let q3 = src[s0 + 3];
  let q4 = src[s0 + 4];
  let q5 = src[s0 + 5];
  let q6: number;
  let x = 0;
  for (; x + 7 <= n; x += 7) {
    const i = s0 + x + 6;
    const d = d0 + x;
    q6 = src[i];
    dst[d] = (q0 + q1 + q2 + q3 + q4 + q5 + q6) * w;
    q0 = src[i + 1];
    dst[d + 1] = (q1 + q2 + q3 + q4 + q5 + q6 + q0) * w;
    q1 = src[i + 2];
    dst[d + 2] = (q2 + q3 + q4 + q5 + q6 + q0 + q1) * w;
    q2 = src[i + 3];
    dst[d + 3] = (q3 + q4 + q5 + q6 + q0 + q1 + q2) * w;
    q3 = src[i + 4];
    dst[d + 4] = (q4 + q5 + q6 + q0 + q1 + q2 + q3) * w;
    q4 = src[i + 5];
    dst[d + 5] = (q5 + q6 + q0 + q1 + q2 + q3 + q4) * w;
    q5 = src[i + 6];
    dst[d + 6] = (q6 + q0 + q1 + q2 + q3 + q4 + q5) * w;
  }
  for (; x < n; x++) {
    const c = s0 + x;
    dst[d0 + x] = (src[c] + src[c + 1] + src[c + 2] + src[c + 3] + src[c + 4] + src[c + 5] + src[c + 6]) * w;
  }
}

/** Vertical 7-tap uniform filter of a band buffer (rows + 6 rows of `n`), column by column: dst[y·n + x] = (Σ_{k<7} src[(y + k)·n + x])·w. */
function verticalBox7(src: Float64Array, n: number, rows: number, dst: Float64Array, w: number): void {
  for (let x = 0; x < n; x++) {
    let q0 = src[x];
    let q1 = src[x + n];
    let q2 = src[x + 2 * n];
    let q3 = src[x + 3 * n];
    let q4 = src[x + 4 * n];
    let q5 = src[x + 5 * n];
    let q6: number;
    let y = 0;
    for (; y + 7 <= rows; y += 7) {
      const i = (y + 6) * n + x;
      const d = y * n + x;
      q6 = src[i];
      dst[d] = (q0 + q1 + q2 + q3 + q4 + q5 + q6) * w;
      q0 = src[i + n];
      dst[d + n] = (q1 + q2 + q3 + q4 + q5 + q6 + q0) * w;
      q1 = src[i + 2 * n];
      dst[d + 2 * n] = (q2 + q3 + q4 + q5 + q6 + q0 + q1) * w;
      q2 = src[i + 3 * n];
      dst[d + 3 * n] = (q3 + q4 + q5 + q6 + q0 + q1 + q2) * w;
      q3 = src[i + 4 * n];
      dst[d + 4 * n] = (q4 + q5 + q6 + q0 + q1 + q2 + q3) * w;
      q4 = src[i + 5 * n];
      dst[d + 5 * n] = (q5 + q6 + q0 + q1 + q2 + q3 + q4) * w;
      q5 = src[i + 6 * n];
      dst[d + 6 * n] = (q6 + q0 + q1 + q2 + q3 + q4 + q5) * w;
    }
    for (; y < rows; y++) {
      const c = y * n + x;
      dst[c] = (src[c] + src[c + n] + src[c + 2 * n] + src[c + 3 * n] + src[c + 4 * n] + src[c + 5 * n] + src[c + 6 * n]) * w;
    }
  }
}

/** Horizontal symmetric filter of any radius: dst[d0 + x] = Σ_k taps[k]·src[s0 + x + k]. */
function horizontalAny(src: Float64Array, s0: number, dst: Float64Array, d0: number, n: number, taps: Float64Array, r: number): void {
  const tc = taps[r];
  for (let x = 0; x < n; x++) {
    const c = s0 + x + r;
    let acc = tc * src[c];
    for (let k = 1; k <= r; k++) acc += taps[r + k] * (src[c - k] + src[c + k]);
    dst[d0 + x] = acc;
  }
}

/** Vertical symmetric filter of any radius over a band buffer: dst[y·n + x] = Σ_k taps[k]·src[(y + k)·n + x]. */
function verticalAny(src: Float64Array, n: number, rows: number, dst: Float64Array, taps: Float64Array, r: number): void {
  const tc = taps[r];
  for (let y = 0; y < rows; y++) {
    const c = (y + r) * n;
    const d = y * n;
    for (let x = 0; x < n; x++) dst[d + x] = tc * src[c + x];
    for (let k = 1; k <= r; k++) {
      const w = taps[r + k];
      const up = c - k * n;
      const down = c + k * n;
      for (let x = 0; x < n; x++) dst[d + x] += w * (src[up + x] + src[down + x]);
    }
  }
}
