/**
 * LPIPS for the extension host's own callers (notebook cells): one worker thread
 * (dist/lpipsNodeWorker.js) started on the first job, jobs one at a time, an aborted job terminates
 * the worker (the next job starts a fresh one). Nothing runs on the host's thread.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LpipsJobRequest, LpipsJobResponse } from '../protocol/worker';
import type { IDisposable } from './dispose';

/** An LPIPS distance as the worker reports it. */
export interface NodeLpipsResult {
  readonly distance: number;
  readonly network: string;
  readonly backend: string;
  readonly ms: number;
}

/** A job's input: the encoded files and how to run. */
export type NodeLpipsJob = Omit<LpipsJobRequest, 'type' | 'jobId'>;

/** A failed job; `kind: 'input'` is about the images or a limit (show it as is). */
export class NodeLpipsError extends Error {
  override readonly name: string;
  constructor(readonly kind: 'input' | 'internal' | 'abort', message: string) {
    super(message);
    this.name = kind === 'abort' ? 'AbortError' : kind === 'input' ? 'InputError' : 'Error';
  }
}

export class NodeLpipsService implements IDisposable {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;

  constructor(private readonly workerScript: string) {}

  /** The service for an extension installed at `extensionPath`. */
  static forExtension(extensionPath: string): NodeLpipsService {
    return new NodeLpipsService(path.join(extensionPath, 'dist', 'lpipsNodeWorker.js'));
  }

  /** LPIPS of one pair; queued behind earlier jobs. */
  run(job: NodeLpipsJob, signal?: AbortSignal): Promise<NodeLpipsResult> {
    const next = this.queue.then(() => this.runNow(job, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  dispose(): void {
    this.disposed = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private startWorker(): Worker {
    const worker = new Worker(this.workerScript, { name: 'image-similarity-lpips' });
    // Between jobs nobody else listens: an error must not become an uncaught exception in the
    // host, and a dead worker must not take the next job.
    worker.on('error', (error) => console.error('Image Similarity: the LPIPS worker failed', error));
    worker.once('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  private runNow(job: NodeLpipsJob, signal?: AbortSignal): Promise<NodeLpipsResult> {
    if (this.disposed) return Promise.reject(new NodeLpipsError('internal', 'Image Similarity is shutting down.'));
    if (signal?.aborted) return Promise.reject(new NodeLpipsError('abort', 'Cancelled.'));
    const worker = (this.worker ??= this.startWorker());
    const jobId = this.nextId++;
    return new Promise<NodeLpipsResult>((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        signal?.removeEventListener('abort', onAbort);
      };
      // Any failure other than an answer ends this worker; the next job starts a fresh one.
      const fail = (error: NodeLpipsError) => {
        cleanup();
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
        reject(error);
      };
      const onMessage = (response: LpipsJobResponse) => {
        if (response?.jobId !== jobId) return;
        cleanup();
        if (response.type === 'lpipsResult') resolve({ distance: response.distance, network: response.network, backend: response.backend, ms: response.ms });
        else reject(new NodeLpipsError(response.kind, response.message));
      };
      const onError = (error: Error) => fail(new NodeLpipsError('internal', `LPIPS worker failed: ${error.message}`));
      const onExit = (code: number) => fail(new NodeLpipsError('internal', `LPIPS worker exited (code ${code})`));
      const onAbort = () => fail(new NodeLpipsError('abort', 'Cancelled.'));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      signal?.addEventListener('abort', onAbort, { once: true });
      const request: LpipsJobRequest = { type: 'lpips', jobId, ...job, a: new Uint8Array(job.a), b: new Uint8Array(job.b) };
      worker.postMessage(request, [request.a.buffer as ArrayBuffer, request.b.buffer as ArrayBuffer]);
    });
  }
}
