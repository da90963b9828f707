/**
 * LPIPS in Node (CLI, worker pool): an LpipsRunner over onnxruntime-web's Node export, which runs
 * the WASM backend, so the product has no native dependency. The `.wasm`/`.mjs` runtime files are
 * loaded from `dist/` (the build copies them next to the bundles) or, when running from source or
 * tests, from `node_modules/onnxruntime-web/dist/`; never from a CDN.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ort from 'onnxruntime-web';
import { InputError } from '../core/errors';
import { LpipsRunner } from '../core/lpipsRunner';

/** The file onnxruntime-web's Node export loads (with its `.mjs` glue). */
const ORT_WASM = 'ort-wasm-simd-threaded.wasm';
/** The shipped model's file name, under `models/` at the extension or repository root. */
export const LPIPS_MODEL_FILE = 'lpips-squeeze-v0.1.onnx';

/** Options for the Node LPIPS runner. */
export interface NodeLpipsOptions {
  /** An LPIPS ONNX file (default: the shipped squeeze model in `models/`). */
  readonly modelPath?: string;
  /**
   * WASM threads (default: all cores). onnxruntime-web reads this once per process, when its WASM
   * runtime starts: a later runner asking for a different number gets the first one's, and says so
   * in `threadsNotice`. Use 1 inside a worker pool, where parallelism comes from the workers.
   */
  readonly threads?: number;
  /** Folder holding `ort-wasm-simd-threaded.{wasm,mjs}` (default: dist/ next to this bundle, else the package's). */
  readonly wasmDir?: string;
  /** Refuse pairs above this many megapixels (default 4). */
  readonly maxMegapixels?: number;
}

/** A Node runner plus what the caller should report about it. */
export interface NodeLpips {
  readonly runner: LpipsRunner;
  /** The threads the WASM runtime actually uses. */
  readonly threads: number;
  /** Set when `threads` could not be honoured because the runtime had already started. */
  readonly threadsNotice?: string;
  /** The model file in use. */
  readonly modelPath: string;
  /** The folder the WASM runtime is loaded from. */
  readonly wasmDir: string;
}

let startedThreads: number | undefined;
let startedWasmDir: string | undefined;

/** The folder this code runs from: `dist/` for the bundles, `out/test/...` for tests. */
function hereDir(): string {
  return typeof __dirname === 'string' ? __dirname : process.cwd();
}

/** Finds the ort WASM runtime: next to the bundle (dist/), else in the installed package. */
export function findOrtWasmDir(): string {
  const candidates = [hereDir(), join(hereDir(), '..', 'dist')];
  try {
    candidates.push(dirname(require.resolve('onnxruntime-web')));
  } catch {
    // Not resolvable from here (for example a relocated bundle); the checks below say what is missing.
  }
  candidates.push(resolve(hereDir(), '..', 'node_modules', 'onnxruntime-web', 'dist'));
  for (const dir of candidates) {
    if (existsSync(join(dir, ORT_WASM)) && existsSync(join(dir, ORT_WASM.replace(/\.wasm$/, '.mjs')))) return dir;
  }
  throw new InputError(
    `LPIPS: onnxruntime-web's ${ORT_WASM} was not found (looked in ${candidates.join(', ')}); run \`npm run build\` or reinstall.`,
  );
}

/**
 * Finds the shipped model in `models/` of the nearest folder at or above this bundle (`dist/../models`
 * for the extension and CLI, the repository's `models/` for tests), then of the working directory.
 */
export function findLpipsModel(): string {
  for (const start of [hereDir(), process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const path = join(dir, 'models', LPIPS_MODEL_FILE);
      if (existsSync(path)) return path;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new InputError(
    `LPIPS: the model ${LPIPS_MODEL_FILE} was not found in a models/ folder above ${hereDir()} or ${process.cwd()}; run \`npm run build\`, which copies it into models/.`,
  );
}

/**
 * Creates an LpipsRunner over onnxruntime-web's WASM backend in Node. The session is created on
 * the first run (or `runner.load()`); nothing is loaded when LPIPS is never asked for.
 */
export function createNodeLpips(options: NodeLpipsOptions = {}): NodeLpips {
  const modelPath = resolve(options.modelPath ?? findLpipsModel());
  let model: Uint8Array;
  try {
    model = readFileSync(modelPath);
  } catch (error) {
    throw new InputError(`LPIPS: cannot read the model ${modelPath}: ${(error as Error).message}`, modelPath);
  }
  const wantThreads = options.threads ?? availableParallelism();
  if (!Number.isInteger(wantThreads) || wantThreads < 1) {
    throw new InputError(`LPIPS: threads must be a positive integer, got ${wantThreads}`);
  }
  let threadsNotice: string | undefined;
  if (startedThreads === undefined) {
    const wasmDir = options.wasmDir ?? findOrtWasmDir();
    // A file URL prefix: onnxruntime-web imports the .mjs glue from it and reads the .wasm beside it.
    ort.env.wasm.wasmPaths = pathToFileURL(wasmDir + '/').href;
    ort.env.wasm.numThreads = wantThreads;
    ort.env.logLevel = 'error';
    startedThreads = wantThreads;
    startedWasmDir = wasmDir;
  } else if (startedThreads !== wantThreads) {
    threadsNotice = `LPIPS runs with ${startedThreads} thread(s): the WASM runtime had already started, so ${wantThreads} could not be applied.`;
  }
  const runner = new LpipsRunner({
    ort,
    model,
    modelName: modelPath,
    backend: 'wasm',
    clock: () => performance.now(),
    ...(options.maxMegapixels !== undefined ? { maxMegapixels: options.maxMegapixels } : {}),
  });
  return {
    runner,
    threads: startedThreads,
    ...(threadsNotice ? { threadsNotice } : {}),
    modelPath,
    wasmDir: startedWasmDir ?? '',
  };
}
