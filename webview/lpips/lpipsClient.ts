/**
 * Page side of the LPIPS worker, for the compare panel and the batch view: starts
 * dist/webview/lpipsWorker.js lazily, sends `lpips/run` with the pixels as transferred buffers and
 * resolves with the `lpips/result` (or rejects with an LpipsClientError).
 *
 * In a VS Code webview the worker script lives on the resource origin (asWebviewUri), which is not
 * the page's origin, so `new Worker(url)` is refused; the client loads the script (`loadBytes`, else
 * fetch) and starts it from a `blob:` URL instead.
 *
 * What the webview needs (the panel's HTML builder sets it):
 *  - CSP: `script-src 'nonce-…' ${cspSource} 'wasm-unsafe-eval'` (onnxruntime compiles its WASM),
 *    `worker-src blob:` (the worker); `connect-src ${cspSource}` when the worker script, model and
 *    WASM are fetched rather than passed in by `loadBytes`. WebGPU needs nothing more.
 *  - The worker script, the runtime .wasm and the model by URL: the comparison panel and the batch
 *    view pass `loadBytes`, which reads them through the extension host (they need not be webview
 *    resources); without it (plain pages, the browser tests) they are fetched.
 */
import type { DecodedImage } from '../../src/core/image';
import { assertNever, errorMessage, isMessageOf, Requests } from '../../src/protocol/channel';
import { LPIPS_RESPONSE_TYPES } from '../../src/protocol/lpips';
import type { LpipsBackendSetting, LpipsImage, LpipsRequest, LpipsResponse, LpipsRunResult, LpipsWorkerConfig } from '../../src/protocol/lpips';

/** Where the worker and its data are, and how to run. */
export interface LpipsClientOptions {
  /** URL of dist/webview/lpipsWorker.js. */
  readonly workerUrl: string;
  /** URL of the LPIPS ONNX model (models/lpips-squeeze-v0.1.onnx for the shipped one). */
  readonly modelUrl: string;
  /** The model's file name, for the network name when its metadata lacks one. */
  readonly modelName?: string;
  /** Folder URL of the onnxruntime-web WASM file (dist/), with or without a trailing `/`. */
  readonly wasmBaseUrl: string;
  /** `imageSimilarity.lpips.backend` (default `auto`). */
  readonly backend?: LpipsBackendSetting;
  /** `imageSimilarity.lpips.maxMegapixels` (default 4). */
  readonly maxMegapixels?: number;
  /**
   * Start the worker from a `blob:` copy of the script (default true: needed in VS Code webviews,
   * where the script's origin differs from the page's). False starts it from `workerUrl` directly.
   */
  readonly viaBlob?: boolean;
  /**
   * Loads the bytes at one of the URLs above (worker script, runtime .wasm, model). Default:
   * fetch(). VS Code webviews pass one that asks the extension host by message (see
   * WebviewAssetRequest in src/protocol/lpips.ts for why).
   */
  readonly loadBytes?: (url: string) => Promise<ArrayBuffer>;
}

/** fetch() as a {@link LpipsClientOptions.loadBytes}. */
export async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** Per-run options. */
export interface LpipsClientRunOptions {
  /** Pixels dropped on every side first (default 0). */
  readonly cropBorder?: number;
  /** Also return the per-pixel map (default false). */
  readonly map?: boolean;
  /**
   * Transfer the images' own buffers to the worker (they become unusable here). Default false: the
   * pixels are copied and the copies transferred, so the page can keep drawing the images.
   */
  readonly transfer?: boolean;
}

/** A failed run: `input` is about the images or a limit (show it), `internal` about the runtime. */
export class LpipsClientError extends Error {
  override readonly name = 'LpipsClientError';
  readonly metric = 'lpips';
  readonly kind: 'input' | 'internal';
  constructor(kind: 'input' | 'internal', message: string) {
    super(message);
    this.kind = kind;
  }
}

const isLpipsResponse = isMessageOf<LpipsResponse>(LPIPS_RESPONSE_TYPES);

/** Runs LPIPS in a Web Worker; one worker per client, started on the first run. */
export class LpipsClient {
  private options: LpipsClientOptions;
  private worker: Promise<Worker> | undefined;
  /** Run ids and their pending results (src/protocol/channel.ts). */
  private readonly runs = new Requests<LpipsRunResult>();
  private disposed = false;
  private blobUrl: string | undefined;

  constructor(options: LpipsClientOptions) {
    this.options = options;
  }

  /** Changes the backend, model or limit; later runs use them (the worker rebuilds its sessions). */
  configure(options: Partial<LpipsClientOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** LPIPS between two decoded images of the same size. */
  async run(a: DecodedImage, b: DecodedImage, options: LpipsClientRunOptions = {}): Promise<LpipsRunResult> {
    if (this.disposed) throw new LpipsClientError('internal', 'LPIPS: the client was disposed');
    const worker = await this.getWorker();
    const imageA = options.transfer ? a : copyImage(a);
    const imageB = options.transfer ? b : copyImage(b);
    const base = absolute(this.options.wasmBaseUrl);
    const config: LpipsWorkerConfig = {
      modelUrl: absolute(this.options.modelUrl),
      ...(this.options.modelName ? { modelName: this.options.modelName } : {}),
      wasmBaseUrl: base.endsWith('/') ? base : `${base}/`,
      backend: this.options.backend ?? 'auto',
      ...(this.options.maxMegapixels !== undefined ? { maxMegapixels: this.options.maxMegapixels } : {}),
    };
    const { id, promise } = this.runs.create();
    const request: LpipsRequest = { type: 'lpips/run', requestId: id, config, a: imageA, b: imageB, cropBorder: options.cropBorder ?? 0, wantMap: options.map === true };
    const transfer = imageA.data.buffer === imageB.data.buffer ? [imageA.data.buffer] : [imageA.data.buffer, imageB.data.buffer];
    worker.postMessage(request, transfer as Transferable[]);
    return promise;
  }

  /**
   * Starts the worker and creates the session now (a 17×17 pair through the normal path), so the
   * first real result does not wait for the WASM compile and model load (seconds). Resolves with
   * the backend it will use; never rejects (a failure shows up again on the real run).
   */
  async warmUp(): Promise<LpipsRunResult | undefined> {
    const side = 17;
    const blank: DecodedImage = { width: side, height: side, channels: 3, bitDepth: 8, data: new Uint8Array(side * side * 3) };
    return this.run(blank, blank, { transfer: true }).catch(() => undefined);
  }

  /** Stops the worker; pending runs reject. */
  dispose(): void {
    this.disposed = true;
    this.failAll('LPIPS: the view was closed');
    void this.worker?.then((w) => w.terminate()).catch(() => undefined);
    this.worker = undefined;
  }

  private getWorker(): Promise<Worker> {
    if (!this.worker) {
      this.worker = this.startWorker();
      this.worker.catch(() => {
        this.worker = undefined;
      });
    }
    return this.worker;
  }

  private async startWorker(): Promise<Worker> {
    let url = absolute(this.options.workerUrl);
    let blobUrl: string | undefined;
    if (this.options.viaBlob !== false) {
      let script: ArrayBuffer;
      try {
        script = await (this.options.loadBytes ?? fetchBytes)(url);
      } catch (error) {
        throw new LpipsClientError('internal', `LPIPS: cannot load the worker script ${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      blobUrl = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
      url = blobUrl;
    }
    const worker = new Worker(url, { type: 'module', name: 'lpips' });
    worker.onmessage = (event: MessageEvent<unknown>) => {
      if (isLpipsResponse(event.data)) this.onMessage(worker, event.data);
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.failAll(`LPIPS worker error: ${event.message || 'the worker script failed to start'}`);
      worker.terminate();
      this.worker = undefined;
    };
    this.blobUrl = blobUrl;
    return worker;
  }

  private onMessage(worker: Worker, message: LpipsResponse): void {
    switch (message.type) {
      case 'lpips/load': {
        const { requestId, url } = message;
        (this.options.loadBytes ?? fetchBytes)(url).then(
          (bytes) => worker.postMessage({ type: 'lpips/loaded', requestId, bytes } satisfies LpipsRequest, [bytes]),
          (error: unknown) => worker.postMessage({ type: 'lpips/loaded', requestId, error: errorMessage(error) } satisfies LpipsRequest),
        );
        return;
      }
      case 'lpips/ready':
        // The worker has loaded its script: the blob URL is not needed any more.
        if (this.blobUrl) URL.revokeObjectURL(this.blobUrl);
        this.blobUrl = undefined;
        return;
      case 'lpips/result':
        this.runs.resolve(message.requestId, message.result);
        return;
      case 'error':
        // Without a request id the worker could not tell which run failed: all of them did.
        if (message.requestId === undefined) this.failAll(message.message);
        else this.runs.reject(message.requestId, new LpipsClientError(message.kind, message.message));
        return;
      default:
        assertNever(message, () => undefined);
    }
  }

  private failAll(reason: string): void {
    this.runs.rejectAll(() => new LpipsClientError('internal', reason));
  }
}

/** URLs go to a worker whose base is a blob: URL, so relative ones are resolved against the page first. */
function absolute(url: string): string {
  return new URL(url, location.href).href;
}

function copyImage(image: DecodedImage): LpipsImage {
  return { width: image.width, height: image.height, channels: image.channels, bitDepth: image.bitDepth, data: image.data.slice() };
}
