/**
 * `imsim batch DIR_A DIR_B`: pairs two folders (src/core/pairing.ts), compares every pair on the
 * worker pool, prints or writes JSON and CSV, and summarises each metric.
 */
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { InputError } from '../core/errors';
import { isCandidateImage, pairFiles } from '../core/pairing';
import { batchCsv, batchJsonText, batchSummary, computedColumns, type BatchPairResult, type BatchReport } from '../core/batchReport';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import { decodePair } from '../worker/compareFiles';
import { MetricsPool, defaultPoolSize } from '../worker/pool';
import type { CliArgs } from './args';
import type { CliLpips } from './lpips';
import { EXIT, heldConditions, metricValues, readInput, settingsJson } from './common';
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

/** Runs the batch command and returns the exit code. */
export async function runBatch(args: CliArgs): Promise<number> {
  const [dirA, dirB] = args.paths as [string, string];
  const [filesA, filesB] = await Promise.all([listImages(dirA), listImages(dirB)]);
  const pairing = pairFiles(filesA, filesB);
  const toPath = (dir: string, rel: string): string => join(dir, ...rel.split('/'));
  const unmatched = { a: pairing.unmatched.a.map((r) => toPath(dirA, r)), b: pairing.unmatched.b.map((r) => toPath(dirB, r)) };
  for (const f of unmatched.a) process.stderr.write(`imsim: unmatched in A: ${f}\n`);
  for (const f of unmatched.b) process.stderr.write(`imsim: unmatched in B: ${f}\n`);

  const wantLpips = args.metrics.includes('lpips');
  const recipe = { ssimVariant: args.ssimVariant, channel: args.channel, cropBorder: args.cropBorder, dataRange: args.dataRange };
  const size = Math.max(1, Math.min(args.workers ?? defaultPoolSize(), pairing.pairs.length));
  const pool = new MetricsPool({ workerScript: join(__dirname, 'metricsWorker.js'), size });
  const progress = progressWriter(pairing.pairs.length, !args.quiet && process.stderr.isTTY === true && pairing.pairs.length > 1);
  let lpips: CliLpips | undefined;
  let lpipsInfo: { network: string; backend: string } | undefined;
  const decoders = new Set<string>();
  let dataRange: number | null = null;
  let done = 0;

  const results: BatchPairResult[] = new Array(pairing.pairs.length);
  const psnrInfinite: boolean[] = new Array(pairing.pairs.length).fill(false);
  try {
    if (wantLpips) {
      const { loadLpips } = await import('./lpips');
      lpips = await loadLpips();
      initJpegTurboFromDisk();
      useNativeInflate();
    }
    const runOne = async (index: number): Promise<void> => {
      const pair = pairing.pairs[index] as (typeof pairing.pairs)[number];
      const a = toPath(dirA, pair.a);
      const b = toPath(dirB, pair.b);
      const base = { a, b, ...(pair.byStem ? { byStem: true as const } : {}) };
      try {
        const [bytesA, bytesB] = await Promise.all([readInput(a), readInput(b)]);
        let lpipsDistance: number | undefined;
        if (lpips) {
          const [decodedA, decodedB] = decodePair(bytesA, bytesB, a, b);
          const r = await lpips.run(decodedA.image, decodedB.image, args.cropBorder);
          lpipsDistance = r.distance;
          lpipsInfo = { network: r.network, backend: r.backend };
        }
        const result = await pool.compare({ a: bytesA, b: bytesB, nameA: a, nameB: b, options: { metrics: args.metrics, recipe, strict: true } });
        decoders.add(result.decoder);
        dataRange = result.dataRange;
        for (const notice of result.notices) process.stderr.write(`imsim: notice: ${notice}\n`);
        results[index] = {
          a: base.a,
          b: base.b,
          width: result.width,
          height: result.height,
          identical: result.identical,
          metrics: metricValues(result, lpipsDistance),
          ...(result.psnrInfinite ? { psnrInfinite: true as const } : {}),
          ...(pair.byStem ? { byStem: true as const } : {}),
        };
        psnrInfinite[index] = result.psnrInfinite;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        process.stderr.write(`imsim: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
        results[index] = { a: base.a, b: base.b, width: null, height: null, identical: null, metrics: {}, ...(pair.byStem ? { byStem: true as const } : {}), error: error.message };
      }
      progress(++done);
    };
    // Keep the pool busy without holding every file in memory: at most 2 jobs per worker in flight.
    let next = 0;
    const lanes = Array.from({ length: Math.min(pairing.pairs.length, size * 2) }, async () => {
      while (next < pairing.pairs.length) await runOne(next++);
    });
    await Promise.all(lanes);
  } finally {
    pool.dispose();
    await lpips?.dispose();
  }

  const computed = computedColumns(args.metrics);
  const json: BatchReport = {
    pairs: results,
    unmatched,
    summary: batchSummary(results, computed),
    settings: settingsJson(args, dataRange, [...decoders].join(', ') || 'none', lpipsInfo),
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
