/**
 * The one batch engine, without VS Code: used by `imsim batch` (src/cli/batch.ts), Compare Folders
 * (src/extension/batch/batchPanel.ts) and notebook folder cells (src/extension/notebook/cellRun.ts).
 * It pairs two listings exactly as the contract says (src/core/pairing.ts), compares every pair on
 * the worker pool with strict semantics (a metric that cannot be computed makes the pair fail),
 * optionally computes LPIPS per pair through an injected hook, answers unchanged pairs from a cache
 * keyed by both content hashes and the recipe, and streams rows, notices and progress; a signal
 * cancels it. File access is injected: node:fs in the CLI, workspace.fs in the extension.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { batchSummary, computedColumns, orderedMetricValues, type BatchColumn, type BatchPairResult, type BatchReport, type BatchSettings } from '../core/batchReport';
import { globMatcher } from '../core/globFilter';
import { pairFiles, type FilePair } from '../core/pairing';
import { workerMetrics, type MetricName, type Recipe } from '../core/registry';
import type { BatchProgress, BatchRow, BatchRunState } from '../protocol/batch';
import type { CompareJobOptions, CompareJobResult } from '../protocol/worker';

/** The two folders as the engine sees them. */
export interface BatchFiles {
  /** Candidate images below folder A or B, as `/`-separated relative paths. */
  list(side: 'a' | 'b'): Promise<string[]>;
  /** The bytes of a file; rejects with an Error whose message names the file. */
  read(side: 'a' | 'b', relative: string): Promise<Uint8Array>;
  /** The path shown and exported for a file (as the user would pass it to `imsim batch`). */
  display(side: 'a' | 'b', relative: string): string;
}

/** What the engine needs from the worker pool (src/worker/pool.ts `MetricsPool`). */
export interface BatchCompareService {
  compare(request: { a: Uint8Array; b: Uint8Array; nameA: string; nameB: string; options: CompareJobOptions }, signal?: AbortSignal): Promise<CompareJobResult>;
}

/** Cached values by key (src/extension/batch/resultCache.ts, or a Map in tests). */
export interface BatchCacheStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The recipe part of a run. */
export interface BatchRecipe {
  /** Optional glob over paths relative to each folder (src/core/globFilter.ts). */
  readonly filter?: string;
  /**
   * Metrics of the run. The workers compute all but LPIPS; LPIPS is computed per pair only when the
   * run has an LPIPS hook ({@link BatchRunContext.lpips}); else its column stays empty (the
   * extension's batch view runs it afterwards in its webview).
   */
  readonly metrics: readonly MetricName[];
  readonly recipe: Recipe;
  /** Images above this many pixels are refused from their header (the CLI: the decoder's default). */
  readonly maxPixels: number;
  /** Tool version for `settings.version`. */
  readonly version: string;
}

/** The pairing of a run, before any comparison. Unmatched files are display paths. */
export interface BatchPlan {
  readonly pairs: readonly FilePair[];
  readonly unmatched: { readonly a: string[]; readonly b: string[] };
  readonly columns: BatchColumn[];
}

/** What a run reports while it runs. */
export interface BatchRunListener {
  onRows(rows: readonly BatchRow[]): void;
  onProgress(progress: BatchProgress, settings: BatchSettings): void;
  /** What the decoders assumed for a pair that was computed (not answered from the cache). */
  onNotices?(index: number, notices: readonly string[]): void;
}

/** LPIPS of one pair (e.g. onnxruntime-web WASM in Node); rejects with an InputError/MetricError for bad input. */
export type BatchLpipsHook = (pair: { readonly a: string; readonly b: string; readonly bytesA: Uint8Array; readonly bytesB: Uint8Array }) =>
  Promise<{ readonly distance: number; readonly network: string; readonly backend: string }>;

/** sha256 of a file's bytes, hex. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The cache key of a pair: both content hashes (order matters) and the recipe text. */
export function cacheKey(hashA: string, hashB: string, recipeKey: string): string {
  return createHash('sha256').update(`${hashA}\n${hashB}\n${recipeKey}`).digest('hex');
}

/** Lists and pairs both folders. */
export async function planBatch(files: BatchFiles, recipe: BatchRecipe): Promise<BatchPlan> {
  const [allA, allB] = await Promise.all([files.list('a'), files.list('b')]);
  const keep = globMatcher(recipe.filter ?? '');
  const pairing = pairFiles(allA.filter(keep), allB.filter(keep));
  return {
    pairs: pairing.pairs,
    unmatched: { a: pairing.unmatched.a.map((r) => files.display('a', r)), b: pairing.unmatched.b.map((r) => files.display('b', r)) },
    columns: computedColumns(recipe.metrics),
  };
}

/** The cached part of a result: everything but the paths. */
interface CachedValues {
  readonly width: number;
  readonly height: number;
  readonly identical: boolean;
  readonly metrics: BatchPairResult['metrics'];
  readonly psnrInfinite: boolean;
  readonly decoder: string;
  readonly dataRange: number;
}

/** Metric values of a worker result in the contract's order (as `imsim batch`). */
function metricValues(result: CompareJobResult): BatchPairResult['metrics'] {
  return orderedMetricValues(result.metrics);
}

function pairFromValues(a: string, b: string, byStem: boolean, v: CachedValues, lpips?: number): BatchPairResult {
  return {
    a,
    b,
    width: v.width,
    height: v.height,
    identical: v.identical,
    metrics: orderedMetricValues(v.metrics, lpips),
    ...(v.psnrInfinite ? { psnrInfinite: true as const } : {}),
    ...(byStem ? { byStem: true as const } : {}),
  };
}

function isCachedValues(value: unknown): value is CachedValues {
  const v = value as Partial<CachedValues> | undefined;
  return typeof v === 'object' && v !== null && typeof v.width === 'number' && typeof v.height === 'number' &&
    typeof v.identical === 'boolean' && typeof v.metrics === 'object' && v.metrics !== null && typeof v.psnrInfinite === 'boolean' &&
    typeof v.decoder === 'string' && typeof v.dataRange === 'number';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Options of {@link runBatch} beyond the plan. */
export interface BatchRunContext {
  readonly files: BatchFiles;
  readonly recipe: BatchRecipe;
  readonly pool: BatchCompareService;
  readonly cache?: BatchCacheStore;
  readonly listener: BatchRunListener;
  readonly signal: AbortSignal;
  /** Pairs in flight at once; default two per worker (min(cores, 4) workers). */
  readonly concurrency?: number;
  /** Milliseconds between row/progress reports; default 100. */
  readonly reportEveryMs?: number;
  /** LPIPS per pair, when the run's metrics include it (never cached). */
  readonly lpips?: BatchLpipsHook;
  /**
   * An error that is not about the input (a bug): `fail-pair` (default) records it on the pair and
   * logs it, as the extension wants; `throw` ends the run with it, as the CLI wants.
   */
  readonly internalErrors?: 'fail-pair' | 'throw';
}

/**
 * Runs a plan. Resolves with the report (pairs in A's path order; pairs not reached before a
 * cancel are left out) and the state it ended in. Rows and progress stream to the listener.
 */
export async function runBatch(plan: BatchPlan, context: BatchRunContext): Promise<{ report: BatchReport; state: BatchRunState }> {
  const { files, recipe: options, pool, cache, listener, signal } = context;
  const total = plan.pairs.length;
  const results: (BatchPairResult | undefined)[] = new Array(total);
  const decoders = new Set<string>();
  let dataRange: number | null = null;
  let lpipsInfo: { network: string; backend: string } | undefined;
  let done = 0;
  let cachedCount = 0;
  const poolMetrics = workerMetrics(options.metrics);
  const lpipsHook = options.metrics.includes('lpips') ? context.lpips : undefined;
  const started = Date.now();
  const reportEveryMs = context.reportEveryMs ?? 100;
  const settings = (): BatchSettings => ({
    ssimVariant: options.recipe.ssimVariant,
    channel: options.recipe.channel,
    cropBorder: options.recipe.cropBorder,
    dataRange,
    decoder: [...decoders].join(', ') || 'none',
    ...(lpipsInfo ? { lpipsNetwork: lpipsInfo.network, lpipsBackend: lpipsInfo.backend } : {}),
    version: options.version,
  });
  let pendingRows: BatchRow[] = [];
  let lastFlush = 0;
  const flush = (force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastFlush < reportEveryMs) return;
    lastFlush = now;
    if (pendingRows.length > 0) {
      listener.onRows(pendingRows);
      pendingRows = [];
    }
    const seconds = Math.max((now - started) / 1000, 1e-3);
    const rate = done / seconds;
    listener.onProgress({ state: 'running', done, total, pairsPerSecond: rate, etaSeconds: rate > 0 ? (total - done) / rate : null, cached: cachedCount }, settings());
  };
  const recipeKey = JSON.stringify({ recipe: options.recipe, metrics: poolMetrics, maxPixels: options.maxPixels });

  const runOne = async (index: number): Promise<void> => {
    const pair = plan.pairs[index] as FilePair;
    const a = files.display('a', pair.a);
    const b = files.display('b', pair.b);
    let result: BatchPairResult;
    let cached = false;
    try {
      const [bytesA, bytesB] = await Promise.all([files.read('a', pair.a), files.read('b', pair.b)]);
      let lpips: number | undefined;
      if (lpipsHook) {
        const r = await lpipsHook({ a, b, bytesA, bytesB });
        lpips = r.distance;
        lpipsInfo = { network: r.network, backend: r.backend };
      }
      const key = cache ? cacheKey(contentHash(bytesA), contentHash(bytesB), recipeKey) : '';
      const hit = cache?.get(key);
      if (isCachedValues(hit)) {
        result = pairFromValues(a, b, pair.byStem, hit, lpips);
        decoders.add(hit.decoder);
        dataRange = hit.dataRange;
        cached = true;
        cachedCount++;
      } else {
        const r = await pool.compare(
          { a: bytesA, b: bytesB, nameA: a, nameB: b, options: { metrics: poolMetrics, recipe: options.recipe, maxPixels: options.maxPixels, strict: true } },
          signal,
        );
        const values: CachedValues = {
          width: r.width, height: r.height, identical: r.identical, metrics: metricValues(r), psnrInfinite: r.psnrInfinite, decoder: r.decoder, dataRange: r.dataRange,
        };
        cache?.set(key, values);
        decoders.add(r.decoder);
        dataRange = r.dataRange;
        if (r.notices.length > 0) listener.onNotices?.(index, r.notices);
        result = pairFromValues(a, b, pair.byStem, values, lpips);
      }
    } catch (error) {
      const e = error as { name?: string };
      if (e.name === 'AbortError' || signal.aborted) return;
      const internal = e.name !== 'InputError' && e.name !== 'MetricError';
      if (internal && context.internalErrors === 'throw') throw error;
      if (internal) console.error(`Image Similarity: batch pair ${a} failed`, error);
      result = { a, b, width: null, height: null, identical: null, metrics: {}, ...(pair.byStem ? { byStem: true as const } : {}), error: errorText(error) };
    }
    results[index] = result;
    done++;
    pendingRows.push({ index, name: pair.a, pair: result, ...(cached ? { cached: true } : {}) });
    flush(false);
  };

  // Keep every worker busy without holding every file in memory: two jobs per worker in flight.
  const laneCount = Math.min(total, context.concurrency ?? Math.max(1, Math.min(availableParallelism(), 4)) * 2);
  let next = 0;
  await Promise.all(Array.from({ length: laneCount }, async () => {
    while (next < total && !signal.aborted) await runOne(next++);
  }));
  const state: BatchRunState = signal.aborted ? 'cancelled' : 'done';
  flush(true);
  const pairs = results.filter((r): r is BatchPairResult => r !== undefined);
  const seconds = Math.max((Date.now() - started) / 1000, 1e-3);
  listener.onProgress({ state, done, total, pairsPerSecond: done / seconds, etaSeconds: 0, cached: cachedCount }, settings());
  return {
    report: { pairs, unmatched: { a: [...plan.unmatched.a], b: [...plan.unmatched.b] }, summary: batchSummary(pairs, plan.columns), settings: settings() },
    state,
  };
}
