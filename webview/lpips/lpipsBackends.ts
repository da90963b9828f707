/**
 * The backend policy of the LPIPS worker, kept free of onnxruntime and of browser globals so that
 * it is unit-tested in Node with fakes:
 *  - `wasm`: WASM only.
 *  - `webgpu`: WebGPU only; no adapter or a failure is an error naming the cause (never a silent
 *    fallback).
 *  - `auto`: WebGPU when an adapter exists, else WASM; a WebGPU failure at run time (session
 *    creation, lost device, out of memory) falls back to WASM for this and every later run, and
 *    the result's notices say so.
 * Input errors (MetricError: size, limits) are about the images, not the backend: they never
 * trigger a fallback.
 */
import { MetricError } from '../../src/core/errors';
import type { DecodedImage } from '../../src/core/image';
import type { LpipsAdapterInfo, LpipsBackend, LpipsResult, LpipsRunOptions } from '../../src/core/lpipsRunner';
import type { LpipsBackendSetting } from '../../src/protocol/lpips';

/** What the chooser needs from a runner (LpipsRunner in the worker, a fake in tests). */
export interface LpipsRunnerLike {
  run(a: DecodedImage, b: DecodedImage, options: LpipsRunOptions): Promise<LpipsResult>;
  dispose(): Promise<void>;
}

/** How the chooser finds an adapter and builds runners. */
export interface LpipsBackendDeps {
  /** The WebGPU adapter, or why there is none. Called at most once per chooser while it succeeds. */
  findAdapter(): Promise<LpipsAdapterInfo | { readonly unavailable: string }>;
  createRunner(backend: LpipsBackend, adapter?: LpipsAdapterInfo): LpipsRunnerLike;
}

/** A result plus the sentences the user should see about how it was computed. */
export type LpipsChosenResult = LpipsResult & { readonly notices: readonly string[] };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Picks the backend per run and owns the runners (at most one per backend). */
export class LpipsBackendChooser {
  private readonly deps: LpipsBackendDeps;
  private readonly runners: Partial<Record<LpipsBackend, LpipsRunnerLike>> = {};
  private adapter: LpipsAdapterInfo | undefined;
  /** Why WebGPU is not used any more (no adapter, lost device, a failure); undefined while it may be. */
  webgpuUnavailable: string | undefined;

  constructor(deps: LpipsBackendDeps) {
    this.deps = deps;
  }

  /** Called when the WebGPU device is lost: later runs use WASM (in `auto`) or fail (in `webgpu`). */
  markWebgpuLost(reason: string): void {
    this.webgpuUnavailable = reason;
    const dead = this.runners.webgpu;
    delete this.runners.webgpu;
    void dead?.dispose().catch(() => undefined);
  }

  /** Runs one pair with the backend the setting allows. */
  async run(setting: LpipsBackendSetting, a: DecodedImage, b: DecodedImage, options: LpipsRunOptions): Promise<LpipsChosenResult> {
    const notices: string[] = [];
    if (setting !== 'wasm') {
      const adapter = await this.findAdapter();
      if (adapter) {
        const gpu = this.runner('webgpu', adapter);
        try {
          return { ...(await gpu.run(a, b, options)), notices };
        } catch (error) {
          if (error instanceof MetricError) throw error;
          if (setting === 'webgpu') {
            throw new Error(`LPIPS on WebGPU failed: ${message(error)}. Set imageSimilarity.lpips.backend to "auto" or "wasm" to use WASM.`);
          }
          this.markWebgpuLost(`WebGPU failed (${message(error)})`);
        }
      } else if (setting === 'webgpu') {
        throw new Error(`LPIPS cannot use WebGPU: ${this.webgpuUnavailable ?? 'no adapter'}. Set imageSimilarity.lpips.backend to "auto" or "wasm" to use WASM.`);
      }
      notices.push(`LPIPS ran on WASM (CPU) because ${this.webgpuUnavailable ?? 'WebGPU is not available'}.`);
    }
    return { ...(await this.runner('wasm').run(a, b, options)), notices };
  }

  /** Releases every runner. */
  async dispose(): Promise<void> {
    const all = Object.values(this.runners);
    delete this.runners.webgpu;
    delete this.runners.wasm;
    await Promise.all(all.map((r) => r.dispose().catch(() => undefined)));
  }

  private async findAdapter(): Promise<LpipsAdapterInfo | undefined> {
    if (this.webgpuUnavailable) return undefined;
    if (this.adapter) return this.adapter;
    const found = await this.deps.findAdapter();
    if ('unavailable' in found) {
      this.webgpuUnavailable = found.unavailable;
      return undefined;
    }
    this.adapter = found;
    return found;
  }

  private runner(backend: LpipsBackend, adapter?: LpipsAdapterInfo): LpipsRunnerLike {
    let r = this.runners[backend];
    if (!r) {
      r = this.deps.createRunner(backend, adapter);
      this.runners[backend] = r;
    }
    return r;
  }
}
