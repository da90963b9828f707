/**
 * LPIPS for the extension host's own callers (notebook cells): one worker thread
 * (dist/lpipsNodeWorker.js) started on the first job, jobs one at a time, an aborted job terminates
 * the worker (the next job starts a fresh one). Nothing runs on the host's thread.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { assertNever, isMessageOf, Requests } from '../protocol/channel';
import { LPIPS_JOB_RESPONSE_TYPES, type LpipsJobRequest, type LpipsJobResponse } from '../protocol/worker';
import type { IDisposable } from './dispose';

const isLpipsJobResponse = isMessageOf<LpipsJobResponse>(LPIPS_JOB_RESPONSE_TYPES);

/** An LPIPS distance as the worker reports it. */
export interface NodeLpipsResult {
  readonly distance: number;
  readonly network: string;
  readonly backend: string;
  readonly ms: number;
}

/** A job's input: the encoded files and how to run. */
export type NodeLpipsJob = Omit<LpipsJobRequest, 'type' | 'requestId'>;

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
  /** Job ids and their pending answers (src/protocol/channel.ts). */
  private readonly requests = new Requests<NodeLpipsResult>();
  /** The job the worker is running (one at a time), so that its death fails that job only. */
  private current?: { readonly worker: Worker; readonly id: number };
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
    // Between jobs nobody else waits: an error must not become an uncaught exception in the
    // host, and a dead worker must not take the next job.
    worker.on('error', (error) => {
      console.error('Image Similarity: the LPIPS worker failed', error);
      this.fail(worker, new NodeLpipsError('internal', `LPIPS worker failed: ${error.message}`));
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      this.fail(worker, new NodeLpipsError('internal', `LPIPS worker exited (code ${code})`));
    });
    worker.on('message', (response: unknown) => this.onMessage(worker, response));
    return worker;
  }

  private onMessage(worker: Worker, raw: unknown): void {
    if (!isLpipsJobResponse(raw) || this.current?.worker !== worker || raw.requestId !== this.current.id) return;
    this.current = undefined;
    const response = raw;
    switch (response.type) {
      case 'lpipsResult':
        this.requests.resolve(response.requestId, { distance: response.distance, network: response.network, backend: response.backend, ms: response.ms });
        return;
      case 'error':
        this.requests.reject(response.requestId, new NodeLpipsError(response.kind, response.message));
        return;
      default:
        assertNever(response, () => undefined);
    }
  }

  /** Any failure other than an answer ends this worker; the next job starts a fresh one. */
  private fail(worker: Worker, error: NodeLpipsError): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
    const current = this.current;
    if (current?.worker !== worker) return;
    this.current = undefined;
    this.requests.reject(current.id, error);
  }

  private runNow(job: NodeLpipsJob, signal?: AbortSignal): Promise<NodeLpipsResult> {
    if (this.disposed) return Promise.reject(new NodeLpipsError('internal', 'Image Similarity is shutting down.'));
    if (signal?.aborted) return Promise.reject(new NodeLpipsError('abort', 'Cancelled.'));
    const worker = (this.worker ??= this.startWorker());
    const { id, promise } = this.requests.create({
      signal,
      abortError: () => new NodeLpipsError('abort', 'Cancelled.'),
      onAbort: () => {
        // An aborted job stops its worker (the only way to stop the model run).
        this.current = undefined;
        if (this.worker === worker) this.worker = undefined;
        void worker.terminate();
      },
    });
    this.current = { worker, id };
    const request: LpipsJobRequest = { type: 'lpips', requestId: id, ...job, a: new Uint8Array(job.a), b: new Uint8Array(job.b) };
    worker.postMessage(request, [request.a.buffer as ArrayBuffer, request.b.buffer as ArrayBuffer]);
    return promise;
  }
}
