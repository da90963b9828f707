/**
 * The extension's batch engine (src/extension/batch/batchEngine.ts) on real folders and the real
 * worker pool, against `imsim batch` on the same folders: the same pairs, numbers, errors, summary,
 * CSV and JSON. Also the cache (only changed pairs recomputed) and cancellation.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { batchCsv, batchJsonText, type BatchReport } from '../../../src/core/batchReport';
import { listImages } from '../../../src/cli/batch';
import { VERSIONS } from '../../../src/cli/versions';
import { planBatch, runBatch, type BatchFiles, type BatchRecipe } from '../../../src/worker/batchEngine';
import type { BatchRow } from '../../../src/protocol/batch';
import { MetricsPool } from '../../../src/worker/pool';
import { CLI, CORPUS, REPO_ROOT } from '../../helpers/paths';
import { makeBatchFolders } from './fixtures';

const folders = makeBatchFolders();
const pool = new MetricsPool({ workerScript: join(REPO_ROOT, 'dist', 'metricsWorker.js'), size: 2 });
after(() => {
  pool.dispose();
  rmSync(folders.root, { recursive: true, force: true });
});

function nodeFiles(dirA: string, dirB: string): BatchFiles {
  const dir = (side: 'a' | 'b') => (side === 'a' ? dirA : dirB);
  return {
    list: (side) => listImages(dir(side)),
    read: async (side, rel) => new Uint8Array(readFileSync(join(dir(side), ...rel.split('/')))),
    display: (side, rel) => join(dir(side), ...rel.split('/')),
  };
}

const recipe: BatchRecipe = {
  metrics: ['psnr', 'ssim', 'msssim'],
  recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 },
  maxPixels: 100e6,
  version: VERSIONS.imsim,
};

async function engineRun(cache?: Map<string, unknown>, signal = new AbortController().signal, onRows?: (rows: readonly BatchRow[]) => void) {
  const files = nodeFiles(folders.a, folders.b);
  const plan = await planBatch(files, recipe);
  const rows: BatchRow[] = [];
  const progress: number[] = [];
  const result = await runBatch(plan, {
    files, recipe, pool, cache, signal, concurrency: 2, reportEveryMs: 0,
    listener: { onRows: (r) => { rows.push(...r); onRows?.(r); }, onProgress: (p) => progress.push(p.done) },
  });
  return { ...result, rows, progress, plan };
}

/** The decoder list is in completion order (in the CLI too), so it is compared by length and content. */
function withoutDecoder(report: BatchReport): unknown {
  return { ...report, settings: { ...report.settings, decoder: [...report.settings.decoder].sort().join('') } };
}

test('the engine equals imsim batch on the same folders: pairs, numbers, errors, summary, JSON and CSV', async () => {
  const csvPath = join(folders.root, 'cli.csv');
  const cli = spawnSync(process.execPath, [CLI, 'batch', folders.a, folders.b, '--json', '--csv', csvPath, '--metrics', 'psnr,ssim,msssim'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(cli.status, 1, `the size mismatch pair fails, so imsim exits 1: ${cli.stderr}`);
  const cliJson = JSON.parse(cli.stdout) as BatchReport;

  const { report, state, rows } = await engineRun();
  assert.equal(state, 'done');
  assert.equal(rows.length, report.pairs.length);
  assert.deepEqual(withoutDecoder(report), withoutDecoder(cliJson));
  assert.equal(batchJsonText(withoutDecoder(report) as BatchReport), batchJsonText(withoutDecoder(cliJson) as BatchReport));
  assert.equal(batchCsv(report.pairs, ['mse', 'psnr', 'ssim', 'msssim']), readFileSync(csvPath, 'utf8'));

  // The shape the issue asks for, checked directly.
  const names = report.pairs.map((p) => p.a.slice(folders.a.length + 1));
  assert.deepEqual(names, ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee_jpeg.jpg', 'mismatch.png', join('nested', 'coffee.png')]);
  const byStem = report.pairs.find((p) => p.a.endsWith('coffee_jpeg.jpg'));
  assert.equal(byStem?.byStem, true);
  assert.ok(byStem?.b.endsWith('coffee_jpeg.png'));
  const identical = report.pairs.find((p) => p.a.endsWith('chelsea.png'));
  assert.equal(identical?.psnrInfinite, true);
  assert.equal(identical?.metrics.psnr, null);
  assert.match(report.pairs.find((p) => p.a.endsWith('mismatch.png'))?.error ?? '', /different sizes/);
  assert.deepEqual(report.unmatched, { a: [join(folders.a, 'only_in_a.png')], b: [join(folders.b, 'only_in_b.png')] });
  assert.equal(report.summary.psnr?.n, 4);
  assert.equal(report.summary.psnr?.nInfinite, 1);
});

test('the cache answers unchanged pairs and recomputes only the changed one', async () => {
  const cache = new Map<string, unknown>();
  const first = await engineRun(cache);
  assert.equal(first.rows.filter((r) => r.cached).length, 0);
  assert.equal(cache.size, 5, 'five pairs computed (the failing one is not cached)');
  const second = await engineRun(cache);
  assert.equal(second.rows.filter((r) => r.cached).length, 5);
  assert.deepEqual(second.report, first.report);
  copyFileSync(join(CORPUS, 'camera', 'noise_s51.png'), join(folders.a, 'camera.png'));
  const third = await engineRun(cache);
  const recomputed = third.rows.filter((r) => !r.cached && r.pair.error === undefined).map((r) => r.name);
  assert.deepEqual(recomputed, ['camera.png']);
  assert.notEqual(third.report.pairs[1]?.metrics.psnr, first.report.pairs[1]?.metrics.psnr);
  copyFileSync(join(CORPUS, 'camera', 'blur_s3.png'), join(folders.a, 'camera.png'));
});

test('cancelling stops the run: state cancelled, fewer pairs, the pool still works', async () => {
  const controller = new AbortController();
  const { report, state } = await engineRun(undefined, controller.signal, () => controller.abort());
  assert.equal(state, 'cancelled');
  assert.ok(report.pairs.length < 6, `${report.pairs.length} pairs after cancel`);
  const again = await engineRun();
  assert.equal(again.state, 'done');
  assert.equal(again.report.pairs.length, 6);
});
