/**
 * LPIPS of a batch, computed in the batch view's webview (its Web Worker runs onnxruntime-web on
 * WebGPU or WASM). The host reads each finished pair again, answers it from the cache when both
 * content hashes and the crop match, else posts the encoded files to the view, at most two pairs in
 * flight; results and failures come back by pair index. When the view reloads (hidden and shown
 * again), the pairs in flight are sent again.
 */
import * as vscode from 'vscode';
import type { BatchLpipsSetup, HostToBatchMessage } from '../../protocol/batch';
import { cacheKey, contentHash, type BatchCacheStore } from '../../worker/batchEngine';

/** Pairs posted to the view at once: enough to keep its worker busy, little memory. */
const IN_FLIGHT = 2;

/** A pair to run. */
export interface LpipsPair {
  readonly index: number;
  readonly uriA: vscode.Uri;
  readonly uriB: vscode.Uri;
  readonly nameA: string;
  readonly nameB: string;
}

/** What the scheduler reports. */
export interface LpipsListener {
  onResult(index: number, value: number, network: string, backend: string, cached: boolean): void;
  onFailure(index: number, message: string): void;
}

interface CachedLpips {
  readonly value: number;
  readonly network: string;
  readonly backend: string;
}

function isCachedLpips(value: unknown): value is CachedLpips {
  const v = value as Partial<CachedLpips> | undefined;
  return typeof v === 'object' && v !== null && typeof v.value === 'number' && typeof v.network === 'string' && typeof v.backend === 'string';
}

/** Schedules LPIPS jobs for one run. */
export class BatchLpipsScheduler {
  private readonly queue: LpipsPair[] = [];
  private readonly inFlight = new Map<number, { pair: LpipsPair; message: HostToBatchMessage; key: string }>();
  private total = 0;
  private finished = 0;
  private ready = false;
  private closed = false;
  private drainWaiters: (() => void)[] = [];

  constructor(
    private readonly setup: BatchLpipsSetup,
    private readonly cropBorder: number,
    private readonly post: (message: HostToBatchMessage) => void,
    private readonly cache: BatchCacheStore | undefined,
    private readonly listener: LpipsListener,
  ) {}

  /** Pairs finished / queued so far. */
  get counts(): { readonly done: number; readonly total: number } {
    return { done: this.finished, total: this.total };
  }

  /** The view said `ready` (first load or after a reload): send the setup and everything in flight again. */
  viewReady(): void {
    if (this.closed) return;
    this.ready = true;
    this.post({ type: 'lpipsSetup', setup: this.setup });
    for (const job of this.inFlight.values()) this.post(job.message);
    void this.pump();
  }

  /** Adds a pair whose other metrics succeeded. */
  add(pair: LpipsPair): void {
    if (this.closed) return;
    this.total++;
    this.queue.push(pair);
    void this.pump();
  }

  /** A result from the view. */
  resolve(index: number, value: number, network: string, backend: string): void {
    const job = this.inFlight.get(index);
    if (!job || this.closed) return;
    this.inFlight.delete(index);
    this.cache?.set(job.key, { value, network, backend } satisfies CachedLpips);
    this.finished++;
    this.listener.onResult(index, value, network, backend, false);
    this.afterOne();
  }

  /** A failure from the view. */
  reject(index: number, message: string): void {
    if (!this.inFlight.has(index) || this.closed) return;
    this.inFlight.delete(index);
    this.finished++;
    this.listener.onFailure(index, message);
    this.afterOne();
  }

  /** Resolves when every added pair has an answer (or the run was cancelled). */
  drained(): Promise<void> {
    if (this.isDrained()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Stops: queued pairs are dropped, waiters released. */
  cancel(): void {
    this.closed = true;
    this.queue.length = 0;
    this.inFlight.clear();
    this.releaseWaiters();
  }

  private isDrained(): boolean {
    return this.closed || (this.queue.length === 0 && this.inFlight.size === 0);
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters.splice(0);
    for (const w of waiters) w();
  }

  private afterOne(): void {
    void this.pump();
    if (this.isDrained()) this.releaseWaiters();
  }

  private pumping = false;

  private async pump(): Promise<void> {
    if (this.pumping || !this.ready) return;
    this.pumping = true;
    try {
      while (!this.closed && this.inFlight.size < IN_FLIGHT && this.queue.length > 0) {
        const pair = this.queue.shift() as LpipsPair;
        let a: Uint8Array;
        let b: Uint8Array;
        try {
          [a, b] = await Promise.all([vscode.workspace.fs.readFile(pair.uriA), vscode.workspace.fs.readFile(pair.uriB)]);
        } catch (error) {
          this.finished++;
          this.listener.onFailure(pair.index, `lpips: cannot read the pair again (${error instanceof Error ? error.message : String(error)})`);
          continue;
        }
        const key = cacheKey(contentHash(a), contentHash(b), JSON.stringify({ lpips: this.setup.modelName, modelUrl: this.setup.modelUrl.split('/').pop(), cropBorder: this.cropBorder }));
        const hit = this.cache?.get(key);
        if (isCachedLpips(hit)) {
          this.finished++;
          this.listener.onResult(pair.index, hit.value, hit.network, hit.backend, true);
          continue;
        }
        const message: HostToBatchMessage = { type: 'lpipsJob', index: pair.index, a: new Uint8Array(a), b: new Uint8Array(b), nameA: pair.nameA, nameB: pair.nameB, cropBorder: this.cropBorder };
        this.inFlight.set(pair.index, { pair, message, key });
        this.post(message);
      }
    } finally {
      this.pumping = false;
    }
    if (this.isDrained()) this.releaseWaiters();
  }
}
