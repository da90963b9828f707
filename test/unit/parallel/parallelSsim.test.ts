/**
 * Parallel SSIM (src/worker/parallelSsim.ts) against the serial core engine: the same values and
 * maps (within 1e-12; in practice bit for bit) on seeded random images of odd sizes, 8 and 16 bits,
 * crops, every SSIM variant and channel mode; the reference values for the 1024×1024 pair; the
 * fallbacks (small images, a failing or stalled worker); and dispose leaves no thread behind.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { imagePlaneSource, planeCount } from '../../../src/core/channels';
import type { DecodedImage } from '../../../src/core/image';
import type { ChannelMode, SsimVariant } from '../../../src/core/recipe';
import { computeSsim, type SsimResult } from '../../../src/core/ssim';
import { defaultHelpers, SsimBandPool, type SsimSignal } from '../../../src/worker/parallelSsim';
import { CORPUS, REFERENCE_JSON, REPO_ROOT } from '../../helpers/paths';
import { osThreads } from '../../helpers/threads';
import { loadImage } from '../core/loadImage';
import { addNoise, grayToRgb, randomImage } from '../core/random';

const WORKER = join(REPO_ROOT, 'dist', 'ssimBandWorker.js');
const TOLERANCE = 1e-12;

/** A pool that goes parallel on any image with at least 4 bands. */
const pool = new SsimBandPool({ workerScript: WORKER, minWork: 0, helpers: 2 });
after(() => pool.dispose());

let workerBands = 0;
let parallelCalls = 0;

function signals(a: DecodedImage, b: DecodedImage, channel: ChannelMode, cropBorder: number): [SsimSignal, SsimSignal] {
  const planes: 1 | 3 = planeCount(a.channels, channel) === 3 || planeCount(b.channels, channel) === 3 ? 3 : 1;
  return [
    { image: a, channel, cropBorder, planes },
    { image: b, channel, cropBorder, planes },
  ];
}

function serial(sa: SsimSignal, sb: SsimSignal, variant: SsimVariant, dataRange: number, map: boolean): SsimResult {
  const pa = imagePlaneSource(sa.image, sa.channel, sa.cropBorder, sa.planes);
  const pb = imagePlaneSource(sb.image, sb.channel, sb.cropBorder, sb.planes);
  return computeSsim(pa, pb, { variant, dataRange, map });
}

function assertSame(actual: SsimResult, expected: SsimResult, label: string): void {
  assert.ok(Math.abs(actual.ssim - expected.ssim) <= TOLERANCE, `${label}: ssim ${actual.ssim} vs ${expected.ssim}`);
  assert.equal(actual.perPlane.length, expected.perPlane.length, label);
  for (let p = 0; p < expected.perPlane.length; p++) {
    assert.ok(Math.abs(actual.perPlane[p] - expected.perPlane[p]) <= TOLERANCE, `${label}: plane ${p}`);
  }
  assert.equal(actual.variant, expected.variant, label);
  assert.equal(actual.downsampleFactor, expected.downsampleFactor, label);
  assert.equal(actual.map === undefined, expected.map === undefined, `${label}: map presence`);
  if (!actual.map || !expected.map) return;
  const [m, e] = [actual.map, expected.map];
  assert.deepEqual([m.width, m.height, m.valid], [e.width, e.height, e.valid], `${label}: map geometry`);
  assert.ok(Math.abs(m.min - e.min) <= TOLERANCE && Math.abs(m.max - e.max) <= TOLERANCE, `${label}: map range`);
  assert.ok(m.data.buffer instanceof ArrayBuffer, `${label}: the map owns a plain ArrayBuffer`);
  assert.equal(m.data.length, e.data.length, label);
  for (let i = 0; i < e.data.length; i++) {
    const x = m.data[i];
    const y = e.data[i];
    if (Number.isNaN(y)) assert.ok(Number.isNaN(x), `${label}: map[${i}] should be NaN, is ${x}`);
    else assert.ok(Math.abs(x - y) <= TOLERANCE, `${label}: map[${i}] ${x} vs ${y}`);
  }
}

/** Parallel and serial on the same inputs; returns the parallel result. */
function check(a: DecodedImage, b: DecodedImage, variant: SsimVariant, channel: ChannelMode, cropBorder: number, map: boolean, label: string): SsimResult {
  const [sa, sb] = signals(a, b, channel, cropBorder);
  const dataRange = channel === 'y' || channel === 'y-matlab' || a.bitDepth === 8 ? 255 : 65535;
  const expected = serial(sa, sb, variant, dataRange, map);
  const actual = pool.computeSsim(sa, sb, { variant, dataRange, map });
  assertSame(actual, expected, label);
  return actual;
}

/** Lets freshly started workers come online, so that later calls really share the bands. */
async function settle(): Promise<void> {
  pool.warm();
  await pool.whenReady();
}

test('parallel SSIM equals serial: every variant and channel mode, odd sizes, 8 and 16 bits, crops, with and without the map', async () => {
  await settle();
  const variants: SsimVariant[] = ['wang2004', 'skimage', 'matlab'];
  const channels: ChannelMode[] = ['rgb', 'y', 'y-matlab', 'gray'];
  const cases: { w: number; h: number; c: 1 | 3; bits: 8 | 16; crop: number }[] = [
    { w: 157, h: 211, c: 3, bits: 8, crop: 0 },
    { w: 143, h: 190, c: 3, bits: 16, crop: 4 },
    { w: 121, h: 377, c: 1, bits: 8, crop: 3 },
    { w: 301, h: 149, c: 1, bits: 16, crop: 0 },
  ];
  let seed = 11;
  for (const k of cases) {
    const a = randomImage(k.w, k.h, k.c, k.bits, seed++);
    const b = addNoise(a, k.bits === 16 ? 2500 : 10, seed++);
    for (const variant of variants) {
      for (const channel of channels) {
        for (const map of [false, true]) {
          check(a, b, variant, channel, k.crop, map, `${k.w}×${k.h}×${k.c} ${k.bits}-bit crop ${k.crop} ${variant} ${channel} map ${map}`);
          parallelCalls++;
          workerBands += countWorkerBands(a, k.crop, variant);
        }
      }
    }
  }
  assert.ok(pool.threadCount > 0, 'the band workers are running');
  assert.ok(workerBands > 0, `the band workers computed some of the bands (${parallelCalls} calls)`);
});

/** Bands computed by the workers in the last call (total − the caller's). */
function countWorkerBands(image: DecodedImage, crop: number, variant: SsimVariant): number {
  const r = variant === 'skimage' ? 3 : 5;
  const validH = image.height - 2 * crop - 2 * r;
  const bands = Math.ceil(validH / Math.min(33, validH));
  return bands >= 4 ? bands - pool.lastCallerBands : 0;
}

test('parallel SSIM equals serial: a gray image paired with an RGB one (R = G = B), and the matlab recipe once it downsamples', async () => {
  await settle();
  const gray = randomImage(203, 167, 1, 8, 91);
  const rgb = addNoise(grayToRgb(gray), 12, 92);
  for (const variant of ['wang2004', 'skimage', 'matlab'] as const) {
    check(gray, rgb, variant, 'rgb', 0, true, `gray vs rgb ${variant}`);
    check(rgb, gray, variant, 'y', 2, true, `rgb vs gray ${variant} y`);
  }
  // 400×390: ssim.m downsamples by 2 first (serial fallback inside the pool, same result).
  const big = randomImage(400, 390, 3, 8, 93);
  const r = check(big, addNoise(big, 8, 94), 'matlab', 'rgb', 0, true, 'matlab downsampled');
  assert.equal(r.downsampleFactor, 2);
});

test('parallel SSIM on the 1024×1024 pair matches reference.json within 1e-6 (and serial within 1e-12)', async () => {
  await settle();
  const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as {
    pairs: { a: string; b: string; metrics: Record<string, { value: number | null }> }[];
  };
  const pair = reference.pairs.find((p) => p.a === 'big/astronaut1024_ref.png' && p.b === 'big/astronaut1024_blur_s3.png');
  assert.ok(pair, 'the big pair is in reference.json');
  const a = loadImage(join(CORPUS, pair.a));
  const b = loadImage(join(CORPUS, pair.b));
  const keys: [string, SsimVariant, ChannelMode, number][] = [
    ['ssim_wang2004', 'wang2004', 'rgb', 0],
    ['ssim_skimage_default', 'skimage', 'rgb', 0],
    ['ssim_matlab', 'matlab', 'rgb', 0],
    ['ssim_y_wang2004', 'wang2004', 'y', 0],
    ['ssim_y_rounded_wang2004', 'wang2004', 'y-matlab', 0],
    ['ssim_gray_wang2004', 'wang2004', 'gray', 0],
    ['ssim_wang2004_crop4', 'wang2004', 'rgb', 4],
  ];
  const defaultPool = new SsimBandPool({ workerScript: WORKER });
  try {
    for (const [key, variant, channel, crop] of keys) {
      const expected: unknown = pair.metrics[key]?.value;
      assert.equal(typeof expected, 'number', key);
      const actual = check(a, b, variant, channel, crop, key === 'ssim_wang2004', key);
      assert.ok(Math.abs(actual.ssim - (expected as number)) <= 1e-6, `${key}: ${actual.ssim} vs ${expected}`);
      // The default threshold takes the parallel path for this size too.
      const [sa, sb] = signals(a, b, channel, crop);
      const viaDefault = defaultPool.computeSsim(sa, sb, { variant, dataRange: 255 });
      assert.ok(Math.abs(viaDefault.ssim - actual.ssim) <= TOLERANCE, `${key}: default pool`);
    }
    if (defaultHelpers() > 0) assert.ok(defaultPool.threadCount > 0, 'the default pool started its workers for 1024²');
  } finally {
    await defaultPool.dispose();
  }
});

test('small images and helpers: 0 take the serial path (no thread started)', async () => {
  const a = randomImage(64, 64, 3, 8, 5);
  const b = addNoise(a, 10, 6);
  const small = new SsimBandPool({ workerScript: WORKER });
  const none = new SsimBandPool({ workerScript: WORKER, helpers: 0, minWork: 0 });
  const missing = new SsimBandPool({ workerScript: join(REPO_ROOT, 'no-such-worker.js'), minWork: 0 });
  const big = randomImage(160, 420, 3, 8, 7);
  try {
    const [sa, sb] = signals(a, b, 'rgb', 0);
    assertSame(small.computeSsim(sa, sb, { dataRange: 255, map: true }), serial(sa, sb, 'wang2004', 255, true), 'small');
    assert.equal(small.threadCount, 0);
    const [ba, bb] = signals(big, addNoise(big, 9, 8), 'rgb', 0);
    for (const p of [none, missing]) {
      assertSame(p.computeSsim(ba, bb, { dataRange: 255, map: true }), serial(ba, bb, 'wang2004', 255, true), 'serial pool');
      assert.equal(p.threadCount, 0);
    }
  } finally {
    await Promise.all([small.dispose(), none.dispose(), missing.dispose()]);
  }
});

test('a worker that fails, or takes bands and never finishes them, costs time but not exactness', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'imsim-band-'));
  // Control layout (parallelSsim.ts): [done, error, per lane: lock, next, end, …]. Both workers
  // say they are ready, as a real one does, so that they get lanes.
  const ready = "const { parentPort, workerData } = require('node:worker_threads'); Atomics.store(new Int32Array(workerData.ready), workerData.slot, 1); parentPort.postMessage('ready');\n";
  const failing = join(dir, 'failing.js');
  writeFileSync(failing, `${ready}parentPort.on('message', ({ job }) => { const c = new Int32Array(job.control); Atomics.store(c, 1, 1); Atomics.notify(c, 0); });\n`);
  const stalling = join(dir, 'stalling.js');
  writeFileSync(
    stalling,
    `${ready}parentPort.on('message', ({ job }) => { const c = new Int32Array(job.control); for (let l = 0; l < job.lanes; l++) { while (Atomics.compareExchange(c, 2 + 3 * l, 0, 1) !== 0); c[3 + 3 * l] = c[4 + 3 * l]; Atomics.store(c, 2 + 3 * l, 0); } });\n`,
  );
  const a = randomImage(180, 260, 3, 8, 21);
  const b = addNoise(a, 9, 22);
  const [sa, sb] = signals(a, b, 'rgb', 0);
  const expected = serial(sa, sb, 'wang2004', 255, true);
  try {
    for (const script of [failing, stalling]) {
      const p = new SsimBandPool({ workerScript: script, minWork: 0, helpers: 1 });
      try {
        p.warm();
        await p.whenReady();
        for (let i = 0; i < 2; i++) {
          assertSame(p.computeSsim(sa, sb, { dataRange: 255, map: true }), expected, script);
          assert.equal(p.lastThreads, 2, 'the broken worker got a lane');
        }
      } finally {
        await p.dispose();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dispose terminates every band worker; the pool then computes serially', async () => {
  const before = osThreads();
  const p = new SsimBandPool({ workerScript: WORKER, minWork: 0, helpers: 3 });
  const a = randomImage(150, 300, 3, 8, 31);
  const [sa, sb] = signals(a, addNoise(a, 7, 32), 'rgb', 0);
  const expected = serial(sa, sb, 'skimage', 255, true);
  // A cold pool computes the first call alone (its workers are still starting) and starts them.
  assertSame(p.computeSsim(sa, sb, { variant: 'skimage', dataRange: 255, map: true }), expected, 'cold');
  assert.equal(p.threadCount, 3);
  await p.whenReady();
  assertSame(p.computeSsim(sa, sb, { variant: 'skimage', dataRange: 255, map: true }), expected, 'before dispose');
  assert.equal(p.lastThreads, 4, 'the caller and three ready workers shared the bands');
  const during = osThreads();
  await p.dispose();
  assert.equal(p.threadCount, 0);
  assertSame(p.computeSsim(sa, sb, { variant: 'skimage', dataRange: 255, map: true }), expected, 'after dispose');
  assert.equal(p.threadCount, 0, 'no worker restarted after dispose');
  if (before !== undefined && during !== undefined) {
    assert.ok(during >= before + 3, `threads ${before} → ${during} while running`);
    // Thread exit is asynchronous in the kernel: give it a moment.
    let now = osThreads() ?? 0;
    for (let i = 0; i < 50 && now > before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = osThreads() ?? 0;
    }
    assert.ok(now <= before, `threads ${before} → ${now} after dispose`);
  }
});
