/**
 * The `imageSimilarity.batch.*` settings, read with their documented defaults and validated (a
 * hand-edited settings.json can hold anything).
 */
import * as vscode from 'vscode';
import { METRIC_NAMES, type MetricName } from '../../core/recipe';

/** Metrics of a batch run (default as `imsim batch`: psnr, ssim). */
export function batchMetrics(): MetricName[] {
  const raw = vscode.workspace.getConfiguration('imageSimilarity').get<unknown>('batch.metrics');
  const metrics = Array.isArray(raw) ? METRIC_NAMES.filter((m) => raw.includes(m)) : [];
  return metrics.length > 0 ? metrics : ['psnr', 'ssim'];
}

/** The default glob filter ('' for every image). */
export function batchFilter(): string {
  const raw = vscode.workspace.getConfiguration('imageSimilarity').get<unknown>('batch.filter');
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Whether results are cached by content hash and recipe (default true). */
export function batchCacheEnabled(): boolean {
  return vscode.workspace.getConfiguration('imageSimilarity').get<unknown>('batch.cache') !== false;
}

/** Images above this many pixels are refused (imageSimilarity.maxMegapixels, default 100). */
export function maxPixelsSetting(): number {
  const raw = vscode.workspace.getConfiguration('imageSimilarity').get<unknown>('maxMegapixels');
  return (typeof raw === 'number' && Number.isFinite(raw) && raw > 0 ? raw : 100) * 1e6;
}
