/**
 * The `imageSimilarity.*` settings, read with their documented defaults and validated: a hand-edited
 * settings.json can hold anything, so every value is checked before it reaches a recipe.
 */
import * as vscode from 'vscode';
import { CHANNEL_MODES, METRIC_NAMES, SSIM_VARIANTS } from '../core/recipe';
import type { ChannelMode, MetricName, Recipe, SsimVariant } from '../core/recipe';
import type { ColormapName, PanelSettings } from '../protocol/compare';

/** Colormaps offered in the settings and the panel. */
export const COLORMAPS: readonly ColormapName[] = ['viridis', 'magma', 'turbo', 'grayscale'];

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function nonNegativeNumber(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** The recipe of a new comparison: SSIM variant, channel mode and crop border from the settings. */
export function recipeFromSettings(): Recipe {
  const config = vscode.workspace.getConfiguration('imageSimilarity');
  return {
    ssimVariant: oneOf<SsimVariant>(config.get('ssim.variant'), SSIM_VARIANTS, 'wang2004'),
    channel: oneOf<ChannelMode>(config.get('channel'), CHANNEL_MODES, 'rgb'),
    cropBorder: Math.floor(nonNegativeNumber(config.get('cropBorder'), 0)),
  };
}

/** Everything else the panel needs from the settings. */
export function panelSettings(): PanelSettings {
  const config = vscode.workspace.getConfiguration('imageSimilarity');
  const rawMetrics = config.get<unknown>('metrics');
  const metrics = Array.isArray(rawMetrics)
    ? METRIC_NAMES.filter((m) => rawMetrics.includes(m))
    : [...METRIC_NAMES];
  return {
    metrics: metrics.length > 0 ? metrics : [...METRIC_NAMES],
    maxPixels: nonNegativeNumber(config.get('maxMegapixels'), 100) * 1e6,
    lpipsBackend: oneOf(config.get('lpips.backend'), ['auto', 'webgpu', 'wasm'] as const, 'auto'),
    lpipsMaxPixels: nonNegativeNumber(config.get('lpips.maxMegapixels'), 4) * 1e6,
    colormap: oneOf<ColormapName>(config.get('heatmap.colormap'), COLORMAPS, 'viridis'),
  };
}

/** The user's own LPIPS model, only in a trusted workspace (restrictedConfigurations). */
export function lpipsModelPath(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const value = vscode.workspace.getConfiguration('imageSimilarity').get<unknown>('lpips.modelPath');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Metrics the worker computes (LPIPS runs in the webview). */
export function workerMetrics(metrics: readonly MetricName[]): MetricName[] {
  return metrics.filter((m) => m !== 'lpips');
}

