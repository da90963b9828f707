/**
 * The result of a folder-vs-folder batch, shared by `imsim batch` and the extension's batch view and
 * notebooks so that both write the same JSON, CSV and Markdown (docs/ARCHITECTURE.md, "CLI contract").
 * Pure: builds summaries, CSV text, Markdown tables, worst-first orders, histograms and run-over-run
 * deltas from plain values. Metric values are plain numbers in full double precision; an infinite
 * PSNR is `null` with `psnrInfinite: true`.
 */
import { summarize, type MetricSummary } from './summary';
import { METRIC_COLUMNS, METRIC_COLUMN_KEYS, columnSpec, columnsFor, type MetricColumn, type MetricName } from './registry';

/** Columns of metric values, in the contract's CSV order (mse comes with psnr): the registry's. */
export const BATCH_METRIC_COLUMNS: readonly MetricColumn[] = METRIC_COLUMN_KEYS;
/** One metric column of a batch result. */
export type BatchColumn = MetricColumn;

/** Metric values of one pair in output order; psnr null when infinite. */
export interface BatchMetricValues {
  mse?: number;
  psnr?: number | null;
  ssim?: number;
  msssim?: number;
  lpips?: number;
}

/** One pair of a batch, exactly as in `imsim batch --json`. */
export interface BatchPairResult {
  a: string;
  b: string;
  width: number | null;
  height: number | null;
  identical: boolean | null;
  metrics: BatchMetricValues;
  psnrInfinite?: true;
  byStem?: true;
  error?: string;
}

/** The `settings` object of a batch: the recipe, decoder and tool version that made the numbers. */
export interface BatchSettings {
  ssimVariant: string;
  channel: string;
  cropBorder: number;
  dataRange: number | null;
  decoder: string;
  lpipsNetwork?: string;
  lpipsBackend?: string;
  version: string;
}

/** The whole `imsim batch --json` object. */
export interface BatchReport {
  pairs: BatchPairResult[];
  unmatched: { a: string[]; b: string[] };
  summary: Record<string, MetricSummary>;
  settings: BatchSettings;
}

/**
 * A result's metric values in the contract's column order, only those present (the worker's
 * values, plus LPIPS when it was computed apart). One function for `imsim` and the extension.
 */
export function orderedMetricValues(metrics: { readonly [K in MetricColumn]?: number | null }, lpips?: number): BatchMetricValues {
  const source: { [K in MetricColumn]?: number | null } = { ...metrics, ...(lpips !== undefined ? { lpips } : {}) };
  const values: Record<string, number | null> = {};
  for (const key of METRIC_COLUMN_KEYS) {
    const v = source[key];
    if (v !== undefined && (v !== null || key === 'psnr')) values[key] = v;
  }
  return values as BatchMetricValues;
}

/** The metric columns a run computes, in CSV order, from the requested metrics. */
export function computedColumns(metrics: readonly MetricName[]): BatchColumn[] {
  return columnsFor(metrics);
}

/** The value a statistic or a sort uses: an infinite PSNR is +Infinity, a missing value undefined. */
export function pairValue(pair: BatchPairResult, column: BatchColumn): number | undefined {
  if (column === 'psnr' && pair.psnrInfinite === true) return Infinity;
  const v = pair.metrics[column];
  return v === null || v === undefined ? undefined : v;
}

/** Summary per computed column over the pairs without an error (as `imsim batch`). */
export function batchSummary(pairs: readonly BatchPairResult[], columns: readonly BatchColumn[]): Record<string, MetricSummary> {
  const ok = pairs.filter((p) => p.error === undefined);
  const summary: Record<string, MetricSummary> = {};
  for (const column of columns) summary[column] = summarize(ok.map((p) => pairValue(p, column)));
  return summary;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest round-trip form of a number (JavaScript's own), `inf` for an infinite PSNR. */
function csvNumber(value: number | null | undefined, infinite: boolean): string {
  if (infinite) return 'inf';
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The CSV text of `imsim batch --csv`: header, then one row per pair. */
export function batchCsv(pairs: readonly BatchPairResult[], columns: readonly BatchColumn[]): string {
  const lines = [['a', 'b', 'width', 'height', ...columns, 'error'].join(',')];
  for (const pair of pairs) {
    lines.push([
      csvField(pair.a),
      csvField(pair.b),
      pair.width === null ? '' : String(pair.width),
      pair.height === null ? '' : String(pair.height),
      ...columns.map((c) => csvNumber(pair.metrics[c], c === 'psnr' && pair.psnrInfinite === true)),
      csvField(pair.error ?? ''),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON text of `imsim batch --json` (2-space indent, trailing newline). */
export function batchJsonText(report: BatchReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** True when a larger value means more similar (PSNR, SSIM, MS-SSIM); false for MSE and LPIPS. */
export function higherIsBetter(column: BatchColumn): boolean {
  return columnSpec(column).higherIsBetter;
}

/**
 * Indices of `pairs` worst first by `column`: pairs with an error first (they are the worst news),
 * then by value from least to most similar, pairs without the value last; ties by A's path.
 */
export function worstFirstOrder(pairs: readonly BatchPairResult[], column: BatchColumn): number[] {
  const sign = higherIsBetter(column) ? 1 : -1;
  const rank = (p: BatchPairResult): number => (p.error !== undefined ? 0 : pairValue(p, column) === undefined ? 2 : 1);
  return pairs
    .map((_, i) => i)
    .sort((i, j) => {
      const p = pairs[i] as BatchPairResult;
      const q = pairs[j] as BatchPairResult;
      const r = rank(p) - rank(q);
      if (r !== 0) return r;
      if (rank(p) === 1) {
        const d = sign * ((pairValue(p, column) as number) - (pairValue(q, column) as number));
        if (d !== 0 && !Number.isNaN(d)) return d;
      }
      return p.a < q.a ? -1 : p.a > q.a ? 1 : 0;
    });
}

/** A metric value for people: PSNR in dB with 4 decimals, MSE with 6 significant digits, others with 6 decimals. */
export function formatMetricValue(column: string, value: number | null | undefined, infinite = false): string {
  if (column === 'psnr' && (infinite || value === Infinity)) return '∞';
  if (value === null || value === undefined) return '—';
  if (column === 'psnr') return value.toFixed(4);
  if (column === 'mse') return value.toPrecision(6);
  return value.toFixed(6);
}

/** Column titles for tables. */
export const COLUMN_TITLES: Readonly<Record<BatchColumn, string>> = Object.fromEntries(METRIC_COLUMNS.map((c) => [c.key, c.title])) as Record<BatchColumn, string>;

/** One line naming the recipe: `SSIM wang2004 · channel rgb · crop 0 · R 255 · pngjs · imsim 0.1.0`. */
export function recipeLine(settings: BatchSettings): string {
  const parts = [`SSIM ${settings.ssimVariant}`, `channel ${settings.channel}`, `crop ${settings.cropBorder}`];
  if (settings.dataRange !== null) parts.push(`data range ${settings.dataRange}`);
  if (settings.lpipsNetwork) parts.push(`LPIPS ${settings.lpipsNetwork}${settings.lpipsBackend ? ` (${settings.lpipsBackend})` : ''}`);
  parts.push(`decoder ${settings.decoder}`, `imsim ${settings.version}`);
  return parts.join(' · ');
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The summary as a Markdown table (one row per metric) with the pair count and recipe under it. */
export function summaryMarkdown(report: BatchReport, title?: string): string {
  const failed = report.pairs.filter((p) => p.error !== undefined).length;
  const lines: string[] = [];
  if (title) lines.push(`**${markdownCell(title)}**`, '');
  lines.push('| Metric | n | mean | median | std | min | max |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const column of BATCH_METRIC_COLUMNS) {
    const s = report.summary[column];
    if (!s) continue;
    const n = s.nInfinite > 0 ? `${s.n} (+${s.nInfinite} ∞)` : String(s.n);
    const std = s.std === null ? '—' : column === 'psnr' ? s.std.toFixed(4) : s.std.toPrecision(4);
    lines.push(`| ${COLUMN_TITLES[column]} | ${n} | ${formatMetricValue(column, s.mean)} | ${formatMetricValue(column, s.median)} | ${std} | ${formatMetricValue(column, s.min)} | ${formatMetricValue(column, s.max)} |`);
  }
  const unmatched = report.unmatched.a.length + report.unmatched.b.length;
  lines.push('', `${report.pairs.length} pairs${failed ? `, ${failed} failed` : ''}${unmatched ? `, ${unmatched} unmatched files` : ''}. ${markdownCell(recipeLine(report.settings))}`);
  return `${lines.join('\n')}\n`;
}

/** Counts of values per equal-width bin over the finite values; `min`/`max` are the bin range. */
export interface Histogram {
  readonly min: number;
  readonly max: number;
  readonly counts: number[];
  /** Values left out: infinite (identical pairs' PSNR) and missing. */
  readonly nInfinite: number;
}

/** A histogram of finite values in `bins` equal-width bins (one bin when all values are equal). */
export function histogram(values: readonly (number | undefined)[], bins: number): Histogram {
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  const nInfinite = values.filter((v) => v !== undefined && !Number.isNaN(v) && !Number.isFinite(v)).length;
  if (finite.length === 0) return { min: 0, max: 0, counts: [], nInfinite };
  let min = Infinity;
  let max = -Infinity;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const n = max > min ? Math.max(1, Math.floor(bins)) : 1;
  const counts = new Array<number>(n).fill(0);
  for (const v of finite) {
    const i = max > min ? Math.min(n - 1, Math.floor(((v - min) / (max - min)) * n)) : 0;
    counts[i] = (counts[i] as number) + 1;
  }
  return { min, max, counts, nInfinite };
}

/** One image of a run-over-run comparison: the same ground truth file in both runs. */
export interface RunDelta {
  /** The ground-truth (B) path both runs compared against. */
  readonly b: string;
  readonly before?: BatchPairResult;
  readonly after?: BatchPairResult;
  /** after − before per column; absent where either side has no finite value. */
  readonly delta: Partial<Record<BatchColumn, number>>;
  /**
   * How much worse `after` is on the sort column, in "worse" units: positive is a regression
   * (PSNR/SSIM/MS-SSIM went down, MSE/LPIPS went up). Undefined when not comparable.
   */
  readonly regression?: number;
}

/**
 * Per-image deltas between two runs against the same ground truth (matched by B's path), sorted
 * by the largest regression on `column` first; images only in one run come last.
 */
export function runDeltas(before: BatchReport, after: BatchReport, column: BatchColumn): RunDelta[] {
  const columns = BATCH_METRIC_COLUMNS.filter((c) => before.summary[c] && after.summary[c]);
  const byB = new Map<string, { before?: BatchPairResult; after?: BatchPairResult }>();
  for (const p of before.pairs) byB.set(p.b, { before: p });
  for (const p of after.pairs) byB.set(p.b, { ...byB.get(p.b), after: p });
  const rows: RunDelta[] = [];
  for (const [b, { before: x, after: y }] of byB) {
    const delta: Partial<Record<BatchColumn, number>> = {};
    for (const c of columns) {
      const u = x && x.error === undefined ? pairValue(x, c) : undefined;
      const v = y && y.error === undefined ? pairValue(y, c) : undefined;
      if (u !== undefined && v !== undefined && Number.isFinite(u) && Number.isFinite(v)) delta[c] = v - u;
    }
    const d = delta[column];
    rows.push({ b, before: x, after: y, delta, regression: d === undefined ? undefined : higherIsBetter(column) ? -d : d });
  }
  return rows.sort((p, q) => {
    const r = (p.regression === undefined ? 1 : 0) - (q.regression === undefined ? 1 : 0);
    if (r !== 0) return r;
    if (p.regression !== undefined && q.regression !== undefined && p.regression !== q.regression) return q.regression - p.regression;
    return p.b < q.b ? -1 : p.b > q.b ? 1 : 0;
  });
}

/** The change of a metric between two runs, over the pairs both runs have. */
export interface PairedChange {
  /** Pairs (matched by B's path) with a finite value in both runs. */
  readonly n: number;
  /** Mean of after − before over those pairs (= the difference of their means); null when n is 0. */
  readonly meanDelta: number | null;
  /** Pairs left out: in one run only, failed in either, or not finite in either (an infinite PSNR). */
  readonly excluded: number;
}

/**
 * The change of `column` from `before` to `after` on the pairs both runs have: never a difference of
 * means over different sets of pairs (a missing, failed or infinite pair in one run would shift it).
 */
export function pairedChange(before: Pick<BatchReport, 'pairs'>, after: Pick<BatchReport, 'pairs'>, column: BatchColumn): PairedChange {
  const byB = new Map<string, BatchPairResult>();
  for (const p of before.pairs) byB.set(p.b, p);
  let n = 0;
  let sum = 0;
  const all = new Set([...before.pairs.map((p) => p.b), ...after.pairs.map((p) => p.b)]);
  for (const y of after.pairs) {
    const x = byB.get(y.b);
    if (!x || x.error !== undefined || y.error !== undefined) continue;
    const u = pairValue(x, column);
    const v = pairValue(y, column);
    if (u === undefined || v === undefined || !Number.isFinite(u) || !Number.isFinite(v)) continue;
    n++;
    sum += v - u;
  }
  return { n, meanDelta: n > 0 ? sum / n : null, excluded: all.size - n };
}

/** A paired change for people: `+3.5260 (17 pairs)`, with how many pairs were left out. */
export function formatPairedChange(column: BatchColumn, change: PairedChange): string {
  if (change.meanDelta === null) return '—';
  const d = change.meanDelta;
  const text = `${d >= 0 ? '+' : ''}${column === 'psnr' ? d.toFixed(4) : d.toPrecision(4)}`;
  return `${text} (${change.n} paired${change.excluded > 0 ? `, ${change.excluded} left out` : ''})`;
}

/** The two summaries side by side as a Markdown table, with the change of each metric over the pairs both runs have. */
export function runSummaryMarkdown(before: BatchReport, after: BatchReport, labels: readonly [string, string]): string {
  const lines = [
    `| Metric | ${markdownCell(labels[0])} mean | ${markdownCell(labels[1])} mean | Δ mean (paired) | ${markdownCell(labels[0])} median | ${markdownCell(labels[1])} median |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const column of BATCH_METRIC_COLUMNS) {
    const x = before.summary[column];
    const y = after.summary[column];
    if (!x || !y) continue;
    const dText = formatPairedChange(column, pairedChange(before, after, column));
    lines.push(`| ${COLUMN_TITLES[column]} | ${formatMetricValue(column, x.mean)} | ${formatMetricValue(column, y.mean)} | ${dText} | ${formatMetricValue(column, x.median)} | ${formatMetricValue(column, y.median)} |`);
  }
  return `${lines.join('\n')}\n`;
}
