/**
 * Summary statistics of a batch (docs/ARCHITECTURE.md, "CLI contract"): over finite values only;
 * `n` counts them, `nInfinite` counts infinite values (identical pairs' PSNR); `std` is the
 * population standard deviation. Empty input gives null statistics.
 */

/** Statistics of one metric over a batch. */
export interface MetricSummary {
  readonly n: number;
  readonly nInfinite: number;
  readonly mean: number | null;
  readonly median: number | null;
  readonly std: number | null;
  readonly min: number | null;
  readonly max: number | null;
}

/** Summarises values; `Infinity` counts in `nInfinite`, NaN and undefined are ignored. */
export function summarize(values: readonly (number | undefined)[]): MetricSummary {
  const finite: number[] = [];
  let nInfinite = 0;
  for (const v of values) {
    if (v === undefined || Number.isNaN(v)) continue;
    if (!Number.isFinite(v)) nInfinite++;
    else finite.push(v);
  }
  const n = finite.length;
  if (n === 0) return { n, nInfinite, mean: null, median: null, std: null, min: null, max: null };
  const sorted = Float64Array.from(finite).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of sorted) squares += (v - mean) * (v - mean);
  const mid = n >> 1;
  const median = n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { n, nInfinite, mean, median, std: Math.sqrt(squares / n), min: sorted[0] as number, max: sorted[n - 1] as number };
}
