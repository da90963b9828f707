/**
 * `imsim batch … --map-out DIR`: writes the heatmaps of the worst N pairs as PNG files (for PR
 * comments and papers). Which pairs and how they are drawn live in src/core/mapOut.ts (shared with
 * the batch view's "Write Worst Heatmaps"); this file reads the files, recomputes those pairs with
 * their maps on a small worker pool, and writes `001_ssim_0.169903_astronaut.png`, … into DIR.
 */
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { BatchColumn, BatchPairResult } from '../core/batchReport';
import { InputError } from '../core/errors';
import { encodePngRgba, heatmapFileName, heatmapRgba, worstPairs } from '../core/mapOut';
import type { Recipe } from '../core/recipe';
import { MetricsPool } from '../worker/pool';

/** What to write. */
export interface MapOutOptions {
  /** Output folder (created if missing). */
  readonly dir: string;
  /** The batch's pairs (paths as the CLI prints them). */
  readonly pairs: readonly BatchPairResult[];
  /** Folder A, for short file names (paths relative to it). */
  readonly dirA: string;
  /** Rank by this metric (default: ssim when computed, else psnr). */
  readonly column: BatchColumn;
  /** How many of the worst pairs (default 8). */
  readonly count?: number;
  readonly recipe: Recipe;
  readonly maxPixels?: number;
  /** dist/metricsWorker.js. */
  readonly workerScript: string;
}

/**
 * Writes the heatmaps and returns the files written. The map is the SSIM map (1 − SSIM) when the
 * ranking metric is not PSNR/MSE, else the absolute error; colormap magma.
 */
export async function writeWorstMaps(options: MapOutOptions): Promise<string[]> {
  const worst = worstPairs(options.pairs, options.column, options.count ?? 8);
  try {
    await fs.mkdir(options.dir, { recursive: true });
  } catch (error) {
    throw new InputError(`${options.dir}: cannot create the --map-out folder (${(error as Error).message})`, options.dir);
  }
  const kind = options.column === 'psnr' || options.column === 'mse' ? 'absError' : 'ssim';
  const pool = new MetricsPool({ workerScript: options.workerScript, size: Math.min(2, Math.max(1, worst.length)) });
  const written: string[] = [];
  try {
    const results = await Promise.all(worst.map(async (pair) => {
      const [a, b] = await Promise.all([fs.readFile(pair.a), fs.readFile(pair.b)]);
      return pool.compare({
        a: new Uint8Array(a),
        b: new Uint8Array(b),
        nameA: pair.a,
        nameB: pair.b,
        options: { metrics: [], recipe: options.recipe, maps: kind === 'ssim' ? { ssim: true } : { absError: true }, maxPixels: options.maxPixels, strict: false },
      });
    }));
    for (let rank = 0; rank < worst.length; rank++) {
      const pair = worst[rank] as BatchPairResult;
      const result = results[rank];
      const map = kind === 'ssim' ? result?.maps.ssim : result?.maps.absError;
      if (!map) continue;
      const png = encodePngRgba(map.width, map.height, heatmapRgba(map, kind), (data) => deflateSync(data));
      const name = relative(options.dirA, pair.a).split(sep).join('/');
      const target = join(options.dir, heatmapFileName(pair, rank + 1, options.column, name));
      await fs.writeFile(target, png);
      written.push(target);
    }
  } finally {
    pool.dispose();
  }
  return written;
}
