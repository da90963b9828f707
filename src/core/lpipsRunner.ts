/**
 * LPIPS (Zhang et al., "The Unreasonable Effectiveness of Deep Features as a Perceptual Metric",
 * CVPR 2018) through an ONNX export of the official richzhang/PerceptualSimilarity forward pass
 * (models/README.md). The score is the model's `distance` output, exactly the official
 * `spatial=False` value, never the mean of the `map` output (they differ by about 2e-5).
 *
 * One LpipsRunner serves the webview worker (WebGPU or WASM), the CLI and the worker pool (WASM):
 * only the injected onnxruntime module and backend differ. The runner owns one inference session,
 * created on first use and reused; runs are serialised because an onnxruntime-web session does not
 * take concurrent runs.
 */
import { InputError, MetricError } from './errors';
import type { DecodedImage } from './image';
import { checkLpipsPair, LPIPS_DEFAULT_MAX_MEGAPIXELS, toLpipsPlanes } from './lpipsInput';
import { lpipsModelInfo, type LpipsModelInfo } from './lpipsModel';

/** The part of an onnxruntime tensor this runner reads. */
export interface OrtTensorLike {
  readonly dims: readonly number[];
  /** A Float32Array for the model's outputs (checked at run time). */
  readonly data: unknown;
  dispose(): void;
}

/** The part of an onnxruntime inference session this runner uses. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** `fetches` names the outputs to compute and read; the others are not copied back. */
  run(feeds: { readonly [name: string]: OrtTensorLike }, fetches: readonly string[]): Promise<{ readonly [name: string]: OrtTensorLike }>;
  release(): Promise<void>;
}

/** Session options this runner sets. */
export interface OrtSessionOptionsLike {
  readonly executionProviders: readonly string[];
  readonly graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/**
 * The part of the `onnxruntime-web` module this runner needs, so that core never imports it: the
 * Node entry injects onnxruntime-web's Node/WASM build, the webview worker its WebGPU bundle, and
 * unit tests a fake.
 */
export interface OrtModuleLike {
  readonly Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensorLike;
  readonly InferenceSession: {
    create(model: Uint8Array, options: OrtSessionOptionsLike): Promise<OrtSessionLike>;
  };
}

/** The execution provider a runner's session uses. */
export type LpipsBackend = 'wasm' | 'webgpu';

/** The WebGPU adapter as the browser describes it (`GPUAdapter.info`). */
export interface LpipsAdapterInfo {
  readonly vendor: string;
  readonly architecture: string;
  readonly description: string;
  readonly device?: string;
  /** True for a software adapter (SwiftShader): its timings say nothing about a GPU. */
  readonly isFallbackAdapter?: boolean;
}

/** How to build a runner. */
export interface LpipsRunnerOptions {
  /** onnxruntime-web (or a structurally equal module), already configured (wasm paths, threads). */
  readonly ort: OrtModuleLike;
  /** The bytes of an LPIPS ONNX model with inputs `a`, `b` and outputs `distance`, `map`. */
  readonly model: Uint8Array;
  /** The model's file name, for messages and for the network name when the metadata lacks it. */
  readonly modelName?: string;
  /** The execution provider for the session. */
  readonly backend: LpipsBackend;
  /** The WebGPU adapter the session runs on, reported with every result. */
  readonly adapter?: LpipsAdapterInfo;
  /** Milliseconds from an arbitrary origin (performance.now in practice); injected so core holds no clock. */
  readonly clock: () => number;
  /** Refuse pairs above this many megapixels after the crop (default 4, `imageSimilarity.lpips.maxMegapixels`). */
  readonly maxMegapixels?: number;
}

/** Per-run options. */
export interface LpipsRunOptions {
  /** Pixels dropped on every side first (default 0). */
  readonly cropBorder?: number;
  /** Also fetch the per-pixel `map` output (default false: only `distance` is computed and read). */
  readonly map?: boolean;
}

/** The LPIPS map: the official `spatial=True` output, one float per pixel of the cropped image. */
export interface LpipsMap {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
  readonly min: number;
  readonly max: number;
}

/** One LPIPS result, labelled with how it was computed. */
export interface LpipsResult {
  /** The model's `distance` output (the official spatial=False value). */
  readonly distance: number;
  /** Present only when requested. */
  readonly map?: LpipsMap;
  readonly backend: LpipsBackend;
  readonly adapter?: LpipsAdapterInfo;
  /** `squeeze`, `alex`, `vgg`, …: never report a number as plain "LPIPS". */
  readonly network: string;
  /** The LPIPS version the model declares (`0.1`), when it does. */
  readonly networkVersion?: string;
  /** Conversion, inference and read-back of this pair, in milliseconds (session creation excluded). */
  readonly millis: number;
  /** Session creation time, in milliseconds, on the run that created the session. */
  readonly sessionMillis?: number;
}

/** Runs LPIPS on pairs of decoded images with one reused onnxruntime session. */
export class LpipsRunner {
  /** The network and version the model declares. */
  readonly modelInfo: LpipsModelInfo;
  private readonly options: LpipsRunnerOptions;
  private session: Promise<OrtSessionLike> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: LpipsRunnerOptions) {
    this.options = options;
    this.modelInfo = lpipsModelInfo(options.model, options.modelName ?? '');
  }

  /** The network name, always reported with the score (`squeeze` for the shipped model). */
  get network(): string {
    return this.modelInfo.network;
  }

  /** The execution provider this runner uses. */
  get backend(): LpipsBackend {
    return this.options.backend;
  }

  /** The WebGPU adapter, when the backend is WebGPU. */
  get adapter(): LpipsAdapterInfo | undefined {
    return this.options.adapter;
  }

  /** Creates the session now (otherwise the first run does); returns its creation time in ms. */
  async load(): Promise<number> {
    const start = this.options.clock();
    await this.getSession();
    return this.options.clock() - start;
  }

  /**
   * LPIPS between `a` and `b` (same size and bit depth, at least 17 px per side after the crop, at
   * most `maxMegapixels`). Input problems reject with MetricError('lpips', …) before anything is
   * allocated; runs are queued.
   */
  run(a: DecodedImage, b: DecodedImage, runOptions: LpipsRunOptions = {}): Promise<LpipsResult> {
    // Check before queueing, so a bad pair fails at once and allocates nothing.
    const cropBorder = runOptions.cropBorder ?? 0;
    try {
      checkLpipsPair(a, b, { cropBorder, maxMegapixels: this.options.maxMegapixels ?? LPIPS_DEFAULT_MAX_MEGAPIXELS });
    } catch (error) {
      return Promise.reject(error);
    }
    const next = this.queue.then(() => this.runNow(a, b, cropBorder, runOptions.map === true));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Releases the session; later runs throw. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const session = this.session;
    this.session = undefined;
    if (session) await (await session.catch(() => undefined))?.release();
  }

  private getSession(): Promise<OrtSessionLike> {
    if (this.disposed) return Promise.reject(new Error('LpipsRunner: used after dispose'));
    if (!this.session) {
      const { ort, model, backend } = this.options;
      const name = this.options.modelName ?? 'the LPIPS model';
      this.session = ort.InferenceSession.create(model, { executionProviders: [backend], graphOptimizationLevel: 'all' }).then(
        (session) => {
          for (const input of ['a', 'b']) {
            if (!session.inputNames.includes(input)) {
              throw new InputError(
                `${name} is not an LPIPS model with this extension's interface: expected inputs a, b and outputs distance, map; it has inputs ${session.inputNames.join(', ')}.`,
                name,
              );
            }
          }
          if (!session.outputNames.includes('distance')) {
            throw new InputError(
              `${name} is not an LPIPS model with this extension's interface: expected an output named distance, it has ${session.outputNames.join(', ')}.`,
              name,
            );
          }
          return session;
        },
      );
      // A failed creation is not cached: the next run tries again (for example after a lost device).
      this.session.catch(() => {
        this.session = undefined;
      });
    }
    return this.session;
  }

  private async runNow(a: DecodedImage, b: DecodedImage, cropBorder: number, wantMap: boolean): Promise<LpipsResult> {
    const { clock, ort } = this.options;
    let sessionMillis: number | undefined;
    if (!this.session) sessionMillis = await this.load();
    const session = await this.getSession();
    if (wantMap && !session.outputNames.includes('map')) {
      throw new MetricError('lpips', `${this.options.modelName ?? 'The LPIPS model'} has no map output; the LPIPS heatmap is not available for it.`);
    }
    const start = clock();
    const planesA = toLpipsPlanes(a, cropBorder);
    const planesB = toLpipsPlanes(b, cropBorder);
    const dims = [1, 3, planesA.height, planesA.width];
    const tensorA = new ort.Tensor('float32', planesA.data, dims);
    const tensorB = new ort.Tensor('float32', planesB.data, dims);
    const fetches = wantMap ? ['distance', 'map'] : ['distance'];
    let outputs: { readonly [name: string]: OrtTensorLike };
    try {
      outputs = await session.run({ a: tensorA, b: tensorB }, fetches);
    } finally {
      tensorA.dispose();
      tensorB.dispose();
    }
    try {
      const distanceData = outputs.distance?.data;
      if (!(distanceData instanceof Float32Array) || distanceData.length !== 1 || !Number.isFinite(distanceData[0])) {
        throw new Error(`LPIPS: the model returned no finite distance (got ${describe(distanceData)})`);
      }
      const distance = distanceData[0];
      let map: LpipsMap | undefined;
      if (wantMap) {
        const mapData = outputs.map?.data;
        const expected = planesA.width * planesA.height;
        if (!(mapData instanceof Float32Array) || mapData.length !== expected) {
          throw new Error(`LPIPS: expected a ${planesA.width}×${planesA.height} map, got ${describe(mapData)}`);
        }
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < mapData.length; i++) {
          const v = mapData[i];
          if (v < min) min = v;
          if (v > max) max = v;
        }
        // Copy out of the tensor so the result owns a plain, transferable buffer.
        map = { width: planesA.width, height: planesA.height, data: mapData.slice(), min, max };
      }
      const millis = clock() - start;
      const { network, version } = this.modelInfo;
      return {
        distance,
        ...(map ? { map } : {}),
        backend: this.options.backend,
        ...(this.options.adapter ? { adapter: this.options.adapter } : {}),
        network,
        ...(version ? { networkVersion: version } : {}),
        millis,
        ...(sessionMillis !== undefined ? { sessionMillis } : {}),
      };
    } finally {
      for (const name of fetches) outputs[name]?.dispose();
    }
  }
}

function describe(value: unknown): string {
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of ${(value as Float32Array).length}`;
  return typeof value;
}
