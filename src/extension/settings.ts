/**
 * The `imageSimilarity.*` settings: the one place that reads them, each with its documented default
 * and validated (a hand-edited settings.json can hold anything). Recipe options and metric names are
 * checked by the metric registry (src/core/registry.ts), the same check the CLI and cells use.
 * Megapixels stay megapixels here; callers convert to pixels where a decoder needs a pixel count.
 */
import * as vscode from 'vscode';
import {
  COLORMAPS, DEFAULT_METRICS, DEFAULT_RECIPE, LPIPS_BACKEND_SETTINGS, METRIC_NAMES, RECIPE_OPTIONS, parseRecipeOption,
  type ColormapName, type LpipsBackendSetting, type MetricName, type Recipe, type RecipeOptionKey,
} from '../core/registry';
import type { PanelSettings } from '../protocol/compare';

export { COLORMAPS, workerMetrics } from '../core/registry';

/** Default of `imageSimilarity.maxMegapixels`. */
export const DEFAULT_MAX_MEGAPIXELS = 100;
/** Default of `imageSimilarity.lpips.maxMegapixels`. */
export const DEFAULT_LPIPS_MAX_MEGAPIXELS = 4;

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('imageSimilarity');
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function numberAtLeast(value: unknown, min: number, inclusive: boolean, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && (inclusive ? value >= min : value > min) ? value : fallback;
}

/** A list of metric names from a setting, in the registry's order; the default when empty or invalid. */
function metricList(value: unknown, fallback: readonly MetricName[]): MetricName[] {
  const metrics = Array.isArray(value) ? METRIC_NAMES.filter((m) => value.includes(m)) : [];
  return metrics.length > 0 ? metrics : [...fallback];
}

/** A recipe option from its setting (when it has one), checked by the registry; else its default. */
function recipeSetting<K extends RecipeOptionKey>(key: K): Recipe[K] {
  const spec = RECIPE_OPTIONS.find((o) => o.key === key);
  const raw = spec?.setting ? config().get<unknown>(spec.setting) : undefined;
  const parsed = raw === undefined ? undefined : parseRecipeOption(key, typeof raw === 'number' && key === 'cropBorder' ? Math.floor(raw) : raw);
  return parsed?.ok ? parsed.value : (DEFAULT_RECIPE[key] as Recipe[K]);
}

/** The recipe of a new comparison: SSIM variant, channel mode and crop border from the settings. */
export function recipeFromSettings(): Recipe {
  return { ssimVariant: recipeSetting('ssimVariant'), channel: recipeSetting('channel'), cropBorder: recipeSetting('cropBorder') };
}

/** `imageSimilarity.maxMegapixels`: larger images are refused from their header (default 100). */
export function maxMegapixels(): number {
  return numberAtLeast(config().get('maxMegapixels'), 0, false, DEFAULT_MAX_MEGAPIXELS);
}

/** `imageSimilarity.lpips.maxMegapixels`: LPIPS is skipped above it (default 4). */
export function lpipsMaxMegapixels(): number {
  return numberAtLeast(config().get('lpips.maxMegapixels'), 0, true, DEFAULT_LPIPS_MAX_MEGAPIXELS);
}

/** `imageSimilarity.lpips.backend`. */
export function lpipsBackendSetting(): LpipsBackendSetting {
  return oneOf<LpipsBackendSetting>(config().get('lpips.backend'), LPIPS_BACKEND_SETTINGS, 'auto');
}

/** Everything else the panel needs from the settings. */
export function panelSettings(): PanelSettings {
  return {
    metrics: metricList(config().get<unknown>('metrics'), METRIC_NAMES),
    maxPixels: maxMegapixels() * 1e6,
    lpipsBackend: lpipsBackendSetting(),
    lpipsMaxMegapixels: lpipsMaxMegapixels(),
    colormap: oneOf<ColormapName>(config().get('heatmap.colormap'), COLORMAPS, 'viridis'),
  };
}

/** The user's own LPIPS model, only in a trusted workspace (restrictedConfigurations). */
export function lpipsModelPath(): string | undefined {
  if (!vscode.workspace.isTrusted) return undefined;
  const value = config().get<unknown>('lpips.modelPath');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Metrics of a batch run (`imageSimilarity.batch.metrics`; default as `imsim batch`). */
export function batchMetrics(): MetricName[] {
  return metricList(config().get<unknown>('batch.metrics'), DEFAULT_METRICS);
}

/** The default glob filter of Compare Folders ('' for every image). */
export function batchFilter(): string {
  const raw = config().get<unknown>('batch.filter');
  return typeof raw === 'string' ? raw.trim() : '';
}

/** Whether batch results are cached by content hash and recipe (default true). */
export function batchCacheEnabled(): boolean {
  return config().get<unknown>('batch.cache') !== false;
}
