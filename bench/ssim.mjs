// Benchmark (DESIGN.md, "Performance"): SSIM `wang2004` with its full map on the decoded 1024×1024
// RGB pair of the reference corpus, timed alone (median of repeated runs), against scikit-image
// 0.19 run with /usr/bin/python3 in the same run, and ssim.js ({ssim: 'original', downsample:
// false}) on one channel against our single-channel SSIM; PSNR too. Not a test: it prints numbers.
// Usage: node bench/ssim.mjs [--runs N]   (needs `apt-get install python3-skimage` for the peer)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const WARMUP = 3;
const shared = process.env.IMSIM_SHARED ?? resolve(root, '..', 'shared');
const pathA = join(shared, 'reference/corpus/big/astronaut1024_ref.png');
const pathB = join(shared, 'reference/corpus/big/astronaut1024_blur_s3.png');
for (const p of [pathA, pathB]) {
  if (!existsSync(p)) {
    console.error(`bench/ssim: missing ${p} (set IMSIM_SHARED to the folder that holds reference/)`);
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
const require = createRequire(import.meta.url);
const { compareImages, decodeImage } = require(bundle);
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

const fmt = (ms) => `${ms.toFixed(1)} ms`;
const row = (name, t, extra = '') => console.log(`  ${name.padEnd(46)} wall ${fmt(t.wall).padStart(10)}  cpu ${fmt(t.cpu).padStart(10)}  min ${fmt(t.min).padStart(10)}${extra}`);
console.log('\nSSIM wang2004 (Gaussian σ 1.5, 11×11, valid mean) with its full map:');
row('imsim core, RGB (3 channels)', ours, `  ssim ${ours.value.metrics.ssim}`);
if (sk) {
  const s = sk.ssim_rgb;
  row(`scikit-image ${sk.versions['scikit-image']}, RGB (full=True)`, { wall: s.wall_median_ms, cpu: s.cpu_median_ms, min: s.wall_min_ms }, `  ssim ${s.value}`);
  console.log(`  → imsim is ${(s.wall_median_ms / ours.wall).toFixed(1)}× faster than scikit-image (wall medians; cpu ${(s.cpu_median_ms / ours.cpu).toFixed(1)}×); |Δssim| ${Math.abs(s.value - ours.value.metrics.ssim).toExponential(2)}`);
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
console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
if (!sk) process.exit(1);
