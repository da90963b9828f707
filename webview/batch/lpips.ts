/**
 * LPIPS for the batch view: the host sends each pair's encoded files (`lpipsJob`); this page decodes
 * them with the shared decoder (src/decode, the same pixels as the workers) and runs LPIPS one pair
 * at a time in the Web Worker of webview/lpips (WebGPU when an adapter exists, else WASM), then
 * answers `lpipsResult` or `lpipsFailed`. Sizes and bit depths are checked before any work.
 */
import type { BatchLpipsSetup, BatchToHostMessage } from '../../src/protocol/batch';
import { decodeFile } from '../compare/decode';
import { LpipsClient } from '../lpips/lpipsClient';

/** One pair to run. */
export interface LpipsJob {
  readonly index: number;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly nameA: string;
  readonly nameB: string;
  readonly cropBorder: number;
}

/** Runs queued jobs sequentially and reports through `post`. */
export class BatchLpipsRunner {
  private client?: LpipsClient;
  private readonly queue: LpipsJob[] = [];
  private busy = false;

  constructor(
    private setup: BatchLpipsSetup,
    private readonly post: (message: BatchToHostMessage) => void,
    /** Loads the worker script, runtime and model (from the host by message). */
    private readonly loadBytes: (url: string) => Promise<ArrayBuffer>,
  ) {}

  /** New settings for later jobs. */
  configure(setup: BatchLpipsSetup): void {
    this.setup = setup;
    this.client?.configure({ workerUrl: setup.workerUrl, modelUrl: setup.modelUrl, modelName: setup.modelName, wasmBaseUrl: setup.wasmBaseUrl, backend: setup.backend, maxMegapixels: setup.maxMegapixels });
  }

  /** Queues a job (a repeated index replaces the queued one). */
  enqueue(job: LpipsJob): void {
    const queued = this.queue.findIndex((j) => j.index === job.index);
    if (queued >= 0) this.queue.splice(queued, 1, job);
    else this.queue.push(job);
    void this.pump();
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.runOne(job);
    } finally {
      this.busy = false;
    }
  }

  private async runOne(job: LpipsJob): Promise<void> {
    const setup = this.setup;
    try {
      const [a, b] = await Promise.all([
        decodeFile(job.a, job.nameA, setup.maxPixels, setup.jpegWasmUrl),
        decodeFile(job.b, job.nameB, setup.maxPixels, setup.jpegWasmUrl),
      ]);
      if (a.image.width !== b.image.width || a.image.height !== b.image.height) {
        throw new Error(`lpips: the images have different sizes: ${job.nameA} is ${a.image.width}×${a.image.height}, ${job.nameB} is ${b.image.width}×${b.image.height}`);
      }
      if (a.image.bitDepth !== b.image.bitDepth) throw new Error(`lpips: ${job.nameA} is ${a.image.bitDepth}-bit and ${job.nameB} is ${b.image.bitDepth}-bit; convert one first`);
      this.client ??= new LpipsClient({
        loadBytes: this.loadBytes,
        workerUrl: setup.workerUrl,
        modelUrl: setup.modelUrl,
        modelName: setup.modelName,
        wasmBaseUrl: setup.wasmBaseUrl,
        backend: setup.backend,
        maxMegapixels: setup.maxMegapixels,
      });
      const result = await this.client.run(a.image, b.image, { cropBorder: job.cropBorder, transfer: true });
      const network = [result.network, result.networkVersion ? `v${result.networkVersion}` : ''].filter(Boolean).join(' ');
      this.post({ type: 'lpipsResult', index: job.index, value: result.distance, network, backend: result.backend });
    } catch (error) {
      this.post({ type: 'lpipsFailed', index: job.index, message: error instanceof Error ? error.message : String(error) });
    }
  }

  dispose(): void {
    this.queue.length = 0;
    this.client?.dispose();
  }
}
