/**
 * `imsim batch DIR_A DIR_B`: the one batch engine (src/worker/batchEngine.ts) over node:fs, on the
 * worker pool, then JSON and CSV printed or written, and each metric summarised.
 */
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from '../core/errors';
import { isCandidateImage } from '../core/pairing';
import { batchCsv, batchJsonText, type BatchReport } from '../core/batchReport';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import { DEFAULT_MAX_PIXELS, decodePair } from '../worker/compareFiles';
import { planBatch, runBatch as runBatchEngine, type BatchFiles, type BatchRecipe } from '../worker/batchEngine';
import { MetricsPool, defaultPoolSize } from '../worker/pool';
import { VERSIONS } from './versions';
import type { CliArgs } from './args';
import type { CliLpips } from './lpips';
import { EXIT, heldConditions, readInput, settingsJson } from './common';
import { formatMetric } from './output';

/** Lists candidate images below `root`, recursively, as `/`-separated relative paths; skips dot-names. */
export async function listImages(root: string): Promise<string[]> {
  let stat;
  try {
    stat = await fs.stat(root);
  } catch {
    throw new InputError(`${root}: no such folder`, root);
  }
  if (!stat.isDirectory()) throw new InputError(`${root}: is not a folder; batch compares two folders`, root);
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await fs.stat(full);
          isDir = false; // never follow folder links: they can loop
          isFile = target.isFile();
        } catch {
          continue;
        }
      }
      if (isDir) await walk(full);
      else if (isFile && isCandidateImage(entry.name)) found.push(relative(root, full).split(sep).join('/'));
    }
  };
  await walk(root);
  return found;
}

function progressWriter(total: number, enabled: boolean): (done: number) => void {
  if (!enabled) return () => undefined;
  const started = Date.now();
  let last = 0;
  return (done) => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    const seconds = (now - started) / 1000;
    const rate = done / Math.max(seconds, 1e-3);
    const eta = rate > 0 ? (total - done) / rate : 0;
    process.stderr.write(`\rimsim: ${done}/${total} pairs, ${rate.toFixed(1)} pairs/s, ETA ${eta.toFixed(0)} s   ${done === total ? '\n' : ''}`);
  };
}

/** Runs the batch command and returns the exit code: the one batch engine (src/worker/batchEngine.ts) over node:fs. */
export async function runBatch(args: CliArgs): Promise<number> {
  const [dirA, dirB] = args.paths as [string, string];
  const dirs = { a: dirA, b: dirB };
  const toPath = (dir: string, rel: string): string => join(dir, ...rel.split('/'));
  const files: BatchFiles = {
    list: (side) => listImages(dirs[side]),
    read: (side, rel) => readInput(toPath(dirs[side], rel)),
    display: (side, rel) => toPath(dirs[side], rel),
  };
  const recipe = { ssimVariant: args.ssimVariant, channel: args.channel, cropBorder: args.cropBorder, dataRange: args.dataRange };
  const batchRecipe: BatchRecipe = { metrics: args.metrics, recipe, maxPixels: DEFAULT_MAX_PIXELS, version: VERSIONS.imsim };
  const plan = await planBatch(files, batchRecipe);
  const unmatched = plan.unmatched;
  for (const f of unmatched.a) process.stderr.write(`imsim: unmatched in A: ${f}\n`);
  for (const f of unmatched.b) process.stderr.write(`imsim: unmatched in B: ${f}\n`);

  const size = Math.max(1, Math.min(args.workers ?? defaultPoolSize(), plan.pairs.length));
  const pool = new MetricsPool({ workerScript: join(__dirname, 'metricsWorker.js'), size });
  const progress = progressWriter(plan.pairs.length, !args.quiet && process.stderr.isTTY === true && plan.pairs.length > 1);
  let lpips: CliLpips | undefined;
  let report: BatchReport;
  try {
    if (args.metrics.includes('lpips')) {
      const { loadLpips } = await import('./lpips');
      lpips = await loadLpips();
      initJpegTurboFromDisk();
      useNativeInflate();
    }
    const lpipsRunner = lpips;
    const run = await runBatchEngine(plan, {
      files,
      recipe: batchRecipe,
      pool,
      signal: new AbortController().signal,
      // Keep the pool busy without holding every file in memory: at most 2 jobs per worker in flight.
      concurrency: size * 2,
      internalErrors: 'throw',
      ...(lpipsRunner
        ? {
            lpips: async ({ a, b, bytesA, bytesB }) => {
              const [decodedA, decodedB] = decodePair(bytesA, bytesB, a, b);
              return lpipsRunner.run(decodedA.image, decodedB.image, args.cropBorder);
            },
          }
        : {}),
      listener: {
        onRows: (rows) => {
          for (const row of rows) if (row.pair.error !== undefined) process.stderr.write(`imsim: ${row.pair.error.replace(/\s*\n\s*/g, ' ')}\n`);
        },
        onProgress: (p) => progress(p.done),
        onNotices: (_index, notices) => {
          for (const notice of notices) process.stderr.write(`imsim: notice: ${notice}\n`);
        },
      },
    });
    report = run.report;
  } finally {
    pool.dispose();
    await lpips?.dispose();
  }
  const results = report.pairs;
  const psnrInfinite = results.map((r) => r.psnrInfinite === true);

  const computed = plan.columns;
  const lpipsInfo = report.settings.lpipsNetwork !== undefined ? { network: report.settings.lpipsNetwork, backend: report.settings.lpipsBackend ?? '' } : undefined;
  const json: BatchReport = {
    pairs: results,
    unmatched,
    summary: report.summary,
    settings: settingsJson(args, report.settings.dataRange, report.settings.decoder, lpipsInfo),
  };
  const jsonText = batchJsonText(json);
  if (args.jsonOut) await writeOutput(args.jsonOut, jsonText);
  if (args.csv) await writeOutput(args.csv, batchCsv(results, computed));
  if (args.mapOut) {
    const { writeWorstMaps } = await import('./mapOut');
    const written = await writeWorstMaps({
      dir: args.mapOut, pairs: results, dirA, column: computed.includes('ssim') ? 'ssim' : 'psnr', count: args.mapCount ?? 8,
      recipe, workerScript: join(__dirname, 'metricsWorker.js'),
    });
    for (const file of written) process.stderr.write(`imsim: wrote ${file}\n`);
  }
  if (args.json) {
    process.stdout.write(jsonText);
  } else {
    const lines = [`${results.length} pairs, ${unmatched.a.length + unmatched.b.length} unmatched files`];
    for (const r of results) {
      const cells = computed.map((m) => `${m} ${formatMetric(m, r.metrics[m] ?? null, m === 'psnr' && r.psnrInfinite === true)}`);
      lines.push(`${r.a} ↔ ${r.b}: ${r.error ? `error: ${r.error}` : cells.join(', ')}`);
    }
    for (const [metric, s] of Object.entries(json.summary)) {
      lines.push(`${metric}: n ${s.n}${s.nInfinite ? ` (+${s.nInfinite} infinite)` : ''}, mean ${formatMetric(metric, s.mean)}, median ${formatMetric(metric, s.median)}, std ${s.std === null ? '—' : s.std.toPrecision(4)}, min ${formatMetric(metric, s.min)}, max ${formatMetric(metric, s.max)}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const failed = results.some((r) => r.error !== undefined);
  if (failed) return EXIT.input;
  let anyHeld = false;
  results.forEach((r, i) => {
    for (const c of heldConditions(args.failIf, r.metrics, psnrInfinite[i] === true)) {
      anyHeld = true;
      process.stderr.write(`imsim: --fail-if condition held for ${r.a}: ${c.text}\n`);
    }
  });
  return anyHeld ? EXIT.failIf : EXIT.ok;
}

async function writeOutput(path: string, text: string): Promise<void> {
  try {
    await fs.writeFile(path, text);
  } catch (error) {
    throw new InputError(`${path}: cannot write (${(error as Error).message})`, path);
  }
}
