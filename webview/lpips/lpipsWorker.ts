/**
 * The LPIPS Web Worker of the webviews: onnxruntime-web on WebGPU when `navigator.gpu` yields an
 * adapter, else on WASM (single-threaded: webviews are not cross-origin isolated), so that pan and
 * zoom never wait for the model. Bundled by scripts/build.mjs to dist/webview/lpipsWorker.js.
 *
 * onnxruntime-web's WebGPU bundle (`ort.webgpu.bundle.min.mjs`) serves both execution providers
 * with one runtime file, `ort-wasm-simd-threaded.asyncify.wasm`, loaded from `config.wasmBaseUrl`
 * (an asWebviewUri URL), never from a CDN.
 *
 * Backend policy (webview/lpips/lpipsBackends.ts): `wasm` uses WASM only; `webgpu` uses WebGPU
 * only and fails when it cannot; `auto` tries WebGPU and falls back to WASM (no adapter, session
 * creation failed, lost device, out of memory), saying so in the result's notices.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { MetricError } from '../../src/core/errors';
import type { DecodedImage } from '../../src/core/image';
import { LpipsRunner, type LpipsAdapterInfo } from '../../src/core/lpipsRunner';
import { assertNever, errorMessage, errorReply, isMessageOf, Requests } from '../../src/protocol/channel';
import { LPIPS_REQUEST_TYPES, LPIPS_WEBVIEW_WASM_FILE } from '../../src/protocol/lpips';
import type { LpipsErrorReply, LpipsRequest, LpipsResponse, LpipsRunResult, LpipsWorkerConfig } from '../../src/protocol/lpips';
import { LpipsBackendChooser } from './lpipsBackends';

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


const scope = self as unknown as DedicatedWorkerGlobalScope;

/** One model and its backend chooser; rebuilt when the model, its name or the limit changes. */
interface WorkerState {
  readonly key: string;
  readonly chooser: LpipsBackendChooser;
  /** Whether the WebGPU device's `lost` promise is being watched. */
  deviceWatched: boolean;
}

let state: WorkerState | undefined;
/** `lpips/load` requests waiting for the page's `lpips/loaded`. */
const loads = new Requests<ArrayBuffer>();

/** Asks the page for the bytes at `url` (it loads them: in VS Code from the host, not by fetch). */
async function loadBytes(url: string, what: string): Promise<ArrayBuffer> {
  const { id, promise } = loads.create();
  post({ type: 'lpips/load', requestId: id, url });
  try {
    return await promise;
  } catch (error) {
    throw new Error(`LPIPS: cannot load ${what} (${url}): ${errorMessage(error)}`);
  }
}
let envReady = false;
/** onnxruntime takes the adapter once, before its first WebGPU session: look it up once per worker. */
let adapterLookup: Promise<LpipsAdapterInfo | { unavailable: string }> | undefined;

function post(message: LpipsResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function findAdapter(): Promise<LpipsAdapterInfo | { unavailable: string }> {
  const gpu = (scope.navigator as unknown as { gpu?: GpuLike }).gpu;
  if (!gpu) return { unavailable: 'this browser has no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { unavailable: 'navigator.gpu.requestAdapter() found no adapter' };
  const info = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
  ort.env.webgpu.adapter = adapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    description: info.description ?? '',
    ...(info.device ? { device: info.device } : {}),
    isFallbackAdapter: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false,
  };
}

async function loadState(config: LpipsWorkerConfig): Promise<WorkerState> {
  if (!envReady) {
    // The runtime's bytes through the page (the bundle already carries its .mjs glue).
    const wasmUrl = new URL(LPIPS_WEBVIEW_WASM_FILE, config.wasmBaseUrl).href;
    ort.env.wasm.wasmBinary = await loadBytes(wasmUrl, 'the WebAssembly runtime');
    ort.env.wasm.numThreads = 1; // webviews are not cross-origin isolated: no SharedArrayBuffer
    ort.env.wasm.proxy = false; // already off the page's thread
    ort.env.logLevel = 'error';
    envReady = true;
  }
  const key = JSON.stringify([config.modelUrl, config.modelName ?? '', config.maxMegapixels ?? null]);
  if (state?.key === key) return state;
  if (state) await state.chooser.dispose();
  state = undefined;
  const model = new Uint8Array(await loadBytes(config.modelUrl, 'the model'));
  const chooser = new LpipsBackendChooser({
    findAdapter: () => (adapterLookup ??= findAdapter()),
    createRunner: (backend, adapter) =>
      new LpipsRunner({
        ort,
        model,
        ...(config.modelName ? { modelName: config.modelName } : {}),
        backend,
        ...(adapter ? { adapter } : {}),
        clock: () => performance.now(),
        ...(config.maxMegapixels !== undefined ? { maxMegapixels: config.maxMegapixels } : {}),
      }),
  });
  state = { key, chooser, deviceWatched: false };
  return state;
}

/** Watches the WebGPU device once a session exists: a lost device switches later runs to WASM. */
async function watchDevice(s: WorkerState): Promise<void> {
  try {
    const device = (await ort.env.webgpu.device) as GpuDeviceLike | undefined;
    void device?.lost?.then((info) => s.chooser.markWebgpuLost(`the WebGPU device was lost (${info.reason ?? 'unknown'}: ${info.message ?? ''})`));
  } catch {
    // No device to watch: the next WebGPU run fails and falls back by itself.
  }
}

async function compute(request: Extract<LpipsRequest, { type: 'lpips/run' }>): Promise<LpipsRunResult> {
  const { config, a, b, cropBorder, wantMap } = request;
  const s = await loadState(config);
  const result = await s.chooser.run(config.backend, a, b, { cropBorder, map: wantMap });
  if (result.backend === 'webgpu' && !s.deviceWatched) {
    s.deviceWatched = true;
    void watchDevice(s);
  }
  return result;
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

const isLpipsRequest = isMessageOf<LpipsRequest>(LPIPS_REQUEST_TYPES);

/** A failed run in the channel's error shape; no `requestId` when the request had no usable one. */
function runError(requestId: number | undefined, kind: 'input' | 'internal', message: string): LpipsErrorReply {
  return { ...errorReply(message, requestId), kind, metric: 'lpips' };
}

scope.onmessage = (event: MessageEvent<unknown>) => {
  if (!isLpipsRequest(event.data)) return;
  const message = event.data;
  switch (message.type) {
    case 'lpips/run': {
      const id = message.requestId;
      if (!Number.isInteger(id) || !isConfig(message.config) || !isImage(message.a) || !isImage(message.b) || !Number.isInteger(message.cropBorder)) {
        post(runError(Number.isInteger(id) ? id : undefined, 'internal', 'LPIPS worker: malformed lpips/run message'));
        return;
      }
      queue = queue.then(async () => {
        try {
          const result = await compute(message);
          post({ type: 'lpips/result', requestId: id, result }, result.map ? [result.map.data.buffer as ArrayBuffer] : []);
        } catch (error) {
          post(runError(id, error instanceof MetricError ? 'input' : 'internal', errorMessage(error)));
        }
      });
      return;
    }
    case 'lpips/loaded':
      if (message.bytes instanceof ArrayBuffer) loads.resolve(message.requestId, message.bytes);
      else loads.reject(message.requestId, new Error(typeof message.error === 'string' ? message.error : 'no bytes came back'));
      return;
    case 'lpips/dispose':
      queue = queue.then(async () => {
        await state?.chooser.dispose();
        state = undefined;
      });
      return;
    default:
      assertNever(message, () => undefined);
  }
};

post({ type: 'lpips/ready' });
