/**
 * The metric registry: every metric and every recipe option declared once. The CLI's parsing and
 * help, the settings' validation, the notebook cell language (parsing and completion), the panel's
 * cards, the batch table's columns and exports and the Python snippet all derive from here
 * (docs/ARCHITECTURE.md, "How to add a metric").
 *
 * Pure data and pure functions: no vscode, DOM or node imports.
 */

/** Metric names as in `--metrics`, the settings and the JSON `metrics` object. */
export type MetricName = 'psnr' | 'ssim' | 'msssim' | 'lpips';
/** A key of a result's `metrics` object and a CSV column (mse comes with psnr). */
export type MetricColumn = 'mse' | 'psnr' | 'ssim' | 'msssim' | 'lpips';
/** SSIM recipes: `wang2004` (Gaussian σ 1.5), `skimage` (7×7 uniform, sample covariance), `matlab` (ssim.m auto-downsampling). */
export type SsimVariant = 'wang2004' | 'skimage' | 'matlab';
/** Channel modes: per-channel RGB, BT.601 luma (float or MATLAB-rounded), MATLAB rgb2gray. */
export type ChannelMode = 'rgb' | 'y' | 'y-matlab' | 'gray';
/** Where LPIPS runs in a webview: `auto` (WebGPU when there is an adapter, else WASM), `webgpu`, `wasm`. */
export type LpipsBackendSetting = 'auto' | 'webgpu' | 'wasm';
/** Colormaps of the heatmaps. */
export type ColormapName = 'viridis' | 'magma' | 'turbo' | 'grayscale';

/** A recipe option that applies to a metric. */
export type RecipeOptionKey = 'ssimVariant' | 'channel' | 'cropBorder' | 'dataRange';

/** A value column a metric writes: JSON key, CSV column, `--fail-if` name, table title. */
export interface ColumnSpec {
  readonly key: MetricColumn;
  /** Title in tables and cards, with the unit: `PSNR (dB)`. */
  readonly title: string;
  readonly unit: string;
  /** True when a larger value means more similar. */
  readonly higherIsBetter: boolean;
  /** The metric that computes it. */
  readonly metric: MetricName;
}

/** A per-pixel map a metric can draw. */
export interface MapSpec {
  /** What one value means, e.g. "local SSIM" or "|A − B|". */
  readonly label: string;
  readonly units: string;
  /** The range of the values, or `data` when it is the data range of the images. */
  readonly range: readonly [number, number] | 'data';
}

/** One metric, declared once. */
export interface MetricSpec {
  readonly id: MetricName;
  /** Display name: `MS-SSIM`. */
  readonly title: string;
  /** Unit of the main value ('' for unitless). */
  readonly unit: string;
  readonly higherIsBetter: boolean;
  /** Other names accepted in `--metrics` and cells (lower case). */
  readonly aliases: readonly string[];
  /** The JSON/CSV keys it writes, in CSV order. Also its `--fail-if` names. */
  readonly columns: readonly MetricColumn[];
  /** Recipe options that change its value. */
  readonly recipeOptions: readonly RecipeOptionKey[];
  /** Its map, when it has one. */
  readonly map?: MapSpec;
  /** Where it is computed: the metrics worker pool, or an LPIPS runtime. */
  readonly runsOn: 'worker' | 'lpips';
  /** One line for help texts and settings. */
  readonly description: string;
  /** The reference implementation its numbers equal. */
  readonly reference: string;
}

const COMMON_OPTIONS: readonly RecipeOptionKey[] = ['channel', 'cropBorder', 'dataRange'];

/** Every metric, in the contract's order (CSV columns, `--metrics`, cards). */
export const METRICS: readonly MetricSpec[] = [
  {
    id: 'psnr',
    title: 'PSNR',
    unit: 'dB',
    higherIsBetter: true,
    aliases: ['mse'],
    columns: ['mse', 'psnr'],
    recipeOptions: COMMON_OPTIONS,
    map: { label: '|A − B|', units: 'code values', range: 'data' },
    runsOn: 'worker',
    description: 'peak signal-to-noise ratio 10·log10(R²/MSE), with MSE',
    reference: 'skimage.metrics.peak_signal_noise_ratio',
  },
  {
    id: 'ssim',
    title: 'SSIM',
    unit: '',
    higherIsBetter: true,
    aliases: [],
    columns: ['ssim'],
    recipeOptions: ['ssimVariant', ...COMMON_OPTIONS],
    map: { label: 'local SSIM', units: 'SSIM', range: [-1, 1] },
    runsOn: 'worker',
    description: 'structural similarity (Wang et al. 2004), recipe set by the SSIM variant',
    reference: 'skimage.metrics.structural_similarity; MATLAB ssim_index.m / ssim.m',
  },
  {
    id: 'msssim',
    title: 'MS-SSIM',
    unit: '',
    higherIsBetter: true,
    aliases: ['ms-ssim'],
    columns: ['msssim'],
    recipeOptions: COMMON_OPTIONS,
    runsOn: 'worker',
    description: 'multi-scale SSIM (Wang et al. 2003), 5 scales; needs ≥ 176 px per side',
    reference: "MATLAB msssim.m, IQA-PyTorch 'ms_ssim'",
  },
  {
    id: 'lpips',
    title: 'LPIPS',
    unit: '',
    higherIsBetter: false,
    aliases: [],
    columns: ['lpips'],
    recipeOptions: ['cropBorder'],
    map: { label: 'LPIPS distance', units: 'LPIPS', range: [0, Infinity] },
    runsOn: 'lpips',
    description: 'learned perceptual distance (Zhang et al. 2018), SqueezeNet v0.1 unless another model is set',
    reference: "official lpips package, net='squeeze', version 0.1",
  },
];

/** All metric names, in the contract's order. */
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.id);

const COLUMN_TITLES_BY_KEY: Readonly<Record<MetricColumn, { title: string; unit: string; higherIsBetter: boolean }>> = {
  mse: { title: 'MSE', unit: '', higherIsBetter: false },
  psnr: { title: 'PSNR (dB)', unit: 'dB', higherIsBetter: true },
  ssim: { title: 'SSIM', unit: '', higherIsBetter: true },
  msssim: { title: 'MS-SSIM', unit: '', higherIsBetter: true },
  lpips: { title: 'LPIPS', unit: '', higherIsBetter: false },
};

/** Every value column, in CSV order. */
export const METRIC_COLUMNS: readonly ColumnSpec[] = METRICS.flatMap((m) => m.columns.map((key) => ({ key, metric: m.id, ...COLUMN_TITLES_BY_KEY[key] })));
/** The column keys alone, in CSV order. */
export const METRIC_COLUMN_KEYS: readonly MetricColumn[] = METRIC_COLUMNS.map((c) => c.key);

/** The spec of a metric. */
export function metricSpec(id: MetricName): MetricSpec {
  return METRICS.find((m) => m.id === id) as MetricSpec;
}

/** The spec of a value column. */
export function columnSpec(key: MetricColumn): ColumnSpec {
  return METRIC_COLUMNS.find((c) => c.key === key) as ColumnSpec;
}

/** True for a known metric name (not an alias). */
export function isMetricName(value: unknown): value is MetricName {
  return typeof value === 'string' && (METRIC_NAMES as readonly string[]).includes(value);
}

/** The metric a name or alias means (case-insensitive), or undefined. */
export function metricByName(name: string): MetricName | undefined {
  const key = name.trim().toLowerCase();
  return METRICS.find((m) => m.id === key || m.aliases.includes(key))?.id;
}

/** Every name `--metrics` and cells accept, aliases included. */
export const METRIC_WORDS: readonly string[] = METRICS.flatMap((m) => [m.id, ...m.aliases]);

/** Parses a list of metric names: the metrics in the registry's order, and the words not understood. */
export function parseMetricList(words: readonly string[]): { metrics: MetricName[]; unknown: string[] } {
  const chosen = new Set<MetricName>();
  const unknown: string[] = [];
  for (const word of words) {
    const metric = metricByName(word);
    if (metric) chosen.add(metric);
    else unknown.push(word);
  }
  return { metrics: METRIC_NAMES.filter((m) => chosen.has(m)), unknown };
}

/** The value columns a run writes for the requested metrics, in CSV order. */
export function columnsFor(metrics: readonly MetricName[]): MetricColumn[] {
  return METRIC_COLUMNS.filter((c) => metrics.includes(c.metric)).map((c) => c.key);
}

/** The metrics computed on the worker pool (everything but LPIPS). */
export function workerMetrics(metrics: readonly MetricName[]): MetricName[] {
  return metrics.filter((m) => metricSpec(m).runsOn === 'worker');
}

// ---------------------------------------------------------------------------------------------
// Recipe options

/** The recipe a comparison is computed with. */
export interface Recipe {
  /** SSIM recipe (default `wang2004`). Does not apply to MS-SSIM. */
  readonly ssimVariant: SsimVariant;
  /** Channel conversion before every metric (default `rgb`). */
  readonly channel: ChannelMode;
  /** Pixels dropped on every side before any metric (default 0). */
  readonly cropBorder: number;
  /** Override of the data range R; never rescales values. Undefined: 255 / 65535 / 255 for Y. */
  readonly dataRange?: number;
}

/** A choice of an enumerated option: value, a short label for controls, a description. */
export interface OptionChoice<T extends string = string> {
  readonly value: T;
  readonly label: string;
  readonly description: string;
}

/** How each surface names a recipe option, and what values it takes. */
export interface RecipeOptionSpec {
  readonly key: RecipeOptionKey;
  /** `--ssim-variant` */
  readonly cli: string;
  /** Cell clause keyword: `ssim`. */
  readonly cell: string;
  /** Setting under `imageSimilarity.`, when there is one. */
  readonly setting?: string;
  /** The value's kind. */
  readonly kind: 'enum' | 'nonNegativeInteger' | 'positiveNumber';
  /** The allowed values of an enum. */
  readonly choices?: readonly OptionChoice[];
  /** The default (undefined: none, e.g. the data range follows the images). */
  readonly default?: string | number;
  /** What a value means, for help texts: `the number of pixels dropped on every side`. */
  readonly valueHelp: string;
}

const SSIM_CHOICES: readonly OptionChoice<SsimVariant>[] = [
  { value: 'wang2004', label: 'Wang 2004 (Gaussian σ 1.5)', description: 'Wang et al. 2004: Gaussian window σ 1.5 (11×11), population covariance; equals scikit-image with gaussian_weights=True and MATLAB ssim_index.m.' },
  { value: 'skimage', label: 'scikit-image default (7×7 uniform)', description: 'scikit-image defaults: 7×7 uniform window, sample covariance.' },
  { value: 'matlab', label: 'MATLAB ssim.m (auto-downsampling)', description: "Wang's ssim.m (2009): automatic downsampling by max(1, round(min(H,W)/256)), then wang2004." },
];

const CHANNEL_CHOICES: readonly OptionChoice<ChannelMode>[] = [
  { value: 'rgb', label: 'RGB (per channel, mean)', description: 'Per channel R, G, B, then the mean (PSNR over all channels).' },
  { value: 'y', label: 'Y (BT.601, float)', description: 'BT.601 luma Y = 16 + 65.481·R + 128.553·G + 24.966·B (float, not rounded; BasicSR, scikit-image rgb2ycbcr).' },
  { value: 'y-matlab', label: 'Y (BT.601, rounded as MATLAB)', description: 'BT.601 luma rounded to integers (MATLAB rgb2ycbcr on uint8).' },
  { value: 'gray', label: 'Gray (MATLAB rgb2gray)', description: 'MATLAB rgb2gray on the integer values.' },
];

/** Every recipe option, in the order help texts and controls list them. */
export const RECIPE_OPTIONS: readonly RecipeOptionSpec[] = [
  { key: 'ssimVariant', cli: '--ssim-variant', cell: 'ssim', setting: 'ssim.variant', kind: 'enum', choices: SSIM_CHOICES, default: 'wang2004', valueHelp: 'the SSIM recipe' },
  { key: 'channel', cli: '--channel', cell: 'channel', setting: 'channel', kind: 'enum', choices: CHANNEL_CHOICES, default: 'rgb', valueHelp: 'the channel conversion applied before every metric' },
  { key: 'cropBorder', cli: '--crop-border', cell: 'crop', setting: 'cropBorder', kind: 'nonNegativeInteger', default: 0, valueHelp: 'the number of pixels dropped on every side before any metric' },
  { key: 'dataRange', cli: '--data-range', cell: 'data-range', kind: 'positiveNumber', valueHelp: 'the data range R (default 255, 65535 for 16-bit; never rescales)' },
];

/** The spec of a recipe option. */
export function recipeOption(key: RecipeOptionKey): RecipeOptionSpec {
  return RECIPE_OPTIONS.find((o) => o.key === key) as RecipeOptionSpec;
}

/** The allowed values of an enumerated option. */
function choiceValues(key: RecipeOptionKey): readonly string[] {
  return (recipeOption(key).choices ?? []).map((c) => c.value);
}

/** All SSIM variants, in the order the UI lists them. */
export const SSIM_VARIANTS = choiceValues('ssimVariant') as readonly SsimVariant[];
/** All channel modes, in the order the UI lists them. */
export const CHANNEL_MODES = choiceValues('channel') as readonly ChannelMode[];
/** The LPIPS backend choices of the `imageSimilarity.lpips.backend` setting. */
export const LPIPS_BACKEND_SETTINGS: readonly LpipsBackendSetting[] = ['auto', 'webgpu', 'wasm'];
/** Colormaps offered in the settings and the panel. */
export const COLORMAPS: readonly ColormapName[] = ['viridis', 'magma', 'turbo', 'grayscale'];

/** The defaults: SSIM `wang2004`, channel `rgb`, crop 0, the data range from the images. */
export const DEFAULT_RECIPE: Recipe = {
  ssimVariant: recipeOption('ssimVariant').default as SsimVariant,
  channel: recipeOption('channel').default as ChannelMode,
  cropBorder: recipeOption('cropBorder').default as number,
};

/** Metrics of `imsim` and of a notebook cell when none are named. */
export const DEFAULT_METRICS: readonly MetricName[] = ['psnr', 'ssim'];

/** The result of checking one option value. */
export type OptionParse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** The values of each option, for messages: `wang2004, skimage, matlab`. */
export function optionValuesText(key: RecipeOptionKey): string {
  const spec = recipeOption(key);
  if (spec.kind === 'enum') return choiceValues(key).join(', ');
  return spec.kind === 'nonNegativeInteger' ? 'a whole number ≥ 0' : 'a positive number';
}

/**
 * The one check of a recipe option value, whatever wrote it (command line, settings.json, a cell,
 * a webview message). Text is accepted for every kind (as typed), numbers for the numeric kinds.
 * Enumerated values are matched case-insensitively. The message names the values allowed; callers
 * prefix it with the way they name the option.
 */
export function parseRecipeOption<K extends RecipeOptionKey>(key: K, raw: unknown): OptionParse<Recipe[K]> {
  const spec = recipeOption(key);
  const shown = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw) ?? String(raw);
  switch (spec.kind) {
    case 'enum': {
      const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (text !== undefined && choiceValues(key).includes(text)) return { ok: true, value: text as Recipe[K] };
      return { ok: false, message: `expected one of ${optionValuesText(key)}, got ${shown}` };
    }
    case 'nonNegativeInteger': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
      if (Number.isSafeInteger(n) && n >= 0) return { ok: true, value: n as Recipe[K] };
      return { ok: false, message: `expected a whole number ≥ 0, got ${shown}` };
    }
    case 'positiveNumber': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (Number.isFinite(n) && n > 0) return { ok: true, value: n as Recipe[K] };
      return { ok: false, message: `expected a positive number, got ${shown}` };
    }
    default: {
      const never: never = spec.kind;
      return never;
    }
  }
}

/**
 * A whole recipe from loosely typed values (a webview message, a saved notebook, settings): each
 * present option checked by {@link parseRecipeOption}; absent options take their defaults.
 * `errors` names every option that was present but invalid (its default is used instead).
 */
export function parseRecipe(value: unknown): { recipe: Recipe; errors: { key: RecipeOptionKey; message: string }[] } {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const errors: { key: RecipeOptionKey; message: string }[] = [];
  const pick = <K extends RecipeOptionKey>(key: K): Recipe[K] | undefined => {
    const raw = source[key];
    if (raw === undefined || raw === null) return undefined;
    const parsed = parseRecipeOption(key, raw);
    if (parsed.ok) return parsed.value;
    errors.push({ key, message: parsed.message });
    return undefined;
  };
  const dataRange = pick('dataRange');
  const recipe: Recipe = {
    ssimVariant: pick('ssimVariant') ?? DEFAULT_RECIPE.ssimVariant,
    channel: pick('channel') ?? DEFAULT_RECIPE.channel,
    cropBorder: pick('cropBorder') ?? DEFAULT_RECIPE.cropBorder,
    ...(dataRange !== undefined ? { dataRange } : {}),
  };
  if (typeof value !== 'object' || value === null) errors.push({ key: 'ssimVariant', message: `expected a recipe object, got ${JSON.stringify(value) ?? String(value)}` });
  return { recipe, errors };
}

/** True when `value` is a complete, valid recipe in canonical form (every option valid as it is, none missing but the data range). */
export function isRecipe(value: unknown): value is Recipe {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const canonical = (key: RecipeOptionKey): boolean => {
    const parsed = parseRecipeOption(key, v[key]);
    return parsed.ok && parsed.value === v[key];
  };
  return canonical('ssimVariant') && canonical('channel') && canonical('cropBorder') && (v.dataRange === undefined || canonical('dataRange'));
}
