// Benchmark (the performance targets): SSIM `wang2004` with its full map on the decoded 1024×1024
// RGB pair of the reference corpus, timed alone (median of repeated runs), against scikit-image
// 0.19 run with /usr/bin/python3 in the same run, and ssim.js ({ssim: 'original', downsample:
// false}) on one channel against our single-channel SSIM; PSNR too. Not a test: it prints numbers.
// The SSIM is timed serially and on the parallel band pool (src/worker/parallelSsim.ts, the path of
// `imsim compare` and of the extension's single comparison): the parallel number is a wall-time
// number; CPU time is that of every thread of the process. A short table of sizes shows where the
// parallel path starts to pay (its default threshold).
// Usage: node bench/ssim.mjs [--runs N]   (needs `apt-get install python3-skimage` for the peer)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fixtures from '../test/helpers/fixtures.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WARMUP = 3;
const pathA = join(fixtures.CORPUS, 'big/astronaut1024_ref.png');
const pathB = join(fixtures.CORPUS, 'big/astronaut1024_blur_s3.png');
for (const p of [pathA, pathB]) {
  if (!existsSync(p)) {
    console.error(`bench/ssim: missing ${p} (the test fixtures: see test/helpers/fixtures.cjs)`);
    process.exit(1);
  }
}

// Bundle the TypeScript sources we time (core metrics and the product's PNG decoder) into out/,
// inside the repository so that package resolution works as in the product.
const bundle = join(root, 'out/bench/ssimBench.cjs');
mkdirSync(dirname(bundle), { recursive: true });
await esbuild.build({
  stdin: {
    contents: [
      "export { compareImages } from './src/core/compare';",
      "export { decodeImage } from './src/decode/index';",
      "export { SsimBandPool, DEFAULT_MIN_PARALLEL_WORK } from './src/worker/parallelSsim';",
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'ssimBenchEntry.ts',
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bundle,
  logLevel: 'warning',
  absWorkingDir: root,
});
const bandWorker = join(root, 'out/bench/ssimBandWorker.js');
await esbuild.build({
  entryPoints: [join(root, 'src/worker/ssimBandWorker.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile: bandWorker,
  logLevel: 'warning',
  absWorkingDir: root,
});
const require = createRequire(import.meta.url);
const { compareImages, decodeImage, SsimBandPool, DEFAULT_MIN_PARALLEL_WORK } = require(bundle);
const { ssim: ssimJs } = require('ssim.js');

/** Median and min of `runs` timed calls after `WARMUP` untimed ones; wall and CPU time in ms. */
function time(fn, runs = RUNS) {
  for (let i = 0; i < WARMUP; i++) fn();
  const wall = [];
  const cpu = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    value = fn();
    wall.push(performance.now() - w0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  return { wall: median(wall), cpu: median(cpu), min: Math.min(...wall), value };
}

/**
 * Like `time` for two functions whose ratio we report: their runs alternate (A, B, A, B, …; each
 * call still runs alone), so that load from other processes on a shared machine falls on both
 * alike instead of on whichever was timed during a busy second.
 */
function timePair(fnA, fnB, runs = RUNS) {
  for (let i = 0; i < WARMUP; i++) {
    fnA();
    fnB();
  }
  const out = [{ wall: [], cpu: [] }, { wall: [], cpu: [] }];
  const values = [];
  for (let i = 0; i < runs; i++) {
    [fnA, fnB].forEach((fn, k) => {
      const c0 = process.cpuUsage();
      const w0 = performance.now();
      values[k] = fn();
      out[k].wall.push(performance.now() - w0);
      const c = process.cpuUsage(c0);
      out[k].cpu.push((c.user + c.system) / 1000);
    });
  }
  const median = (xs) => {
    const s = [...xs].sort((x, y) => x - y);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  return out.map((o, k) => ({ wall: median(o.wall), cpu: median(o.cpu), min: Math.min(...o.wall), value: values[k] }));
}

const a = decodeImage(new Uint8Array(readFileSync(pathA)), { name: pathA }).image;
const b = decodeImage(new Uint8Array(readFileSync(pathB)), { name: pathB }).image;
if (a.width !== 1024 || a.height !== 1024 || a.channels !== 3) throw new Error(`unexpected image ${a.width}×${a.height}×${a.channels}`);
const recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 };

/** Channel 0 as a gray DecodedImage, and as the RGBA ImageData that ssim.js takes (R = G = B). */
function channel0(image) {
  const n = image.width * image.height;
  const gray = new Uint8Array(n);
  const rgba = new Uint8ClampedArray(4 * n);
  for (let i = 0; i < n; i++) {
    const v = image.data[3 * i];
    gray[i] = v;
    rgba[4 * i] = rgba[4 * i + 1] = rgba[4 * i + 2] = v;
    rgba[4 * i + 3] = 255;
  }
  return { gray: { width: image.width, height: image.height, channels: 1, bitDepth: 8, data: gray }, rgba: { width: image.width, height: image.height, data: rgba } };
}
const oneA = channel0(a);
const oneB = channel0(b);

const load = loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${load}, node ${process.version}`);
console.log(`input: ${pathA} vs ${pathB} (1024×1024 RGB, 8-bit); ${RUNS} timed runs after ${WARMUP} warm-up, medians`);

// Ours, each timed alone.
const ours = time(() => compareImages(a, b, { metrics: ['ssim'], recipe, maps: { ssim: true } }));
// The parallel path (workers started and warm, as in a pool worker or after the first compare).
const pool = new SsimBandPool({ workerScript: bandWorker });
const serialPool = new SsimBandPool({ workerScript: bandWorker, helpers: 0 });
const signal = (image) => ({ image, channel: 'rgb', cropBorder: 0, planes: 3 });
const ssimOptions = { variant: 'wang2004', dataRange: 255, map: true };
pool.warm();
await pool.whenReady();
const threads = pool.threadCount + 1;
const callerBands = [];
const waits = [];
const [oursParallel, oursSerialSame] = timePair(
  () => {
    const r = pool.computeSsim(signal(a), signal(b), ssimOptions);
    if (pool.lastThreads !== threads) throw new Error(`bench/ssim: the parallel call used ${pool.lastThreads} threads, not ${threads}`);
    callerBands.push(pool.lastCallerBands);
    waits.push(pool.lastWaitMs);
    return r;
  },
  () => serialPool.computeSsim(signal(a), signal(b), ssimOptions),
  Math.max(RUNS, 21),
);
// Exactness of the parallel path against the serial one, map included.
{
  const p = oursParallel.value;
  const q = oursSerialSame.value;
  let same = p.ssim === q.ssim && p.map.min === q.map.min && p.map.max === q.map.max;
  for (let i = 0; same && i < q.map.data.length; i++) same = Object.is(p.map.data[i], q.map.data[i]);
  if (!same) throw new Error('bench/ssim: the parallel SSIM differs from the serial one');
}
const oursOne = time(() => compareImages(oneA.gray, oneB.gray, { metrics: ['ssim'], recipe, maps: { ssim: true } }));
const oursPsnr = time(() => compareImages(a, b, { metrics: ['psnr'], recipe }));
// ssim.js, same single channel (its integer rgb2gray gives back R when R = G = B).
const peerJs = time(() => ssimJs(oneA.rgba, oneB.rgba, { ssim: 'original', downsample: false }), Math.min(RUNS, 7));

// scikit-image in the same run (after ours, never in parallel).
const py = spawnSync('/usr/bin/python3', [join(root, 'bench/ssim_skimage.py'), pathA, pathB, String(Math.min(RUNS, 7))], { encoding: 'utf8' });
let sk;
if (py.status === 0) {
  sk = JSON.parse(py.stdout);
} else {
  console.error(`bench/ssim: scikit-image peer failed (install it with: apt-get install -y python3-skimage):\n${py.stderr}`);
}

// Where the parallel path starts to pay: serial vs parallel on random RGB pairs of a few sizes.
function randomRgb(side, seed) {
  let state = seed >>> 0;
  const data = new Uint8Array(side * side * 3);
  for (let i = 0; i < data.length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    data[i] = state >>> 24;
  }
  return { width: side, height: side, channels: 3, bitDepth: 8, data };
}
const eager = new SsimBandPool({ workerScript: bandWorker, minWork: 0 });
eager.warm();
await eager.whenReady();
const sizes = [];
for (const side of [128, 192, 256, 384, 512]) {
  const x = signal(randomRgb(side, side));
  const y = signal(randomRgb(side, side + 1));
  const [serial, parallel] = timePair(() => serialPool.computeSsim(x, y, ssimOptions), () => eager.computeSsim(x, y, ssimOptions), Math.max(RUNS, 21));
  sizes.push({ side, serial, parallel });
}
await Promise.all([pool.dispose(), serialPool.dispose(), eager.dispose()]);

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const row = (name, t, extra = '') => console.log(`  ${name.padEnd(46)} wall ${fmt(t.wall).padStart(10)}  cpu ${fmt(t.cpu).padStart(10)}  min ${fmt(t.min).padStart(10)}${extra}`);
console.log('\nSSIM wang2004 (Gaussian σ 1.5, 11×11, valid mean) with its full map:');
row('imsim core, RGB (3 channels), serial', ours, `  ssim ${ours.value.metrics.ssim}`);
row('imsim, RGB, serial (band-pool API, 1 thread)*', oursSerialSame, `  ssim ${oursSerialSame.value.ssim}`);
const medianOf = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
row(`imsim, RGB, parallel (${threads} threads)*`, oursParallel, `  ssim ${oursParallel.value.ssim} (caller took ${medianOf(callerBands)} of 31 bands, then waited ${medianOf(waits).toFixed(1)} ms)`);
console.log(`  (* runs alternated)  parallel vs serial (same API): ${(oursSerialSame.wall / oursParallel.wall).toFixed(2)}× wall, ${(oursParallel.cpu / oursSerialSame.cpu).toFixed(2)}× the CPU time; values identical`);
if (sk) {
  const s = sk.ssim_rgb;
  row(`scikit-image ${sk.versions['scikit-image']}, RGB (full=True)`, { wall: s.wall_median_ms, cpu: s.cpu_median_ms, min: s.wall_min_ms }, `  ssim ${s.value}`);
  console.log(`  → imsim serial is ${(s.wall_median_ms / ours.wall).toFixed(1)}× faster than scikit-image (wall medians; cpu ${(s.cpu_median_ms / ours.cpu).toFixed(1)}×); |Δssim| ${Math.abs(s.value - ours.value.metrics.ssim).toExponential(2)}`);
  console.log(`  → imsim parallel is ${(s.wall_median_ms / oursParallel.wall).toFixed(1)}× faster than scikit-image (wall medians, ${threads} threads; best runs ${(s.wall_min_ms / oursParallel.min).toFixed(1)}×); |Δssim| ${Math.abs(s.value - oursParallel.value.ssim).toExponential(2)}`);
}
console.log('\nSingle channel (R), with the map:');
row('imsim core, one channel', oursOne, `  ssim ${oursOne.value.metrics.ssim}`);
row("ssim.js 3.5 {ssim: 'original', downsample: false}", peerJs, `  ssim ${peerJs.value.mssim}`);
console.log(`  → imsim is ${(peerJs.wall / oursOne.wall).toFixed(1)}× faster than ssim.js; |Δssim| ${Math.abs(peerJs.value.mssim - oursOne.value.metrics.ssim).toExponential(2)}`);
if (sk) {
  const s = sk.ssim_one_channel;
  row(`scikit-image ${sk.versions['scikit-image']}, one channel`, { wall: s.wall_median_ms, cpu: s.cpu_median_ms, min: s.wall_min_ms }, `  ssim ${s.value}`);
}
console.log('\nPSNR (RGB):');
row('imsim core', oursPsnr, `  psnr ${oursPsnr.value.metrics.psnr}`);
if (sk) {
  const s = sk.psnr;
  row(`scikit-image ${sk.versions['scikit-image']}`, { wall: s.wall_median_ms, cpu: s.cpu_median_ms, min: s.wall_min_ms }, `  psnr ${s.value}`);
  console.log(`  → imsim is ${(s.wall_median_ms / oursPsnr.wall).toFixed(1)}× faster than scikit-image`);
}
console.log(`\nParallel threshold (random RGB pairs with the map; default: ${DEFAULT_MIN_PARALLEL_WORK} valid pixels × planes):`);
for (const z of sizes) {
  console.log(`  ${String(z.side).padStart(4)}²  serial wall ${fmt(z.serial.wall).padStart(9)}  parallel wall ${fmt(z.parallel.wall).padStart(9)} (cpu ${fmt(z.parallel.cpu).padStart(9)})  ${(z.serial.wall / z.parallel.wall).toFixed(2)}×`);
}
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (!sk) process.exit(1);
