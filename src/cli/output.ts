/**
 * Shapes of the CLI's JSON and CSV output (DESIGN.md, "The CLI contract"). Metric values are plain
 * numbers in full double precision, an infinite PSNR is `null` with `psnrInfinite: true`.
 */
import type { MetricSummary } from '../core/summary';

/** Metric values of one pair in output order; psnr null when infinite. */
export interface MetricValues {
  mse?: number;
  psnr?: number | null;
  ssim?: number;
  msssim?: number;
  lpips?: number;
}

/** The `settings` object of both commands. */
export interface SettingsJson {
  ssimVariant: string;
  channel: string;
  cropBorder: number;
  dataRange: number | null;
  decoder: string;
  lpipsNetwork?: string;
  lpipsBackend?: string;
  version: string;
}

/** One pair in `batch --json`. */
export interface BatchPairJson {
  a: string;
  b: string;
  width: number | null;
  height: number | null;
  identical: boolean | null;
  metrics: MetricValues;
  psnrInfinite?: true;
  byStem?: true;
  error?: string;
}

/** The whole `batch --json` object. */
export interface BatchJson {
  pairs: BatchPairJson[];
  unmatched: { a: string[]; b: string[] };
  summary: Record<string, MetricSummary>;
  settings: SettingsJson;
}

/** CSV column order of metric values (only computed ones appear). */
export const CSV_METRIC_COLUMNS = ['mse', 'psnr', 'ssim', 'msssim', 'lpips'] as const;

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Shortest round-trip form of a number (JavaScript's own), `inf` for an infinite PSNR. */
function csvNumber(value: number | null | undefined, infinite: boolean): string {
  if (infinite) return 'inf';
  if (value === null || value === undefined) return '';
  return String(value);
}

/** The CSV text: header, then one row per pair. `columns` are the computed metric columns. */
export function batchCsv(pairs: readonly BatchPairJson[], columns: readonly (typeof CSV_METRIC_COLUMNS)[number][]): string {
  const lines = [['a', 'b', 'width', 'height', ...columns, 'error'].join(',')];
  for (const pair of pairs) {
    const row = [
      csvField(pair.a),
      csvField(pair.b),
      pair.width === null ? '' : String(pair.width),
      pair.height === null ? '' : String(pair.height),
      ...columns.map((c) => csvNumber(pair.metrics[c], c === 'psnr' && pair.psnrInfinite === true)),
      csvField(pair.error ?? ''),
    ];
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** A metric value for people: PSNR in dB with 4 decimals, others with 6. */
export function formatMetric(name: string, value: number | null | undefined, infinite = false): string {
  if (name === 'psnr' && infinite) return '∞ dB (identical)';
  if (value === null || value === undefined) return '—';
  if (name === 'psnr') return `${value.toFixed(4)} dB`;
  if (name === 'mse') return value.toPrecision(6);
  return value.toFixed(6);
}
