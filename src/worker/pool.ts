/**
 * A pool of worker threads that decode images and compute metrics off the calling thread
 * (extension host or CLI). Workers start lazily, jobs are queued and cancellable by id, buffers are
 * transferred, and a job that runs past its time bound has its worker terminated and replaced.
 * Job ids, cancellation and the time bound are the channel's `Requests` (src/protocol/channel.ts).
 * Errors come back as values and are rethrown here as `InputError` (user-facing) or `Error`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors';
import { assertNever, isMessageOf, Requests } from '../protocol/channel';
import { WORKER_RESPONSE_TYPES, type CompareJobOptions, type CompareJobResult, type WorkerRequest, type WorkerResponse } from '../protocol/worker';
import { errorFromReply } from './workerReply';

const isWorkerResponse = isMessageOf<WorkerResponse>(WORKER_RESPONSE_TYPES);

/** Options of a pool. */
export interface MetricsPoolOptions {
  /** Absolute path of the bundled worker script (dist/metricsWorker.js). */
  readonly workerScript: string;
  /** Number of workers; default min(cores, 4). */
  readonly size?: number;
  /** Time bound per job in milliseconds, after which its worker is terminated; default 120 s. */
  readonly jobTimeoutMs?: number;
  /** Heap limit per worker in MB (Node resourceLimits); default: Node's. */
  readonly maxOldGenerationSizeMb?: number;
}

/** One pair to compare. The byte arrays are transferred to the worker: do not use them afterwards. */
export interface CompareRequest {
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly nameA: string;
  readonly nameB: string;
  readonly options: CompareJobOptions;
}

/** Thrown when a job was cancelled through its AbortSignal or by `dispose()`. */
export class AbortError extends Error {
  override readonly name = 'AbortError';
}

interface Job {
  /** The request id (the pool's `Requests`), also the `requestId` of the worker messages. */
  readonly id: number;
  readonly request: CompareRequest;
  slot?: Slot;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/** Copies a view into a fresh, exactly sized ArrayBuffer when it does not own its whole buffer. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes;
  }
  return bytes.slice();
}

/** Default number of workers: min(cores, 4). */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** The worker pool. Call `dispose()` when done: it terminates every worker and rejects pending jobs. */
export class MetricsPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  /** Ids and pending promises of the jobs, queued or running. */
  private readonly requests = new Requests<CompareJobResult>();
  private readonly size: number;
  private readonly jobTimeoutMs: number;
  private disposed = false;

  constructor(private readonly options: MetricsPoolOptions) {
    this.size = Math.max(1, Math.floor(options.size ?? defaultPoolSize()));
    this.jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queue.length + this.slots.filter((s) => s.job).length;
  }

  /** Decodes both files and computes the requested metrics in a worker. */
  compare(request: CompareRequest, signal?: AbortSignal): Promise<CompareJobResult> {
    if (this.disposed) return Promise.reject(new AbortError('the metrics pool has been disposed'));
    const { id, promise } = this.requests.create({
      signal,
      abortError: () => new AbortError('cancelled'),
      // Cancelled: drop it from the queue, or stop the worker running it (the only way to stop
      // synchronous work).
      onAbort: () => this.forget(job),
    });
    const job: Job = { id, request };
    if (!this.requests.has(id)) return promise; // the signal had already aborted
    this.queue.push(job);
    this.pump();
    return promise;
  }

  /** Terminates every worker and rejects every pending job with AbortError. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.queue.splice(0);
    for (const slot of this.slots.splice(0)) {
      slot.job = undefined;
      void slot.worker.terminate();
    }
    this.requests.rejectAll(() => new AbortError('the metrics pool has been disposed'));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      this.dispatch(slot, job);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerScript, {
      resourceLimits: this.options.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb } : undefined,
    });
    // A pool never keeps a CLI process alive on its own; busy workers are ref'd in dispatch().
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (message: unknown) => this.onMessage(slot, message));
    worker.on('error', (error: Error) => this.onWorkerDeath(slot, `the metrics worker failed: ${error.message}`));
    worker.on('exit', (code) => this.onWorkerDeath(slot, `the metrics worker exited (code ${code})`));
    this.slots.push(slot);
    return slot;
  }

  private dispatch(slot: Slot, job: Job): void {
    slot.job = job;
    job.slot = slot;
    slot.worker.ref();
    const a = ownBuffer(job.request.a);
    const b = a.buffer === job.request.b.buffer ? job.request.b.slice() : ownBuffer(job.request.b);
    const message: WorkerRequest = {
      type: 'compare', requestId: job.id, a, b, nameA: job.request.nameA, nameB: job.request.nameB, options: job.request.options,
    };
    const transfer = a.buffer === b.buffer ? [a.buffer as ArrayBuffer] : [a.buffer as ArrayBuffer, b.buffer as ArrayBuffer];
    // The time bound counts from the dispatch, not from the queue.
    this.requests.armTimeout(job.id, this.jobTimeoutMs, () => {
      const seconds = Math.round(this.jobTimeoutMs / 1000);
      this.replace(slot);
      return new InputError(`comparing ${job.request.nameA} with ${job.request.nameB} took longer than ${seconds} s and was stopped; try smaller images or raise the time limit`, job.request.nameA);
    });
    slot.worker.postMessage(message, transfer);
  }

  private onMessage(slot: Slot, raw: unknown): void {
    if (!isWorkerResponse(raw)) return;
    const message = raw;
    const job = slot.job;
    if (!job || job.id !== message.requestId) return;
    slot.job = undefined;
    slot.worker.unref();
    switch (message.type) {
      case 'result':
        this.requests.resolve(job.id, message.result);
        break;
      case 'error':
        this.requests.reject(job.id, errorFromReply(message));
        break;
      default:
        assertNever(message, (never) => this.requests.reject(job.id, new Error(`unexpected worker message ${JSON.stringify(never)}`)));
    }
    this.pump();
  }

  private onWorkerDeath(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return; // already replaced or disposed
    this.slots.splice(index, 1);
    if (slot.job) this.requests.reject(slot.job.id, new Error(reason));
    if (!this.disposed) this.pump();
  }

  /** Terminates a slot's worker (the only way to stop synchronous work) and forgets it. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots.splice(index, 1);
    slot.job = undefined;
    void slot.worker.terminate();
    if (!this.disposed) queueMicrotask(() => this.pump());
  }

  /** A cancelled job: out of the queue, or its worker stopped. */
  private forget(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) this.queue.splice(queued, 1);
    else if (job.slot && job.slot.job === job) this.replace(job.slot);
  }
}
