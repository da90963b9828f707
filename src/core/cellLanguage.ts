/**
 * The cell language of `.imsim` notebooks: one comparison per cell, a few lines of clauses.
 *
 * ```
 * # epoch 10 against the ground truth
 * compare outputs/epoch10/0001.png with gt/0001.png
 * metrics psnr ssim lpips
 * ssim wang2004, channel y, crop 4
 * ```
 *
 * - `compare A with B` (required, once): two files, or two folders (a batch). Paths are relative to
 *   the workspace folder (or absolute); quote them ("my dir/a.png") when they hold spaces or `,`.
 *   A path that ends with `/` is a folder; the controller also checks the file system.
 * - `metrics NAME…`: any of `psnr` (with MSE), `ssim`, `msssim` (also `ms-ssim`), `lpips`,
 *   separated by spaces or commas. Default `psnr ssim`, as `imsim`.
 * - Recipe clauses, one per line or comma-separated: `ssim wang2004|skimage|matlab`,
 *   `channel rgb|y|y-matlab|gray`, `crop N` (pixels on every side), `data-range R`.
 * - Folder cells only: `filter GLOB` (paths relative to each folder), `worst N` (how many of the
 *   worst pairs to show as thumbnails, default 8).
 * - Keywords are case-insensitive; `#` starts a comment; blank lines are ignored.
 *
 * Pure: the parser reports every problem with its line and column, the completion helper says
 * what may come at a position. No file system access here.
 */
import {
  CHANNEL_MODES, DEFAULT_METRICS, DEFAULT_RECIPE, METRIC_NAMES, RECIPE_OPTIONS, SSIM_VARIANTS, metricByName, parseRecipeOption,
  type ChannelMode, type MetricName, type Recipe, type SsimVariant,
} from './registry';

/** A parsed cell. */
export interface ComparisonCell {
  /** First path as written (unquoted). */
  readonly a: string;
  /** Second path as written (unquoted). */
  readonly b: string;
  /** True when either path ends with `/` (a folder pair); the controller also checks the file system. */
  readonly folder: boolean;
  /** Requested metrics in the order of METRIC_NAMES. */
  readonly metrics: MetricName[];
  readonly recipe: Recipe;
  /** Glob filter of a folder cell. */
  readonly filter?: string;
  /** Worst pairs shown for a folder cell. */
  readonly worst: number;
}

/** One problem in a cell: 1-based line and column, and a sentence saying what was expected. */
export interface CellError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** The outcome of parsing: the cell, or every problem found. */
export type CellParseResult = { readonly ok: true; readonly cell: ComparisonCell } | { readonly ok: false; readonly errors: CellError[] };

/** Default metrics of a cell (as `imsim`). */
export const DEFAULT_CELL_METRICS: readonly MetricName[] = DEFAULT_METRICS;
/** Default number of worst pairs shown by a folder cell. */
export const DEFAULT_WORST = 8;
/** Clause keywords, for completion. */
export const CELL_KEYWORDS: readonly string[] = ['compare', 'metrics', ...RECIPE_OPTIONS.map((o) => o.cell), 'filter', 'worst'];


/** A word of a line with its 0-based start column; `quoted` when it was written in quotes. */
interface Token {
  readonly text: string;
  readonly start: number;
  readonly quoted: boolean;
}

/** Splits a line into words and commas, honouring "quotes"; stops at `#` outside quotes. */
function tokenize(line: string, lineNo: number, errors: CellError[]): (Token | ',')[] {
  const tokens: (Token | ',')[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t') {
      i++;
    } else if (ch === '#') {
      break;
    } else if (ch === ',') {
      tokens.push(',');
      i++;
    } else if (ch === '"') {
      const end = line.indexOf('"', i + 1);
      if (end < 0) {
        errors.push({ line: lineNo, column: i + 1, message: 'a quoted path has no closing quote ("); close it or remove the opening quote' });
        tokens.push({ text: line.slice(i + 1), start: i, quoted: true });
        break;
      }
      tokens.push({ text: line.slice(i + 1, end), start: i, quoted: true });
      i = end + 1;
    } else {
      let j = i;
      while (j < line.length && !' \t,#'.includes(line[j] as string)) j++;
      tokens.push({ text: line.slice(i, j), start: i, quoted: false });
      i = j;
    }
  }
  return tokens;
}

/** Splits tokens into comma-separated clauses. */
function clauses(tokens: readonly (Token | ',')[]): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (t === ',') out.push([]);
    else (out[out.length - 1] as Token[]).push(t);
  }
  return out.filter((c) => c.length > 0);
}

function list(values: readonly string[]): string {
  return values.join(', ');
}

/** Parses the text of one cell. */
export function parseCell(text: string): CellParseResult {
  const errors: CellError[] = [];
  let compare: { a: string; b: string; line: number } | undefined;
  let metrics: MetricName[] | undefined;
  let ssimVariant: SsimVariant = DEFAULT_RECIPE.ssimVariant;
  let channel: ChannelMode = DEFAULT_RECIPE.channel;
  let cropBorder = DEFAULT_RECIPE.cropBorder;
  let dataRange: number | undefined;
  let filter: string | undefined;
  let worst = DEFAULT_WORST;
  const seen = new Map<string, number>();
  const once = (key: string, lineNo: number, column: number): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ line: lineNo, column, message: `"${key}" is given twice (first on line ${first}); keep one` });
      return false;
    }
    seen.set(key, lineNo);
    return true;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const tokens = tokenize(line, lineNo, errors);
    const first = tokens.find((t): t is Token => t !== ',');
    if (!first) return;
    const keyword = first.quoted ? '' : first.text.toLowerCase();
    if (keyword === 'compare') {
      const words = tokens.filter((t): t is Token => t !== ',');
      const withIndex = words.findIndex((t, i) => i > 0 && !t.quoted && t.text.toLowerCase() === 'with');
      if (!once('compare', lineNo, first.start + 1)) return;
      if (withIndex < 0) {
        errors.push({ line: lineNo, column: first.start + 1, message: 'expected "compare A with B": the word "with" is missing between the two paths' });
        return;
      }
      const left = words.slice(1, withIndex);
      const right = words.slice(withIndex + 1);
      if (left.length !== 1 || right.length !== 1) {
        const bad = left.length !== 1 ? (left[1] ?? words[withIndex]) : (right[1] ?? words[withIndex]);
        errors.push({
          line: lineNo,
          column: (bad?.start ?? first.start) + 1,
          message: `expected one path on each side of "with" (got ${left.length} before and ${right.length} after); quote paths that contain spaces`,
        });
        return;
      }
      compare = { a: (left[0] as Token).text, b: (right[0] as Token).text, line: lineNo };
      return;
    }
    if (keyword === 'metrics') {
      if (!once('metrics', lineNo, first.start + 1)) return;
      const names = tokens.filter((t): t is Token => t !== ',' && t !== first);
      if (names.length === 0) {
        errors.push({ line: lineNo, column: first.start + 1, message: `"metrics" needs at least one of ${list(METRIC_NAMES)}` });
        return;
      }
      const chosen = new Set<MetricName>();
      for (const name of names) {
        const metric = metricByName(name.text);
        if (!metric) errors.push({ line: lineNo, column: name.start + 1, message: `unknown metric "${name.text}"; expected one of ${list(METRIC_NAMES)}` });
        else chosen.add(metric);
      }
      metrics = METRIC_NAMES.filter((m) => chosen.has(m));
      return;
    }
    for (const clause of clauses(tokens)) {
      const head = clause[0] as Token;
      const key = head.quoted ? head.text : head.text.toLowerCase();
      const args = clause.slice(1);
      const column = head.start + 1;
      const needOne = (what: string): Token | undefined => {
        if (args.length !== 1) {
          errors.push({ line: lineNo, column: (args[1]?.start ?? head.start) + 1, message: `"${key}" takes one value: ${what}` });
          return undefined;
        }
        return args[0];
      };
      switch (key) {
        case 'ssim': {
          const v = needOne(`one of ${list(SSIM_VARIANTS)}`);
          if (!v || !once('ssim', lineNo, column)) break;
          const parsed = parseRecipeOption('ssimVariant', v.text);
          if (parsed.ok) ssimVariant = parsed.value;
          else errors.push({ line: lineNo, column: v.start + 1, message: `unknown SSIM variant "${v.text}"; expected one of ${list(SSIM_VARIANTS)}` });
          break;
        }
        case 'channel': {
          const v = needOne(`one of ${list(CHANNEL_MODES)}`);
          if (!v || !once('channel', lineNo, column)) break;
          const parsed = parseRecipeOption('channel', v.text);
          if (parsed.ok) channel = parsed.value;
          else errors.push({ line: lineNo, column: v.start + 1, message: `unknown channel mode "${v.text}"; expected one of ${list(CHANNEL_MODES)}` });
          break;
        }
        case 'crop': {
          const v = needOne('the number of pixels dropped on every side, e.g. crop 4');
          if (!v || !once('crop', lineNo, column)) break;
          const parsed = parseRecipeOption('cropBorder', v.text);
          if (parsed.ok) cropBorder = parsed.value;
          else errors.push({ line: lineNo, column: v.start + 1, message: `"crop" needs a whole number of pixels ≥ 0, got "${v.text}"` });
          break;
        }
        case 'data-range': {
          const v = needOne('the data range R, e.g. data-range 255');
          if (!v || !once('data-range', lineNo, column)) break;
          const parsed = parseRecipeOption('dataRange', v.text);
          if (parsed.ok) dataRange = parsed.value;
          else errors.push({ line: lineNo, column: v.start + 1, message: `"data-range" needs a positive number, got "${v.text}"` });
          break;
        }
        case 'filter': {
          const v = needOne('a glob such as **/*.png (quote it if it contains a comma)');
          if (!v || !once('filter', lineNo, column)) break;
          filter = v.text;
          break;
        }
        case 'worst': {
          const v = needOne('how many of the worst pairs to show, e.g. worst 8');
          if (!v || !once('worst', lineNo, column)) break;
          const n = Number(v.text);
          if (/^\d+$/.test(v.text) && n >= 1 && n <= 100) worst = n;
          else errors.push({ line: lineNo, column: v.start + 1, message: `"worst" needs a whole number from 1 to 100, got "${v.text}"` });
          break;
        }
        case 'with':
          errors.push({ line: lineNo, column, message: '"with" belongs on the compare line: compare A with B' });
          break;
        default:
          errors.push({ line: lineNo, column, message: `unknown clause "${head.text}"; expected one of ${list(CELL_KEYWORDS)}` });
      }
    }
  });
  if (!compare && !errors.some((e) => e.message.startsWith('expected "compare') || e.message.startsWith('expected one path'))) {
    errors.push({ line: 1, column: 1, message: 'a cell needs a line "compare A with B" naming two images or two folders' });
  }
  if (errors.length > 0 || !compare) return { ok: false, errors: errors.sort((x, y) => x.line - y.line || x.column - y.column) };
  const folder = compare.a.endsWith('/') || compare.b.endsWith('/');
  if (!folder && (seen.has('filter') || seen.has('worst'))) {
    const key = seen.has('filter') ? 'filter' : 'worst';
    return { ok: false, errors: [{ line: seen.get(key) as number, column: 1, message: `"${key}" applies to folder cells only; end both paths with / to compare two folders` }] };
  }
  return {
    ok: true,
    cell: {
      a: compare.a,
      b: compare.b,
      folder,
      metrics: metrics ?? [...DEFAULT_CELL_METRICS],
      recipe: { ssimVariant, channel, cropBorder, ...(dataRange !== undefined ? { dataRange } : {}) },
      ...(filter !== undefined ? { filter } : {}),
      worst,
    },
  };
}

/** The errors as one message per line: `line 2, column 9: unknown metric "psim"; …`. */
export function formatCellErrors(errors: readonly CellError[]): string {
  return errors.map((e) => `line ${e.line}, column ${e.column}: ${e.message}`).join('\n');
}

function quoteIfNeeded(path: string): string {
  return /[\s,#"]/.test(path) ? `"${path.replace(/"/g, '')}"` : path;
}

/** The text of a cell comparing `a` with `b` (folders end with `/`), with a recipe line. */
export function exampleCell(a: string, b: string, metrics: readonly MetricName[] = ['psnr', 'ssim', 'msssim'], recipe: Recipe = DEFAULT_RECIPE): string {
  return [
    `compare ${quoteIfNeeded(a)} with ${quoteIfNeeded(b)}`,
    `metrics ${metrics.join(' ')}`,
    `ssim ${recipe.ssimVariant}, channel ${recipe.channel}, crop ${recipe.cropBorder}`,
  ].join('\n');
}

/** What may be typed at a position: drives the completion provider. */
export type CellCompletionContext =
  | { readonly kind: 'keyword'; readonly prefix: string }
  | { readonly kind: 'metric'; readonly prefix: string; readonly used: readonly string[] }
  | { readonly kind: 'ssimVariant'; readonly prefix: string }
  | { readonly kind: 'channel'; readonly prefix: string }
  /** A path: `prefix` is what was typed of it (folder part up to the last `/` included in `folder`). */
  | { readonly kind: 'path'; readonly prefix: string; readonly folder: string; readonly quoted: boolean }
  | { readonly kind: 'with' }
  | { readonly kind: 'none' };

/** What may come at `character` (0-based) of `lineText`, a line of a cell. */
export function completionContext(lineText: string, character: number): CellCompletionContext {
  const before = lineText.slice(0, character);
  if (before.includes('#')) return { kind: 'none' };
  const quoteCount = (before.match(/"/g) ?? []).length;
  const inQuote = quoteCount % 2 === 1;
  const clauseStart = inQuote ? 0 : before.lastIndexOf(',') + 1;
  const words = before.slice(clauseStart).trimStart();
  const firstLineWord = before.trimStart().split(/\s+/)[0]?.toLowerCase() ?? '';
  const parts = words.split(/\s+/);
  const current = inQuote ? before.slice(before.lastIndexOf('"') + 1) : (parts[parts.length - 1] ?? '');
  const previous = parts.slice(0, -1).map((p) => p.toLowerCase());
  if (firstLineWord === 'compare' && clauseStart === 0 || (firstLineWord === 'compare' && inQuote)) {
    const tokens = before.trimStart().match(/"[^"]*"?|[^\s"]+/g) ?? [];
    const finished = before.endsWith(' ') && !inQuote ? tokens.length : tokens.length - 1;
    // finished words: "compare" (1), A (2), "with" (3), B (4)
    if (finished === 1 || finished === 3) {
      const prefix = inQuote ? current : before.endsWith(' ') ? '' : current;
      const slash = prefix.lastIndexOf('/');
      return { kind: 'path', prefix, folder: slash >= 0 ? prefix.slice(0, slash + 1) : '', quoted: inQuote };
    }
    if (finished === 2) return { kind: 'with' };
    return { kind: 'none' };
  }
  if (firstLineWord === 'metrics' && clauseStart >= 0) {
    const all = before.trimStart().split(/[\s,]+/).slice(1);
    const prefix = before.endsWith(' ') || before.endsWith(',') ? '' : (all[all.length - 1] ?? '');
    if (all.length === 0 && !before.endsWith(' ')) return { kind: 'keyword', prefix: 'metrics' };
    return { kind: 'metric', prefix, used: all.filter((w) => w !== prefix).map((w) => w.toLowerCase()) };
  }
  if (previous.length === 0) return { kind: 'keyword', prefix: current };
  if (previous.length === 1 && previous[0] === 'ssim') return { kind: 'ssimVariant', prefix: current };
  if (previous.length === 1 && previous[0] === 'channel') return { kind: 'channel', prefix: current };
  return { kind: 'none' };
}
