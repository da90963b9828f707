/**
 * Running one notebook cell: resolves its paths against the workspace folder, compares a pair (or
 * runs a folder batch with the batch engine) on the worker pool, and builds the saved output with
 * small PNG thumbnails of A, B and the heatmap. Loaded on the first cell run, never at activation.
 * Thumbnails are decoded in the extension host only for images up to THUMBNAIL_MAX_PIXELS.
 */
import { deflateSync } from 'node:zlib';
import * as vscode from 'vscode';
import { batchSummary, computedColumns, formatMetricValue, histogram, pairValue, recipeLine, summaryMarkdown, worstFirstOrder, type BatchColumn, type BatchPairResult, type BatchReport, type BatchSettings } from '../../core/batchReport';
import type { ComparisonCell } from '../../core/cellLanguage';
import { encodePngRgba, heatmapRgba, type HeatmapSource } from '../../core/mapOut';
import { mapThumbnail, type RgbaImage } from '../../core/thumbnail';
import {
  THUMBNAIL_SIZE,
  type FolderResultOutput,
  type HistogramOutput,
  type PairResultOutput,
  type PairThumbnails,
  type Thumbnail,
  type WorstPairOutput,
} from '../../protocol/notebook';
import type { CompareJobResult } from '../../protocol/worker';
import { planBatch, runBatch } from '../../worker/batchEngine';
import { workspaceBatchFiles, workspacePath } from '../batch/batchRun';
import type { MetricsService } from '../metricsPool';
import type { NodeLpipsJob, NodeLpipsResult } from '../nodeLpipsService';
import { resolveCellPath } from './cellPaths';


/** What a run needs from its surroundings. */
export interface CellRunContext {
  readonly pool: MetricsService;
  readonly version: string;
  readonly maxPixels: number;
  readonly signal: AbortSignal;
  /** Reports progress text (folder cells). */
  readonly onProgress?: (text: string) => void;
  /** LPIPS off the host's thread (pair cells that ask for it). */
  readonly lpips?: {
    run(job: NodeLpipsJob, signal?: AbortSignal): Promise<NodeLpipsResult>;
    /** The `lpips.modelPath` and `lpips.maxMegapixels` settings. */
    readonly modelPath?: string;
    readonly maxMegapixels?: number;
  };
}

async function statOf(uri: vscode.Uri, written: string): Promise<vscode.FileStat> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    throw new Error(`${written}: no such file or folder (looked for ${uri.scheme === 'file' ? uri.fsPath : uri.toString()}); paths are relative to the workspace folder`);
  }
}

/** Runs a parsed cell. Throws an Error whose message is the cell error to show. */
export async function runCell(cell: ComparisonCell, base: vscode.Uri, context: CellRunContext): Promise<PairResultOutput | FolderResultOutput> {
  const uriA = resolveCellPath(base, cell.a);
  const uriB = resolveCellPath(base, cell.b);
  const [statA, statB] = await Promise.all([statOf(uriA, cell.a), statOf(uriB, cell.b)]);
  const folderA = (statA.type & vscode.FileType.Directory) !== 0;
  const folderB = (statB.type & vscode.FileType.Directory) !== 0;
  if (folderA !== folderB) {
    throw new Error(`${folderA ? cell.a : cell.b} is a folder and ${folderA ? cell.b : cell.a} is a file; compare two files or two folders`);
  }
  if (!folderA && cell.folder) throw new Error(`${cell.a.endsWith('/') ? cell.a : cell.b} ends with / but is a file; remove the / to compare two files`);
  return folderA ? runFolderCell(cell, uriA, uriB, context) : runPairCell(cell, uriA, uriB, context);
}

function toBase64Png(image: RgbaImage): Thumbnail {
  const png = encodePngRgba(image.width, image.height, image.rgba, (data) => deflateSync(data));
  return { png: Buffer.from(png).toString('base64'), width: image.width, height: image.height };
}

function heatmapThumbnail(result: CompareJobResult, recipeVariant: string): Pick<PairThumbnails, 'heatmap' | 'heatmapLabel'> {
  const ssim = result.maps.ssim;
  const map: HeatmapSource | undefined = ssim ?? result.maps.absError;
  if (!map) return {};
  const small = mapThumbnail(map, THUMBNAIL_SIZE);
  const kind = ssim ? 'ssim' : 'absError';
  return {
    heatmap: toBase64Png({ width: small.width, height: small.height, rgba: heatmapRgba(small, kind) }),
    heatmapLabel: ssim ? `1 − SSIM map (${recipeVariant}), magma, 0 … 1` : `|A − B| (mean over channels), magma, 0 … ${map.max.toPrecision(3)}`,
  };
}

/** Thumbnails of A and B, made by the worker that decoded them (the extension host decodes nothing). */
function imageThumbnails(result: CompareJobResult): Pick<PairThumbnails, 'a' | 'b'> {
  const [a, b] = result.thumbnails ?? [];
  return { ...(a ? { a: toBase64Png(a) } : {}), ...(b ? { b: toBase64Png(b) } : {}) };
}

function settingsOf(cell: ComparisonCell, dataRange: number | null, decoder: string, version: string): BatchSettings {
  return { ssimVariant: cell.recipe.ssimVariant, channel: cell.recipe.channel, cropBorder: cell.recipe.cropBorder, dataRange, decoder, version };
}

async function comparePair(
  uriA: vscode.Uri,
  uriB: vscode.Uri,
  cell: ComparisonCell,
  context: CellRunContext,
  metrics: ComparisonCell['metrics'],
): Promise<{ result: CompareJobResult; names: [string, string]; bytes: [Uint8Array, Uint8Array] }> {
  const names: [string, string] = [workspacePath(uriA), workspacePath(uriB)];
  const [a, b] = await Promise.all([vscode.workspace.fs.readFile(uriA), vscode.workspace.fs.readFile(uriB)]);
  const result = await context.pool.compare(
    {
      // Copies: the pool transfers its buffers, and workspace.fs may return a Node Buffer, whose
      // slice() is a view of the same memory.
      a: new Uint8Array(a),
      b: new Uint8Array(b),
      nameA: names[0],
      nameB: names[1],
      options: {
        metrics: metrics.filter((m) => m !== 'lpips'),
        recipe: cell.recipe,
        maps: metrics.includes('ssim') ? { ssim: true } : { absError: true },
        maxPixels: context.maxPixels,
        strict: false,
        thumbnails: THUMBNAIL_SIZE,
      },
    },
    context.signal,
  );
  return { result, names, bytes: [a, b] };
}

/** LPIPS of the pair in the host's LPIPS worker, or why it is missing. */
async function pairLpips(
  cell: ComparisonCell,
  names: [string, string],
  bytes: [Uint8Array, Uint8Array],
  context: CellRunContext,
): Promise<{ value: number; network: string; backend: string } | { reason: string }> {
  const lpips = context.lpips;
  if (!lpips) return { reason: 'LPIPS is not available here.' };
  try {
    const r = await lpips.run(
      {
        a: bytes[0],
        b: bytes[1],
        nameA: names[0],
        nameB: names[1],
        cropBorder: cell.recipe.cropBorder,
        maxPixels: context.maxPixels,
        ...(lpips.modelPath ? { modelPath: lpips.modelPath } : {}),
        ...(lpips.maxMegapixels !== undefined ? { maxMegapixels: lpips.maxMegapixels } : {}),
      },
      context.signal,
    );
    return { value: r.distance, network: r.network, backend: r.backend };
  } catch (error) {
    const e = error as { name?: string; kind?: string; message?: string };
    if (e.name === 'AbortError') throw error;
    // A limit or the model: the other numbers stand, the card says why LPIPS is missing.
    return { reason: e.message ?? String(error) };
  }
}

async function runPairCell(cell: ComparisonCell, uriA: vscode.Uri, uriB: vscode.Uri, context: CellRunContext): Promise<PairResultOutput> {
  const { result, names, bytes } = await comparePair(uriA, uriB, cell, context, cell.metrics);
  const unavailable: Record<string, string> = { ...result.unavailable };
  const metrics: { -readonly [K in keyof PairResultOutput['metrics']]: PairResultOutput['metrics'][K] } = { ...result.metrics };
  let settings = settingsOf(cell, result.dataRange, result.decoder, context.version);
  if (cell.metrics.includes('lpips')) {
    const lpips = await pairLpips(cell, names, bytes, context);
    if ('reason' in lpips) unavailable.lpips = lpips.reason;
    else {
      metrics.lpips = lpips.value;
      settings = { ...settings, lpipsNetwork: lpips.network, lpipsBackend: lpips.backend };
    }
  }
  const notices = [...result.notices];
  const thumbnails: PairThumbnails = { ...imageThumbnails(result), ...heatmapThumbnail(result, cell.recipe.ssimVariant) };
  return {
    type: 'pair',
    version: 1,
    a: names[0],
    b: names[1],
    width: result.width,
    height: result.height,
    identical: result.identical,
    metrics,
    psnrInfinite: result.psnrInfinite,
    unavailable,
    notices,
    settings,
    thumbnails,
    ranAt: new Date().toISOString(),
  };
}

/**
 * LPIPS for every pair of a folder run that has no error, one pair at a time in the host's LPIPS
 * worker; a pair whose LPIPS fails fails as a whole, as in `imsim batch --metrics lpips`. The
 * summary is recomputed with the LPIPS column.
 */
async function withFolderLpips(
  report: BatchReport,
  cell: ComparisonCell,
  pairUris: (pair: BatchPairResult) => [vscode.Uri, vscode.Uri] | undefined,
  context: CellRunContext,
): Promise<BatchReport> {
  const pairs: BatchPairResult[] = [];
  let info: { network: string; backend: string } | undefined;
  let done = 0;
  const todo = report.pairs.filter((p) => p.error === undefined).length;
  for (const pair of report.pairs) {
    const uris = pairUris(pair);
    if (pair.error !== undefined || !uris) {
      pairs.push(pair);
      continue;
    }
    if (context.signal.aborted) throw new Error(`cancelled during LPIPS (${done} of ${todo} pairs)`);
    context.onProgress?.(`LPIPS ${done + 1}/${todo}`);
    const bytes = await Promise.all(uris.map((u) => vscode.workspace.fs.readFile(u)));
    const lpips = await pairLpips(cell, [pair.a, pair.b], [bytes[0], bytes[1]], context);
    done++;
    if ('reason' in lpips) pairs.push({ ...pair, error: lpips.reason });
    else {
      info ??= { network: lpips.network, backend: lpips.backend };
      pairs.push({ ...pair, metrics: { ...pair.metrics, lpips: lpips.value } });
    }
  }
  const settings: BatchSettings = info ? { ...report.settings, lpipsNetwork: info.network, lpipsBackend: info.backend } : report.settings;
  return { ...report, pairs, settings, summary: batchSummary(pairs, computedColumns(cell.metrics)) };
}

async function runFolderCell(cell: ComparisonCell, folderA: vscode.Uri, folderB: vscode.Uri, context: CellRunContext): Promise<FolderResultOutput> {
  const metrics = cell.metrics.filter((m) => m !== 'lpips');
  const files = workspaceBatchFiles(folderA, folderB);
  const recipe = { metrics, recipe: cell.recipe, maxPixels: context.maxPixels, version: context.version, ...(cell.filter ? { filter: cell.filter } : {}) };
  const plan = await planBatch(files, recipe);
  if (plan.pairs.length === 0) {
    throw new Error(`no pairs between ${cell.a} and ${cell.b}${cell.filter ? ` matching ${cell.filter}` : ''} (${plan.unmatched.a.length + plan.unmatched.b.length} files without a partner); pairs match by relative path, or by stem with another extension`);
  }
  const run = await runBatch(plan, {
    files,
    recipe,
    pool: context.pool,
    signal: context.signal,
    listener: {
      onRows: () => undefined,
      onProgress: (p) => context.onProgress?.(`${p.done}/${p.total} pairs · ${p.pairsPerSecond.toFixed(1)} pairs/s`),
    },
  });
  if (run.state === 'cancelled') throw new Error(`cancelled after ${run.report.pairs.length} of ${plan.pairs.length} pairs`);
  const relative = new Map(plan.pairs.map((p) => [files.display('a', p.a), p] as const));
  const pairUris = (pair: BatchPairResult): [vscode.Uri, vscode.Uri] | undefined => {
    const planned = relative.get(pair.a);
    return planned ? [vscode.Uri.joinPath(folderA, ...planned.a.split('/')), vscode.Uri.joinPath(folderB, ...planned.b.split('/'))] : undefined;
  };
  const report = cell.metrics.includes('lpips') ? await withFolderLpips(run.report, cell, pairUris, context) : run.report;
  const columns = computedColumns(cell.metrics);
  const worstColumn: BatchColumn = columns.includes('ssim') ? 'ssim' : columns.includes('psnr') ? 'psnr' : (columns[0] ?? 'psnr');
  const histograms: Record<string, HistogramOutput> = {};
  for (const c of columns) histograms[c] = histogram(report.pairs.filter((p) => p.error === undefined).map((p) => pairValue(p, c)), 24);
  const worst: WorstPairOutput[] = [];
  for (const index of worstFirstOrder(report.pairs, worstColumn)) {
    if (worst.length >= cell.worst || context.signal.aborted) break;
    const pair = report.pairs[index];
    const uris = pair ? pairUris(pair) : undefined;
    const planned = pair ? relative.get(pair.a) : undefined;
    if (!pair || !uris || !planned || pair.error !== undefined) continue;
    const [uriA, uriB] = uris;
    let thumbnails: PairThumbnails = {};
    try {
      const { result } = await comparePair(uriA, uriB, cell, context, metrics);
      thumbnails = { ...imageThumbnails(result), ...heatmapThumbnail(result, cell.recipe.ssimVariant) };
    } catch {
      // Thumbnails are a convenience; the numbers are in the summary.
    }
    const value = pairValue(pair, worstColumn);
    worst.push({ name: planned.a, a: pair.a, b: pair.b, value: value === undefined || !Number.isFinite(value) ? null : value, thumbnails });
  }
  return {
    type: 'folder',
    version: 1,
    folderA: workspacePath(folderA),
    folderB: workspacePath(folderB),
    pairs: report.pairs.length,
    failed: report.pairs.filter((p) => p.error !== undefined).length,
    unmatched: { a: report.unmatched.a.length, b: report.unmatched.b.length },
    columns,
    summary: report.summary,
    histograms,
    worstColumn,
    worst,
    errors: report.pairs.filter((p) => p.error !== undefined).slice(0, 20).map((p) => ({ a: p.a, error: p.error as string })),
    notices: [],
    settings: report.settings,
    ranAt: new Date().toISOString(),
  };
}

/** A plain-text/Markdown rendering of a result, saved next to the JSON (readable in diffs and without the renderer). */
export function resultMarkdown(output: PairResultOutput | FolderResultOutput): string {
  if (output.type === 'pair') {
    const rows = (['mse', 'psnr', 'ssim', 'msssim', 'lpips'] as const)
      .filter((m) => output.metrics[m] !== undefined)
      .map((m) => `| ${m.toUpperCase()} | ${formatMetricValue(m, output.metrics[m] ?? null, m === 'psnr' && output.psnrInfinite)} |`);
    const missing = Object.entries(output.unavailable).map(([m, reason]) => `| ${m.toUpperCase()} | — (${reason.replace(/\|/g, '\\|')}) |`);
    return [`**${output.a} ↔ ${output.b}** (${output.width}×${output.height})`, '', '| Metric | Value |', '| --- | ---: |', ...rows, ...missing, '', recipeLine(output.settings)].join('\n');
  }
  const report = {
    pairs: new Array(output.pairs).fill(null).map((_, i) => ({ a: String(i), b: String(i), width: null, height: null, identical: null, metrics: {}, ...(i < output.failed ? { error: 'failed' } : {}) })),
    unmatched: { a: new Array<string>(output.unmatched.a).fill(''), b: new Array<string>(output.unmatched.b).fill('') },
    summary: { ...output.summary },
    settings: output.settings,
  };
  return summaryMarkdown(report, `${output.folderA} ↔ ${output.folderB}`);
}
