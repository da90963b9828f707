/**
 * Helpers shared by `imsim compare` and `imsim batch`: exit codes, reading inputs, result shapes.
 */
import { promises as fs } from 'node:fs';
import { InputError } from '../core/errors';
import { orderedMetricValues } from '../core/batchReport';
import { conditionHolds, type FailCondition } from '../core/failIf';
import type { CompareMetrics } from '../core/compare';
import type { CliArgs } from './args';
import type { MetricValues, SettingsJson } from './output';
import { VERSIONS } from './versions';

/** Exit codes of the contract. */
export const EXIT = { ok: 0, input: 1, usage: 2, failIf: 3 } as const;

/** Reads a file the user named, turning file-system errors into one-line input errors. */
export async function readInput(path: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw new InputError(`${path}: is a folder; expected an image file`, path);
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError(`${path}: ${reason}`, path);
  }
}

/** The settings object for a result. */
export function settingsJson(args: CliArgs, dataRange: number | null, decoder: string, lpips?: { network: string; backend: string }): SettingsJson {
  return {
    ssimVariant: args.ssimVariant,
    channel: args.channel,
    cropBorder: args.cropBorder,
    dataRange,
    decoder,
    ...(lpips ? { lpipsNetwork: lpips.network, lpipsBackend: lpips.backend } : {}),
    version: VERSIONS.imsim,
  };
}

/** Metric values in the contract's order, only those requested. */
export function metricValues(result: { readonly metrics: CompareMetrics }, lpips?: number): MetricValues {
  return orderedMetricValues(result.metrics, lpips);
}

/** Value used by --fail-if: an infinite PSNR is +Infinity. */
export function failValue(values: MetricValues, psnrInfinite: boolean, metric: string): number | undefined {
  if (metric === 'psnr' && psnrInfinite) return Infinity;
  const v = values[metric as keyof MetricValues];
  return v === null ? undefined : v;
}

/** The conditions that hold for one result. */
export function heldConditions(conditions: readonly FailCondition[], values: MetricValues, psnrInfinite: boolean): FailCondition[] {
  return conditions.filter((c) => conditionHolds(c, failValue(values, psnrInfinite, c.metric)));
}
