/**
 * The one place the extension reaches the worker pool (src/worker/pool.ts). It is loaded with a
 * dynamic import on the first comparison, so activation evaluates no metric code, and the pool
 * starts its worker threads lazily too.
 */
import * as path from 'node:path';
import type { CompareJobOptions, CompareJobResult } from '../protocol/worker';
import type { IDisposable } from './dispose';

/** What the panel needs from the pool. */
export interface MetricsService {
  compare(
    request: { a: Uint8Array; b: Uint8Array; nameA: string; nameB: string; options: CompareJobOptions },
    signal?: AbortSignal,
  ): Promise<CompareJobResult>;
}

/** A 16×16 RGB PNG: the warm-up job's input (starts a worker and compiles the metric code). */
const WARM_UP_PNG = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAa0lEQVR4nGNgEFAwcAhIKGiYsGDDgQsPPhDkc0hoWHhEZFR0zFix48SNFz8I8Um2gIFECzgYSLRAgIFECyQYSLRAgYFECzQYSLTAgIFECywYSLTAgYFECzwYSLQggIFECyIYSLQggYFECzIAPlh0EJTd/VIAAAAASUVORK5CYII=';

/** Owns the pool for the extension's lifetime. */
export class MetricsPoolHolder implements IDisposable {
  private pool?: Promise<MetricsService & IDisposable>;
  private warm?: Promise<unknown>;
  private disposed = false;

  constructor(private readonly extensionPath: string) {}

  /** The pool, created on first use. */
  get(): Promise<MetricsService> {
    if (this.disposed) return Promise.reject(new Error('Image Similarity is shutting down.'));
    this.pool ??= import('../worker/pool').then(
      ({ MetricsPool }) => new MetricsPool({ workerScript: path.join(this.extensionPath, 'dist', 'metricsWorker.js') }),
    );
    return this.pool;
  }

  /**
   * Starts a worker and runs a tiny comparison, so that the first real one does not pay for the
   * thread start and the JIT (called when the user picks the first image). Failures are ignored.
   */
  warmUp(): void {
    if (this.disposed || this.warm) return;
    const png = Buffer.from(WARM_UP_PNG, 'base64');
    this.warm = this.get()
      .then((pool) => pool.compare({
        a: new Uint8Array(png),
        b: new Uint8Array(png),
        nameA: 'warm-up.png',
        nameB: 'warm-up.png',
        options: { metrics: ['psnr', 'ssim'], recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 }, strict: false },
      }))
      .catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    void this.pool?.then((p) => p.dispose());
    this.pool = undefined;
  }
}
