// LPIPS-squeeze benchmark (not a test): medians per pair at 512² and 1024², all in one run:
//   - Node, the product's path (src/worker/nodeLpips.ts: onnxruntime-web WASM), 1 thread and all threads
//   - onnxruntime-node (native CPU peer, from .tools/bench: `scripts/setupTools.sh --bench`), 1 thread and all threads
//   - Chromium (Debian, playwright-core) through the webview worker: WASM (single-threaded, as in a webview)
//   - Chromium WebGPU on SwiftShader, a CPU implementation of WebGPU: NOT a GPU number
// Every configuration times the same work: model input conversion + inference + reading `distance`.
// Usage: node bench/lpips.mjs [--quick] [--no-webgpu]   (results also go to bench/results/lpips.json)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { bundleTs, median, root } from './common.mjs';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const allThreads = availableParallelism();

const SIZES = [
  { label: '512x512', a: 'astronaut/ref.png', b: 'astronaut/blur_s3.png', runs: quick ? 3 : 7, gpuRuns: quick ? 1 : 2 },
  { label: '1024x1024', a: 'big/astronaut1024_ref.png', b: 'big/astronaut1024_blur_s3.png', runs: quick ? 3 : 5, gpuRuns: 1 },
];

/** Bundles the TypeScript pieces the bench drives (product runner, decoder, browser harness). */
function loadPieces() {
  return bundleTs(
    'lpipsPieces',
    `
        export { createNodeLpips } from './src/worker/nodeLpips';
        export { toLpipsPlanes } from './src/core/lpipsInput';
        export { startLpipsServer, launchChromium, openLpipsPage } from './test/browser/lpipsHarness';
        export { CORPUS } from './test/helpers/paths';`,
  );
}

/** The bench pairs are 8-bit RGB PNGs: read them with pngjs, so the timing never depends on the decoder. */
async function loadPair(pieces, size) {
  const { readFileSync } = await import('node:fs');
  const { PNG } = createRequire(import.meta.url)('pngjs');
  const read = (p) => {
    const png = PNG.sync.read(readFileSync(join(pieces.CORPUS, p)));
    const n = png.width * png.height;
    const data = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) data[3 * i + c] = png.data[4 * i + c];
    return { width: png.width, height: png.height, channels: 3, bitDepth: 8, data };
  };
  return [read(size.a), read(size.b)];
}

// ---- child processes: each Node configuration in its own process (thread counts are per process) ----

async function childNodeWasm(threads) {
  const pieces = await loadPieces();
  const { runner } = pieces.createNodeLpips({ threads });
  const out = [];
  for (const size of SIZES) {
    const [a, b] = await loadPair(pieces, size);
    const first = await runner.run(a, b); // warm-up (creates the session on the first size)
    const times = [];
    for (let i = 0; i < size.runs; i++) times.push((await runner.run(a, b)).millis);
    out.push({ size: size.label, median: median(times), times, distance: first.distance });
  }
  await runner.dispose();
  return out;
}

async function childOrtNode(threads) {
  const pieces = await loadPieces();
  const benchRequire = createRequire(join(root, '.tools', 'bench', 'package.json'));
  const ort = benchRequire('onnxruntime-node');
  const session = await ort.InferenceSession.create(join(root, 'models', 'lpips-squeeze-v0.1.onnx'), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const out = [];
  for (const size of SIZES) {
    const [a, b] = await loadPair(pieces, size);
    const once = async () => {
      const start = performance.now();
      const pa = pieces.toLpipsPlanes(a);
      const pb = pieces.toLpipsPlanes(b);
      const dims = [1, 3, pa.height, pa.width];
      const result = await session.run({ a: new ort.Tensor('float32', pa.data, dims), b: new ort.Tensor('float32', pb.data, dims) }, ['distance']);
      const distance = result.distance.data[0];
      return { millis: performance.now() - start, distance };
    };
    const first = await once();
    const times = [];
    for (let i = 0; i < size.runs; i++) times.push((await once()).millis);
    out.push({ size: size.label, median: median(times), times, distance: first.distance });
  }
  return out;
}

async function browserRuns(pieces, backend) {
  const server = await pieces.startLpipsServer();
  const browser = await pieces.launchChromium({ webgpu: backend === 'webgpu' });
  try {
    const page = await pieces.openLpipsPage(browser, server);
    const out = [];
    let adapter;
    for (const size of SIZES) {
      const runs = backend === 'webgpu' ? size.gpuRuns : size.runs;
      // One warm-up (session creation, shader compilation), then `runs` timed runs.
      const results = await page.evaluate(([b, pair, repeat]) => globalThis.lpipsTest.run(b, [pair], { repeat }), [backend, { a: size.a, b: size.b }, runs + 1]);
      const failed = results.find((r) => !r.result);
      if (failed) throw new Error(`${backend} ${size.label}: ${failed.error?.message}`);
      if (results.some((r) => r.result.backend !== backend)) throw new Error(`${backend} ${size.label}: ran on ${results[0].result.backend}`);
      adapter = results[0].result.adapter;
      const timed = results.slice(1);
      out.push({
        size: size.label,
        median: median(timed.map((r) => r.result.millis)),
        times: timed.map((r) => r.result.millis),
        wallMedian: median(timed.map((r) => r.wallMillis)),
        firstMillis: results[0].wallMillis,
        distance: results[0].result.distance,
      });
    }
    return { results: out, adapter };
  } finally {
    await browser.close();
    await server.close();
  }
}

function runChild(kind, threads) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, String(threads), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`${kind} (${threads} threads) failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

// ---- main ----

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const kind = process.argv[childIndex + 1];
  const threads = Number(process.argv[childIndex + 2]);
  const result = kind === 'node-wasm' ? await childNodeWasm(threads) : await childOrtNode(threads);
  console.log(JSON.stringify(result));
  process.exit(0);
}

if (!existsSync(join(root, 'dist', 'webview', 'lpipsWorker.js'))) {
  console.error('bench/lpips: build first (node scripts/build.mjs)');
  process.exit(1);
}
console.log(`lpips bench: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}${quick ? ', --quick' : ''}`);
const rows = [];
const add = (name, results, note = '') => {
  for (const r of results) console.log(`  done: ${name}, ${r.size}: median ${r.median.toFixed(1)} ms`);
  for (const r of results) rows.push({ name, size: r.size, median: r.median, distance: r.distance, note, times: r.times, ...(r.wallMedian !== undefined ? { wallMedian: r.wallMedian, firstMillis: r.firstMillis } : {}) });
};
const threadCounts = allThreads > 1 ? [1, allThreads] : [1];
for (const t of threadCounts) add(`node onnxruntime-web wasm, ${t} thread${t > 1 ? 's' : ''}`, runChild('node-wasm', t));
if (existsSync(join(root, '.tools', 'bench', 'node_modules', 'onnxruntime-node'))) {
  for (const t of threadCounts) add(`onnxruntime-node (native cpu), ${t} thread${t > 1 ? 's' : ''}`, runChild('ort-node', t));
} else {
  console.log('onnxruntime-node: not installed (run scripts/setupTools.sh --bench); skipped');
}
const pieces = await loadPieces();
const wasm = await browserRuns(pieces, 'wasm');
add('chromium webview worker, wasm (1 thread)', wasm.results);
if (!args.has('--no-webgpu')) {
  const gpu = await browserRuns(pieces, 'webgpu');
  const a = gpu.adapter ?? {};
  add(`chromium webview worker, webgpu on ${a.vendor}/${a.architecture}${a.isFallbackAdapter ? ' (fallback adapter)' : ''}`, gpu.results, 'SwiftShader = CPU: NOT a GPU number');
}

console.log('\nLPIPS-squeeze v0.1, median ms per pair (input conversion + inference + distance read-back)');
for (const size of SIZES.map((s) => s.label)) {
  console.log(`\n${size}`);
  for (const r of rows.filter((x) => x.size === size)) {
    const extra = r.wallMedian !== undefined ? ` (page round trip ${r.wallMedian.toFixed(0)} ms, first run ${r.firstMillis.toFixed(0)} ms)` : '';
    console.log(`  ${r.name.padEnd(62)} ${r.median.toFixed(1).padStart(9)} ms  distance ${r.distance.toFixed(6)}${extra}${r.note ? `  [${r.note}]` : ''}`);
  }
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'lpips.json'), JSON.stringify({ date: new Date().toISOString(), cores: cpus().length, rows }, null, 2));
