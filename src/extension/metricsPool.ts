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

/** Owns the pool for the extension's lifetime. */
export class MetricsPoolHolder implements IDisposable {
  private pool?: Promise<MetricsService & IDisposable>;
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

  dispose(): void {
    this.disposed = true;
    void this.pool?.then((p) => p.dispose());
    this.pool = undefined;
  }
}
