/**
 * Command-line parsing for `imsim` (docs/ARCHITECTURE.md, "CLI contract"). Usage errors throw
 * UsageError (exit code 2).
 */
import { parseFailIf, type FailCondition } from '../core/failIf';
import {
  DEFAULT_METRICS, DEFAULT_RECIPE, METRIC_COLUMN_KEYS, METRIC_NAMES, RECIPE_OPTIONS, columnsFor, metricSpec, parseMetricList, parseRecipeOption,
  type ChannelMode, type MetricName, type RecipeOptionKey, type SsimVariant,
} from '../core/registry';

/** A usage problem: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The parsed command line. */
export interface CliArgs {
  readonly command: 'compare' | 'batch' | 'version' | 'help';
  readonly paths: string[];
  readonly metrics: MetricName[];
  /** Whether `mse` was asked for explicitly (it always comes with psnr). */
  readonly ssimVariant: SsimVariant;
  readonly channel: ChannelMode;
  readonly cropBorder: number;
  readonly dataRange?: number;
  readonly json: boolean;
  readonly jsonOut?: string;
  readonly csv?: string;
  readonly failIf: FailCondition[];
  readonly workers?: number;
  readonly quiet: boolean;
  /** (batch) Folder for the heatmaps of the worst pairs. */
  readonly mapOut?: string;
  /** (batch) How many worst pairs get a heatmap (default 8). */
  readonly mapCount?: number;
}

/** One help line per recipe option, from the registry: `--ssim-variant V  wang2004 (default) | skimage | matlab`. */
function recipeOptionHelp(): string[] {
  return RECIPE_OPTIONS.map((o) => {
    const flag = `${o.cli} ${o.kind === 'enum' ? (o.cli.split('-').pop() ?? 'v').slice(0, 1).toUpperCase() : o.kind === 'nonNegativeInteger' ? 'N' : 'R'}`;
    const text = o.kind === 'enum'
      ? (o.choices ?? []).map((c) => (c.value === o.default ? `${c.value} (default)` : c.value)).join(' | ')
      : `${o.valueHelp}${o.default !== undefined ? ` (default ${o.default})` : ''}`;
    return `  ${flag.padEnd(22)} ${text}`;
  });
}

const metricWords = METRIC_NAMES.join(',');
const withColumns = METRIC_NAMES.filter((m) => metricSpec(m).columns.length > 1)
  .map((m) => `${metricSpec(m).columns.filter((c) => c !== m).join(', ')} comes with ${m}`).join('; ');

/** The text of `imsim --help` (metrics and recipe options from the registry, src/core/registry.ts). */
export const USAGE = `imsim: image similarity (${METRIC_NAMES.map((m) => metricSpec(m).title).join(', ')}) exact to scikit-image, MATLAB and the official LPIPS code

Usage:
  imsim compare A B [options]
  imsim batch DIR_A DIR_B [options] [--json-out FILE] [--csv FILE]
  imsim --version | --help

Options:
  --metrics LIST         comma-separated: ${metricWords} (default ${DEFAULT_METRICS.join(',')}; ${withColumns})
${recipeOptionHelp().join('\n')}
  --json                 print one JSON object to stdout
  --json-out FILE        (batch) write the JSON to FILE
  --csv FILE             (batch) write one CSV row per pair to FILE
  --fail-if EXPR         exit 3 when a condition holds, e.g. "psnr<40,ssim<0.99,lpips>0.1"
                         (names: ${METRIC_COLUMN_KEYS.join(', ')})
  --workers N            (batch) worker threads (default min(cores, 4))
  --map-out DIR          (batch) write the heatmaps of the worst pairs as PNG files into DIR
  --map-count N          (batch) how many worst pairs get a heatmap (default 8)
  --quiet                no progress on stderr

Exit codes: 0 success, 1 input problem, 2 usage error, 3 a --fail-if condition held.`;

function parseMetrics(text: string): MetricName[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--metrics: expected a comma-separated list such as psnr,ssim');
  const { metrics, unknown } = parseMetricList(names);
  if (unknown.length > 0) throw new UsageError(`--metrics: unknown metric "${unknown[0]}"; choose from ${METRIC_NAMES.join(', ')}`);
  return metrics;
}

/** A recipe option's value, checked by the registry's one check; a usage error names the flag. */
function recipeValue<K extends RecipeOptionKey>(key: K, flag: string, text: string) {
  const parsed = parseRecipeOption(key, text);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  return parsed.value;
}

function nonNegativeInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

/** Parses argv (without node and script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const positional: string[] = [];
  let metrics: MetricName[] = [...DEFAULT_METRICS];
  let ssimVariant: SsimVariant = DEFAULT_RECIPE.ssimVariant;
  let channel: ChannelMode = DEFAULT_RECIPE.channel;
  let cropBorder = DEFAULT_RECIPE.cropBorder;
  let dataRange: number | undefined;
  let json = false;
  let jsonOut: string | undefined;
  let csv: string | undefined;
  let failIfText: string | undefined;
  let workers: number | undefined;
  let quiet = false;
  let mapOut: string | undefined;
  let mapCount: number | undefined;
  let version = false;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i] as string;
    let inlineValue: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      inlineValue = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`${arg} needs a value`);
      i++;
      return next;
    };
    switch (arg) {
      case '--metrics': metrics = parseMetrics(value()); break;
      case '--ssim-variant': ssimVariant = recipeValue('ssimVariant', arg, value()); break;
      case '--channel': channel = recipeValue('channel', arg, value()); break;
      case '--crop-border': cropBorder = recipeValue('cropBorder', arg, value()); break;
      case '--data-range': dataRange = recipeValue('dataRange', arg, value()); break;
      case '--json': json = true; break;
      case '--json-out': jsonOut = value(); break;
      case '--csv': csv = value(); break;
      case '--fail-if': failIfText = value(); break;
      case '--workers': workers = Math.max(1, nonNegativeInteger('--workers', value())); break;
      case '--quiet': quiet = true; break;
      case '--map-out': mapOut = value(); break;
      case '--map-count': mapCount = Math.max(1, nonNegativeInteger('--map-count', value())); break;
      case '--version': case '-V': version = true; break;
      case '--help': case '-h': help = true; break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }

  const base = { metrics, ssimVariant, channel, cropBorder, dataRange, json, jsonOut, csv, workers, quiet, mapOut, mapCount };
  if (help) return { ...base, command: 'help', paths: [], failIf: [] };
  if (version && positional.length === 0) return { ...base, command: 'version', paths: [], failIf: [] };
  const [command, ...paths] = positional;
  if (command === undefined) throw new UsageError('missing command: expected "compare A B" or "batch DIR_A DIR_B"');
  if (command !== 'compare' && command !== 'batch') throw new UsageError(`unknown command "${command}": expected compare or batch`);
  if (paths.length !== 2) throw new UsageError(`${command} needs exactly two ${command === 'compare' ? 'images' : 'folders'}, got ${paths.length}`);
  if (command === 'compare' && (jsonOut !== undefined || csv !== undefined || mapOut !== undefined)) {
    throw new UsageError('--json-out, --csv and --map-out apply to batch only; use --json with compare');
  }
  let failIf: FailCondition[] = [];
  if (failIfText !== undefined) {
    try {
      failIf = parseFailIf(failIfText);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const computed = new Set<string>(columnsFor(metrics));
    for (const condition of failIf) {
      if (!computed.has(condition.metric)) {
        throw new UsageError(`--fail-if: "${condition.text}" uses ${condition.metric}, which is not computed; add it to --metrics (computed: ${[...computed].join(', ')})`);
      }
    }
  }
  return { ...base, command, paths, failIf };
}
