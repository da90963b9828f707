/**
 * Text output of the CLI for people. The JSON and CSV shapes of `imsim batch` live in
 * src/core/batchReport.ts, shared with the extension's batch view and notebooks.
 */
import type { BatchMetricValues, BatchSettings } from '../core/batchReport';

/** Metric values of one pair in output order; psnr null when infinite. */
export type MetricValues = BatchMetricValues;

/** The `settings` object of both commands. */
export type SettingsJson = BatchSettings;

/** A metric value for people: PSNR in dB with 4 decimals, others with 6. */
export function formatMetric(name: string, value: number | null | undefined, infinite = false): string {
  if (name === 'psnr' && infinite) return '∞ dB (identical)';
  if (value === null || value === undefined) return '—';
  if (name === 'psnr') return `${value.toFixed(4)} dB`;
  if (name === 'mse') return value.toPrecision(6);
  return value.toFixed(6);
}
