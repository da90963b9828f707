// One esbuild script, one entry per runtime. Usage: node scripts/build.mjs [--watch] [--minify]
//   node/cjs: extension (vscode external), metrics worker, imsim CLI
//   browser/esm: webview bundles (added by the webview issues)
// It also checks the committed LPIPS model's sha256 and copies the WASM files the bundles load.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const minify = args.has('--minify');
const watch = args.has('--watch');

/** The model is data, not code: committed in models/ (models/README.md), checked here by sha256. */
const MODEL_NAME = 'lpips-squeeze-v0.1.onnx';
const MODEL_SHA256 = '1f2a12702beed8ae1ebd8deb63d9f3a26c077fc71d340238f6e47f2d64691089';

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

function sha256(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Refuses to build when the committed model is missing or not the one the card describes. Nothing is downloaded. */
function checkModel() {
  const path = join(root, 'models', MODEL_NAME);
  if (!existsSync(path)) fail(`the LPIPS model ${path} is missing: it is committed in the repository (git checkout -- models/${MODEL_NAME}).`);
  const actual = sha256(path);
  if (actual !== MODEL_SHA256) {
    fail(`${path} has sha256 ${actual}, expected ${MODEL_SHA256} (models/README.md); refusing to ship it. Was it stored as a Git LFS pointer or changed?`);
  }
}

/** WASM files the bundles load at run time, copied next to them in dist/. */
function copyWasm() {
  mkdirSync(join(root, 'dist'), { recursive: true });
  copyFileSync(join(root, 'node_modules/@cwasm/jpeg-turbo/jpeg-turbo.wasm'), join(root, 'dist/jpeg-turbo.wasm'));
  const ortDist = join(root, 'node_modules/onnxruntime-web/dist');
  // Ship only the runtimes we load (docs/ARCHITECTURE.md, "LPIPS"):
  //  - Node (CLI, worker pool): onnxruntime-web's Node export loads ort-wasm-simd-threaded.{mjs,wasm}.
  //  - Webview LPIPS worker: ort.webgpu.bundle.min.mjs (its glue is bundled into lpipsWorker.js)
  //    loads ort-wasm-simd-threaded.asyncify.wasm for both its WebGPU and its WASM provider.
  const ortFiles = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];
  for (const name of ortFiles) {
    const source = join(ortDist, name);
    if (!existsSync(source)) fail(`${source} is missing: reinstall onnxruntime-web (npm ci).`);
    const target = join(root, 'dist', name);
    if (existsSync(target) && statSync(target).size === statSync(source).size && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
    copyFileSync(source, target);
  }
}

function versionOf(pkg) {
  return JSON.parse(readFileSync(join(root, pkg === '.' ? 'package.json' : `node_modules/${pkg}/package.json`), 'utf8')).version;
}
/** Versions baked into the bundles (src/cli/versions.ts). */
export const versionsDefine = JSON.stringify({
  imsim: versionOf('.'), pngjs: versionOf('pngjs'), jpegTurbo: versionOf('@cwasm/jpeg-turbo'),
  jpegJs: versionOf('jpeg-js'), onnxruntimeWeb: versionOf('onnxruntime-web'),
});

/**
 * onnxruntime-web's Node build cannot be bundled (its WASM threads start workers from its own file),
 * so node bundles require it from beside themselves: dist/ort.node.min.js, copied by copyWasm().
 * The .vsix then needs no node_modules.
 */
const ortNodeBeside = {
  name: 'ort-node-beside',
  setup(build) {
    build.onResolve({ filter: /^onnxruntime-web$/ }, () => ({ path: './ort.node.min.js', external: true }));
  },
};

const common = {
  define: { __IMSIM_VERSIONS__: versionsDefine },
  bundle: true,
  sourcemap: minify ? false : 'linked',
  minify,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Node entries: extension host, worker thread, CLI. */
const nodeEntries = [
  { in: 'src/extension/extension.ts', out: 'extension' },
  { in: 'src/worker/metricsWorker.ts', out: 'metricsWorker' },
  { in: 'src/worker/ssimBandWorker.ts', out: 'ssimBandWorker' },
  { in: 'src/worker/lpipsNodeWorker.ts', out: 'lpipsNodeWorker' },
].filter((e) => existsSync(join(root, e.in)));

/** Browser entries (webview, renderer): ESM. */
const browserEntries = [
  { in: 'webview/lpips/lpipsWorker.ts', out: 'webview/lpipsWorker' },
  { in: 'webview/compare/main.ts', out: 'webview/compare' },
  { in: 'webview/batch/main.ts', out: 'webview/batch' },
  { in: 'webview/renderer/main.ts', out: 'webview/renderer' },
].filter((e) => existsSync(join(root, e.in)));

const configs = [
  {
    ...common,
    entryPoints: nodeEntries,
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', '@cwasm/jpeg-turbo/jpeg-turbo.wasm'],
    plugins: [ortNodeBeside],
  },
];
if (existsSync(join(root, 'src/cli/main.ts'))) {
  configs.push({
    ...common,
    entryPoints: [{ in: 'src/cli/main.ts', out: 'cli' }],
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@cwasm/jpeg-turbo/jpeg-turbo.wasm'],
    plugins: [ortNodeBeside],
    banner: { js: '#!/usr/bin/env node' },
  });
}
// onnxruntime-web's Node build with onnxruntime-common folded in, as its own file (ortNodeBeside).
configs.push({
  ...common,
  sourcemap: false,
  entryPoints: [{ in: 'node_modules/onnxruntime-web/dist/ort.node.min.js', out: 'ort.node.min' }],
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
});
if (browserEntries.length > 0) {
  configs.push({
    ...common,
    entryPoints: browserEntries,
    outdir: 'dist',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    external: [],
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) !== resolve(process.argv[1])) {
  // Imported (by scripts/test.mjs) for versionsDefine only.
} else {
  await main();
}

async function main() {
  // A release build starts from an empty dist/ so nothing stale (source maps, old entries) ships.
  if (minify) rmSync(join(root, 'dist'), { recursive: true, force: true });
  checkModel();
  copyWasm();
  if (watch) {
    for (const config of configs) await (await esbuild.context(config)).watch();
    console.log('build: watching');
  } else {
    await Promise.all(configs.map((c) => esbuild.build(c)));
    if (existsSync(join(root, 'dist/cli.js'))) chmodSync(join(root, 'dist/cli.js'), 0o755);
  }
}
