/**
 * The batch view's "Write Worst Heatmaps": recomputes the worst N pairs with their maps on the
 * worker pool and writes each heatmap as a PNG into a folder the user chose (src/core/mapOut.ts).
 */
import { deflateSync } from 'node:zlib';
import * as vscode from 'vscode';
import type { BatchColumn, BatchPairResult } from '../../core/batchReport';
import { encodePngRgba, heatmapFileName, heatmapRgba, worstPairs } from '../../core/mapOut';
import type { Recipe } from '../../core/recipe';
import type { MetricsService } from '../metricsPool';

/** What to write. */
export interface WorstMapsRequest {
  readonly pairs: readonly BatchPairResult[];
  readonly column: BatchColumn;
  readonly count: number;
  readonly folder: vscode.Uri;
  /** The files of a pair and its name relative to folder A; undefined to skip it. */
  readonly resolve: (pair: BatchPairResult) => readonly [vscode.Uri, vscode.Uri, string] | undefined;
  readonly recipe: Recipe;
  readonly maxPixels: number;
  readonly pool: MetricsService;
}

/** Writes the heatmaps (SSIM map when SSIM was computed, else absolute error); returns how many. */
export async function writeWorstMapsToFolder(request: WorstMapsRequest): Promise<number> {
  const kind = request.pairs.some((p) => p.metrics.ssim !== undefined) ? 'ssim' : 'absError';
  let written = 0;
  const worst = worstPairs(request.pairs, request.column, request.count);
  for (let rank = 0; rank < worst.length; rank++) {
    const pair = worst[rank] as BatchPairResult;
    const files = request.resolve(pair);
    if (!files) continue;
    const [uriA, uriB, name] = files;
    const [a, b] = await Promise.all([vscode.workspace.fs.readFile(uriA), vscode.workspace.fs.readFile(uriB)]);
    const result = await request.pool.compare({
      a, b, nameA: pair.a, nameB: pair.b,
      options: { metrics: [], recipe: request.recipe, maps: kind === 'ssim' ? { ssim: true } : { absError: true }, maxPixels: request.maxPixels, strict: false },
    });
    const map = kind === 'ssim' ? result.maps.ssim : result.maps.absError;
    if (!map) continue;
    const png = encodePngRgba(map.width, map.height, heatmapRgba(map, kind), (data) => deflateSync(data));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(request.folder, heatmapFileName(pair, rank + 1, request.column, name)), png);
    written++;
  }
  return written;
}
