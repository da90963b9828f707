/**
 * Command-line parsing for `imsim` (docs/ARCHITECTURE.md, "CLI contract"). Usage errors throw
 * UsageError (exit code 2).
 */
import { parseFailIf, type FailCondition } from '../core/failIf';
import { CHANNEL_MODES, SSIM_VARIANTS, type ChannelMode, type MetricName, type SsimVariant } from '../core/recipe';

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

/** The text of `imsim --help`. */
export const USAGE = `imsim: image similarity (PSNR, SSIM, MS-SSIM, LPIPS) exact to scikit-image, MATLAB and the official LPIPS code

Usage:
  imsim compare A B [options]
  imsim batch DIR_A DIR_B [options] [--json-out FILE] [--csv FILE]
  imsim --version | --help

Options:
  --metrics LIST         comma-separated: psnr,ssim,msssim,lpips (default psnr,ssim; mse comes with psnr)
  --ssim-variant V       wang2004 (default) | skimage | matlab
  --channel C            rgb (default) | y | y-matlab | gray
  --crop-border N        drop N pixels on every side before any metric (default 0)
  --data-range R         override the data range (default 255, 65535 for 16-bit; never rescales)
  --json                 print one JSON object to stdout
  --json-out FILE        (batch) write the JSON to FILE
  --csv FILE             (batch) write one CSV row per pair to FILE
  --fail-if EXPR         exit 3 when a condition holds, e.g. "psnr<40,ssim<0.99,lpips>0.1"
  --workers N            (batch) worker threads (default min(cores, 4))
  --map-out DIR          (batch) write the heatmaps of the worst pairs as PNG files into DIR
  --map-count N          (batch) how many worst pairs get a heatmap (default 8)
  --quiet                no progress on stderr

Exit codes: 0 success, 1 input problem, 2 usage error, 3 a --fail-if condition held.`;

const METRIC_ORDER: readonly MetricName[] = ['psnr', 'ssim', 'msssim', 'lpips'];

function parseMetrics(text: string): MetricName[] {
  const names = text.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  if (names.length === 0) throw new UsageError('--metrics: expected a comma-separated list such as psnr,ssim');
  const chosen = new Set<MetricName>();
  for (const name of names) {
    const metric = name === 'mse' ? 'psnr' : name === 'ms-ssim' ? 'msssim' : name;
    if (!(METRIC_ORDER as readonly string[]).includes(metric)) {
      throw new UsageError(`--metrics: unknown metric "${name}"; choose from psnr, ssim, msssim, lpips`);
    }
    chosen.add(metric as MetricName);
  }
  return METRIC_ORDER.filter((m) => chosen.has(m));
}

function nonNegativeInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag}: expected a non-negative integer, got "${text}"`);
  return Number(text);
}

function positiveNumber(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0) throw new UsageError(`${flag}: expected a positive number, got "${text}"`);
  return value;
}

/** Parses argv (without node and script). Throws UsageError. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const positional: string[] = [];
  let metrics: MetricName[] = ['psnr', 'ssim'];
  let ssimVariant: SsimVariant = 'wang2004';
  let channel: ChannelMode = 'rgb';
  let cropBorder = 0;
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
      case '--ssim-variant': {
        const v = value();
        if (!(SSIM_VARIANTS as readonly string[]).includes(v)) throw new UsageError(`--ssim-variant: expected one of ${SSIM_VARIANTS.join(', ')}, got "${v}"`);
        ssimVariant = v as SsimVariant;
        break;
      }
      case '--channel': {
        const v = value();
        if (!(CHANNEL_MODES as readonly string[]).includes(v)) throw new UsageError(`--channel: expected one of ${CHANNEL_MODES.join(', ')}, got "${v}"`);
        channel = v as ChannelMode;
        break;
      }
      case '--crop-border': cropBorder = nonNegativeInteger('--crop-border', value()); break;
      case '--data-range': dataRange = positiveNumber('--data-range', value()); break;
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
    const computed = new Set<string>(metrics);
    if (computed.has('psnr')) computed.add('mse');
    for (const condition of failIf) {
      if (!computed.has(condition.metric)) {
        throw new UsageError(`--fail-if: "${condition.text}" uses ${condition.metric}, which is not computed; add it to --metrics (computed: ${[...computed].join(', ')})`);
      }
    }
  }
  return { ...base, command, paths, failIf };
}
