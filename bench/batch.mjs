// Batch throughput: 500 pairs of 512×512 PNG with PSNR + SSIM through `imsim batch`
// (target: under a minute on 2 cores), with 1 worker and with all workers, medians of
// repeated runs. The pairs are made once into a temp folder: the astronaut image with seeded noise.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { PNG } from 'pngjs';
import fixtures from '../test/helpers/fixtures.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const PAIRS = Number(process.env.BENCH_PAIRS ?? 500);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

const source = PNG.sync.read(readFileSync(join(fixtures.CORPUS, 'astronaut', 'ref.png')));
const work = mkdtempSync(join(tmpdir(), 'imsim-bench-batch-'));
try {
  mkdirSync(join(work, 'a'));
  mkdirSync(join(work, 'b'));
  let seed = 12345;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  const ref = PNG.sync.write(source);
  for (let i = 0; i < PAIRS; i++) {
    const name = `${String(i).padStart(4, '0')}.png`;
    writeFileSync(join(work, 'a', name), ref);
    const noisy = new PNG({ width: source.width, height: source.height });
    const amp = 4 + (i % 40);
    for (let p = 0; p < source.data.length; p++) {
      noisy.data[p] = (p & 3) === 3 ? 255 : Math.max(0, Math.min(255, source.data[p] + Math.round((rand() - 0.5) * amp)));
    }
    writeFileSync(join(work, 'b', name), PNG.sync.write(noisy));
  }
  const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const results = [];
  for (const workers of [1, availableParallelism()]) {
    const times = [];
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      const run = spawnSync(process.execPath, [cli, 'batch', join(work, 'a'), join(work, 'b'), '--workers', String(workers), '--quiet', '--json-out', join(work, 'out.json')], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`imsim batch failed: ${run.stderr}`);
      times.push((performance.now() - t0) / 1000);
    }
    const m = median(times);
    results.push({ workers, seconds: m, pairsPerSecond: PAIRS / m });
    console.log(`batch ${PAIRS} pairs 512×512 PSNR+SSIM, ${workers} worker(s): median ${m.toFixed(2)} s (${(PAIRS / m).toFixed(1)} pairs/s) over ${REPEATS} runs`);
  }
  console.log(`speed-up with ${results[1].workers} workers: ${(results[0].seconds / results[1].seconds).toFixed(2)}×; 500-pair target < 60 s: ${(results[1].seconds * 500) / PAIRS < 60 ? "met" : "NOT met"}${PAIRS === 500 ? "" : " (extrapolated)"}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
