/**
 * Extension host health (issue 6), measured on the thread that plays the extension host: the
 * extension hands every job to the MetricsPool, so while a ~50-megapixel comparison and a 1,000-pair
 * batch run, this thread's event loop must stay free (p99 delay under 50 ms) while progress events
 * prove the work ran in the window; cancelling stops a running job within a second.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { DEFAULT_RECIPE } from '../../../src/core/recipe';
import { MetricsPool } from '../../../src/worker/pool';
import { REPO_ROOT } from '../../helpers/paths';
import { encodePng } from '../../helpers/png';

const tmp = mkdtempSync(join(tmpdir(), 'imsim-health-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** An 8-bit gray PNG with a seeded pattern. */
function grayPng(width: number, height: number, seed: number): Buffer {
  const raw = Buffer.alloc((width + 1) * height);
  let s = seed >>> 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      raw[y * (width + 1) + 1 + x] = ((x ^ y) & 0xff) ^ (s >>> 29);
    }
  }
  return encodePng(width, height, 0, raw);
}

const workerScript = join(REPO_ROOT, 'dist', 'metricsWorker.js');
const options = { metrics: ['psnr', 'ssim'] as const, recipe: DEFAULT_RECIPE, strict: true };

test('a ~50 MP comparison and a 1,000-pair batch leave this thread responsive (event-loop p99 < 50 ms)', { timeout: 10 * 60_000 }, async () => {
  const bigSide = 7072; // 50.0 megapixels
  writeFileSync(join(tmp, 'big-a.png'), grayPng(bigSide, bigSide, 1));
  writeFileSync(join(tmp, 'big-b.png'), grayPng(bigSide, bigSide, 2));
  for (let i = 0; i < 1000; i++) writeFileSync(join(tmp, `p${i}.png`), grayPng(48, 48, i + 10));

  const pool = new MetricsPool({ workerScript, size: 2 });
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const progress: number[] = [];
  let windowStart = 0;
  try {
    // Warm a worker first so the window measures steady work, not thread start-up.
    await pool.compare({ a: await fs.readFile(join(tmp, 'p0.png')), b: await fs.readFile(join(tmp, 'p1.png')), nameA: 'p0', nameB: 'p1', options });
    delay.enable();
    windowStart = performance.now();
    const big = (async () => {
      const r = await pool.compare({ a: await fs.readFile(join(tmp, 'big-a.png')), b: await fs.readFile(join(tmp, 'big-b.png')), nameA: 'big-a.png', nameB: 'big-b.png', options });
      progress.push(performance.now());
      return r;
    })();
    const batch = (async () => {
      for (let i = 0; i < 1000; i += 2) {
        const [a, b] = await Promise.all([fs.readFile(join(tmp, `p${i}.png`)), fs.readFile(join(tmp, `p${i + 1}.png`))]);
        await pool.compare({ a, b, nameA: `p${i}`, nameB: `p${i + 1}`, options });
        progress.push(performance.now());
      }
    })();
    const [bigResult] = await Promise.all([big, batch]);
    assert.equal(bigResult.width, bigSide);
  } finally {
    delay.disable();
    pool.dispose();
  }
  const windowMs = performance.now() - windowStart;
  const p99 = delay.percentile(99) / 1e6;
  const max = delay.max / 1e6;
  console.log(`host health: ${progress.length} jobs finished over ${windowMs.toFixed(0)} ms; event-loop delay p99 ${p99.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
  assert.equal(progress.length, 501, 'every job reported progress');
  assert.ok(progress.filter((t) => t - windowStart < windowMs / 2).length > 10, 'progress arrived throughout the window');
  assert.ok(p99 < 50, `event-loop delay p99 ${p99.toFixed(1)} ms`);
});

test('Cancel stops a running ~50 MP comparison within a second and the pool keeps working', { timeout: 5 * 60_000 }, async () => {
  const pool = new MetricsPool({ workerScript, size: 1 });
  try {
    const controller = new AbortController();
    const job = pool.compare({ a: await fs.readFile(join(tmp, 'big-a.png')), b: await fs.readFile(join(tmp, 'big-b.png')), nameA: 'big-a.png', nameB: 'big-b.png', options }, controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 800)); // inside decoding or SSIM
    const cancelled = performance.now();
    controller.abort();
    await assert.rejects(job, (e: Error) => e.name === 'AbortError');
    const after = await pool.compare({ a: await fs.readFile(join(tmp, 'p2.png')), b: await fs.readFile(join(tmp, 'p3.png')), nameA: 'p2', nameB: 'p3', options });
    const ms = performance.now() - cancelled;
    console.log(`cancel: job rejected and a new job finished ${ms.toFixed(0)} ms after Cancel`);
    assert.equal(after.width, 48);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms from Cancel to a finished next job`);
  } finally {
    pool.dispose();
  }
});
