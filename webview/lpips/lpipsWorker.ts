/**
 * The LPIPS Web Worker of the webviews: onnxruntime-web on WebGPU when `navigator.gpu` yields an
 * adapter, else on WASM (single-threaded: webviews are not cross-origin isolated), so that pan and
 * zoom never wait for the model. Bundled by scripts/build.mjs to dist/webview/lpipsWorker.js.
 *
 * onnxruntime-web's WebGPU bundle (`ort.webgpu.bundle.min.mjs`) serves both execution providers
 * with one runtime file, `ort-wasm-simd-threaded.asyncify.wasm`, loaded from `config.wasmBaseUrl`
 * (an asWebviewUri URL), never from a CDN.
 *
 * Backend setting: `wasm` uses WASM only; `webgpu` uses WebGPU only and fails when it cannot;
 * `auto` tries WebGPU and falls back to WASM (no adapter, session creation failed, lost device, out
 * of memory), saying so in the result's notices.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { MetricError } from '../../src/core/errors';
import type { DecodedImage } from '../../src/core/image';
import { LpipsRunner, type LpipsAdapterInfo, type LpipsBackend } from '../../src/core/lpipsRunner';
import type { LpipsRequest, LpipsResponse, LpipsRunResult, LpipsWorkerConfig } from '../../src/protocol/lpips';

/** The parts of WebGPU used here (TypeScript's lib has no WebGPU types). */
interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly description?: string;
  readonly device?: string;
  readonly isFallbackAdapter?: boolean;
}
interface GpuAdapterLike {
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestAdapterInfo?(): Promise<GpuAdapterInfoLike>;
}
interface GpuLike {
  requestAdapter(): Promise<GpuAdapterLike | null>;
}
interface GpuDeviceLike {
  readonly lost?: Promise<{ readonly reason?: string; readonly message?: string }>;
}

/** The runtime of ort.webgpu.bundle.min.mjs, for its WebGPU and its WASM execution provider. */
const ORT_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** One model, two possible runners; rebuilt when the model URL changes. */
interface WorkerState {
  readonly modelUrl: string;
  readonly model: Uint8Array;
  runners: Partial<Record<LpipsBackend, LpipsRunner>>;
  /** Why WebGPU is not used any more in this worker (no adapter, lost device, a failure). */
  webgpuUnavailable?: string;
  adapter?: LpipsAdapterInfo;
  /** Whether the WebGPU device's `lost` promise is being watched. */
  deviceWatched?: boolean;
  maxMegapixels?: number;
}

let state: WorkerState | undefined;
let envReady = false;

function post(message: LpipsResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function loadState(config: LpipsWorkerConfig): Promise<WorkerState> {
  if (!envReady) {
    // Only the .wasm: with a plain prefix onnxruntime would also fetch its .mjs glue from there,
    // while the bundle already carries it.
    ort.env.wasm.wasmPaths = { wasm: new URL(ORT_WASM_FILE, config.wasmBaseUrl).href };
    ort.env.wasm.numThreads = 1; // webviews are not cross-origin isolated: no SharedArrayBuffer
    ort.env.wasm.proxy = false; // already off the page's thread
    ort.env.logLevel = 'error';
    envReady = true;
  }
  if (state && state.modelUrl === config.modelUrl) {
    if (state.maxMegapixels !== config.maxMegapixels) {
      await disposeRunners(state);
      state.maxMegapixels = config.maxMegapixels;
    }
    return state;
  }
  if (state) await disposeRunners(state);
  const response = await fetch(config.modelUrl);
  if (!response.ok) throw new Error(`LPIPS: cannot load the model from ${config.modelUrl} (HTTP ${response.status})`);
  const model = new Uint8Array(await response.arrayBuffer());
  state = { modelUrl: config.modelUrl, model, runners: {}, maxMegapixels: config.maxMegapixels };
  return state;
}

async function disposeRunners(s: WorkerState): Promise<void> {
  const runners = Object.values(s.runners);
  s.runners = {};
  await Promise.all(runners.map((r) => r.dispose().catch(() => undefined)));
}

/** The WebGPU adapter, set for onnxruntime before its first WebGPU session; undefined when none. */
async function getAdapter(s: WorkerState): Promise<LpipsAdapterInfo | undefined> {
  if (s.adapter) return s.adapter;
  const gpu = (scope.navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) {
    s.webgpuUnavailable = 'this browser has no WebGPU (navigator.gpu is missing)';
    return undefined;
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    s.webgpuUnavailable = 'navigator.gpu.requestAdapter() found no adapter';
    return undefined;
  }
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  ort.env.webgpu.adapter = adapter;
  s.adapter = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    ...(info.device ? { device: info.device } : {}),
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
  };
  return s.adapter;
}

function runner(s: WorkerState, config: LpipsWorkerConfig, backend: LpipsBackend): LpipsRunner {
  let r = s.runners[backend];
  if (!r) {
    r = new LpipsRunner({
      ort,
      model: s.model,
      ...(config.modelName ? { modelName: config.modelName } : {}),
      backend,
      ...(backend === 'webgpu' && s.adapter ? { adapter: s.adapter } : {}),
      clock: () => performance.now(),
      ...(config.maxMegapixels !== undefined ? { maxMegapixels: config.maxMegapixels } : {}),
    });
    s.runners[backend] = r;
  }
  return r;
}

/** Watches the WebGPU device once a session exists: a lost device switches later runs to WASM. */
async function watchDevice(s: WorkerState): Promise<void> {
  try {
    const device = (await ort.env.webgpu.device) as GpuDeviceLike | undefined;
    void device?.lost?.then((info) => {
      s.webgpuUnavailable = `the WebGPU device was lost (${info.reason ?? 'unknown'}: ${info.message ?? ''})`;
      const dead = s.runners.webgpu;
      delete s.runners.webgpu;
      void dead?.dispose().catch(() => undefined);
    });
  } catch {
    // No device to watch: the next WebGPU run fails and falls back by itself.
  }
}

async function compute(request: Extract<LpipsRequest, { type: 'lpips/run' }>): Promise<LpipsRunResult> {
  const { config, a, b, cropBorder, wantMap } = request;
  const s = await loadState(config);
  const notices: string[] = [];
  const options = { cropBorder, map: wantMap };
  if (config.backend !== 'wasm') {
    const adapter = s.webgpuUnavailable ? undefined : await getAdapter(s);
    if (adapter) {
      const gpuRunner = runner(s, config, 'webgpu');
      try {
        const result = await gpuRunner.run(a, b, options);
        if (!s.deviceWatched) {
          s.deviceWatched = true;
          void watchDevice(s);
        }
        return { ...result, notices };
      } catch (error) {
        if (error instanceof MetricError) throw error; // the input, not the backend
        if (config.backend === 'webgpu') {
          throw new Error(`LPIPS on WebGPU failed: ${errorMessage(error)}. Set imageSimilarity.lpips.backend to "auto" or "wasm" to use WASM.`);
        }
        s.webgpuUnavailable = `WebGPU failed (${errorMessage(error)})`;
        delete s.runners.webgpu;
        void gpuRunner.dispose().catch(() => undefined);
      }
    } else if (config.backend === 'webgpu') {
      throw new Error(`LPIPS cannot use WebGPU: ${s.webgpuUnavailable ?? 'no adapter'}. Set imageSimilarity.lpips.backend to "auto" or "wasm" to use WASM.`);
    }
    notices.push(`LPIPS ran on WASM (CPU) because ${s.webgpuUnavailable ?? 'WebGPU is not available'}.`);
  }
  const result = await runner(s, config, 'wasm').run(a, b, options);
  return { ...result, notices };
}

/** Inbound messages are checked before use: sizes against byte lengths, known types only. */
function isImage(value: unknown): value is DecodedImage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<DecodedImage>;
  return (
    Number.isInteger(v.width) &&
    Number.isInteger(v.height) &&
    (v.channels === 1 || v.channels === 3) &&
    ((v.bitDepth === 8 && v.data instanceof Uint8Array) || (v.bitDepth === 16 && v.data instanceof Uint16Array)) &&
    v.data.length === (v.width as number) * (v.height as number) * v.channels
  );
}

function isConfig(value: unknown): value is LpipsWorkerConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LpipsWorkerConfig>;
  return (
    typeof v.modelUrl === 'string' &&
    typeof v.wasmBaseUrl === 'string' &&
    (v.backend === 'auto' || v.backend === 'webgpu' || v.backend === 'wasm') &&
    (v.maxMegapixels === undefined || typeof v.maxMegapixels === 'number') &&
    (v.modelName === undefined || typeof v.modelName === 'string')
  );
}

// Runs are serialised: one model, one device; the runner queues too, but the fallback logic must
// see the previous run's outcome.
let queue: Promise<void> = Promise.resolve();

scope.onmessage = (event: MessageEvent<LpipsRequest>) => {
  const message = event.data;
  switch (message?.type) {
    case 'lpips/run': {
      const id = message.id;
      if (!Number.isInteger(id) || !isConfig(message.config) || !isImage(message.a) || !isImage(message.b) || !Number.isInteger(message.cropBorder)) {
        post({ type: 'lpips/error', id: Number.isInteger(id) ? id : -1, kind: 'internal', message: 'LPIPS worker: malformed lpips/run message', metric: 'lpips' });
        return;
      }
      queue = queue.then(async () => {
        try {
          const result = await compute(message);
          post({ type: 'lpips/result', id, result }, result.map ? [result.map.data.buffer as ArrayBuffer] : []);
        } catch (error) {
          const kind = error instanceof MetricError ? 'input' : 'internal';
          post({ type: 'lpips/error', id, kind, message: errorMessage(error), metric: 'lpips' });
        }
      });
      return;
    }
    case 'lpips/dispose':
      queue = queue.then(async () => {
        if (state) await disposeRunners(state);
        state = undefined;
      });
      return;
    default: {
      const unknown: never = message;
      void unknown;
    }
  }
};

post({ type: 'lpips/ready' });
