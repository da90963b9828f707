/**
 * One typed message channel for every boundary of the extension: host ↔ webview (comparison panel,
 * batch view), page ↔ LPIPS Web Worker, caller ↔ worker threads (metrics pool, Node LPIPS). Pure
 * TypeScript with no DOM, Node or vscode import, so every runtime can use it.
 *
 * - {@link isMessage} and {@link isMessageOf}: guards for what arrives (`postMessage` data is
 *   untrusted: anything that is not an object with a string `type`, or whose type the receiver does
 *   not know, is dropped).
 * - {@link assertNever}: the default branch of an exhaustive `switch` over a message union.
 * - {@link Requests}: request ids and the pending promise of each request, settled by the answer
 *   that carries the same id, an AbortSignal, or a timeout.
 * - {@link ErrorReply} and {@link errorReply}: the standard error answer,
 *   `{ type: 'error', requestId?, message }` (protocols add their own fields, e.g. `kind`).
 */

/** The part of a DOM or Node AbortSignal used here (protocol has neither lib). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** setTimeout/clearTimeout of whichever runtime this runs in (protocol's lib is plain ES2022). */
const timers = globalThis as unknown as {
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
};

/** Anything with a string `type`: the least every message of every protocol has. */
export interface Message {
  readonly type: string;
}

/** True when `value` is an object with a string `type` (a message of some protocol). */
export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * A guard for one protocol: true when `value` is a message whose `type` is one of `types`. The
 * fields beyond `type` are still unchecked: a receiver validates them where it uses them.
 */
export function isMessageOf<T extends Message>(types: readonly T['type'][]): (value: unknown) => value is T {
  const known = new Set<string>(types);
  return (value: unknown): value is T => isMessage(value) && known.has(value.type);
}

/**
 * The type names of a message union, from a record with one key per type: a missing or unknown key
 * is a compile error, so a protocol's list of types cannot drift from its union.
 */
export function messageTypes<T extends Message>(types: { readonly [K in T['type']]: true }): readonly T['type'][] {
  return Object.keys(types) as T['type'][];
}

/**
 * The default branch of an exhaustive switch: a compile error when a case is missing; at run time
 * (a message from a newer or a broken peer) it calls `onUnknown` when given, else throws.
 */
export function assertNever(value: never, onUnknown?: (value: unknown) => void): void {
  if (onUnknown) {
    onUnknown(value);
    return;
  }
  throw new Error(`unexpected message ${describe(value)}`);
}

/** `type` of a message (or the value itself) for an error text. */
function describe(value: unknown): string {
  return JSON.stringify(isMessage(value) ? value.type : value) ?? String(value);
}

/** The standard error answer. `requestId` names the request it answers; without it the peer failed as a whole. */
export interface ErrorReply {
  readonly type: 'error';
  readonly requestId?: number;
  readonly message: string;
}

/** The message of `error` (an Error's message, or the value as text). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An {@link ErrorReply} for `error`, answering `requestId` when given. */
export function errorReply(error: unknown, requestId?: number): ErrorReply {
  return requestId === undefined ? { type: 'error', message: errorMessage(error) } : { type: 'error', requestId, message: errorMessage(error) };
}

/** True when `value` is an {@link ErrorReply} (a string message, and an integer requestId when present). */
export function isErrorReply(value: unknown): value is ErrorReply {
  if (!isMessage(value) || value.type !== 'error') return false;
  const v = value as Partial<ErrorReply>;
  return typeof v.message === 'string' && (v.requestId === undefined || Number.isInteger(v.requestId));
}

/** A request that was cancelled through its AbortSignal (`name` is `AbortError`, like the DOM's). */
export class RequestAbortedError extends Error {
  override readonly name: string = 'AbortError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

/** A request that got no answer in time. */
export class RequestTimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  constructor(readonly requestId: number, readonly timeoutMs: number) {
    super(`no answer to request ${requestId} within ${timeoutMs} ms`);
  }
}

/** How one request ends besides its answer. */
export interface RequestOptions {
  /** Aborting rejects the request (see `abortError`) after `onAbort` ran. */
  readonly signal?: AbortSignalLike;
  /** The error an abort rejects with (default {@link RequestAbortedError}). */
  readonly abortError?: () => Error;
  /** Cleanup when the signal aborts (drop the request from a queue, stop a worker). */
  readonly onAbort?: (id: number) => void;
  /** Reject after this many ms without an answer (see {@link Requests.armTimeout}). */
  readonly timeoutMs?: number;
  /** Cleanup on timeout, returning the error to reject with (default {@link RequestTimeoutError}). */
  readonly onTimeout?: (id: number) => Error | void;
}

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: Error) => void;
  readonly signal?: AbortSignalLike;
  readonly abortListener?: () => void;
  timer?: unknown;
}

/**
 * Request ids and their pending answers. `next()` hands out ids (1, 2, …; also for requests whose
 * answers are matched by hand, e.g. "only the latest counts"); `create()` also tracks a promise that
 * `resolve(id, value)` or `reject(id, error)` settles, once. A late or unknown id is ignored
 * (`resolve`/`reject` return false).
 */
export class Requests<T> {
  private lastId = 0;
  private readonly pending = new Map<number, Pending<T>>();

  /** A fresh id. */
  next(): number {
    return ++this.lastId;
  }

  /** The id `next()` handed out last (0 before the first). */
  get latest(): number {
    return this.lastId;
  }

  /** Requests still waiting for their answer. */
  get size(): number {
    return this.pending.size;
  }

  /** True while request `id` waits for its answer. */
  has(id: number): boolean {
    return this.pending.has(id);
  }

  /**
   * A new request: its id and the promise its answer settles. An already aborted signal rejects at
   * once (without calling `onAbort`: nothing was started).
   */
  create(options: RequestOptions = {}): { readonly id: number; readonly promise: Promise<T> } {
    const id = this.next();
    return { id, promise: this.track(id, options) };
  }

  /** Tracks an id handed out by `next()` (for callers that need the id before the promise). */
  track(id: number, options: RequestOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(options.abortError?.() ?? new RequestAbortedError());
    return new Promise<T>((resolve, reject) => {
      const abortListener = signal
        ? () => {
            if (!this.pending.has(id)) return;
            options.onAbort?.(id);
            this.reject(id, options.abortError?.() ?? new RequestAbortedError());
          }
        : undefined;
      this.pending.set(id, { resolve, reject, signal, abortListener });
      if (signal && abortListener) signal.addEventListener('abort', abortListener, { once: true });
      if (options.timeoutMs !== undefined) this.armTimeout(id, options.timeoutMs, options.onTimeout);
    });
  }

  /**
   * Starts (or restarts) the timeout of request `id`, e.g. once it was actually sent rather than
   * queued. `onTimeout` cleans up and may return the error to reject with.
   */
  armTimeout(id: number, timeoutMs: number, onTimeout?: (id: number) => Error | void): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    if (entry.timer !== undefined) timers.clearTimeout(entry.timer);
    entry.timer = timers.setTimeout(() => {
      if (!this.pending.has(id)) return;
      const error = onTimeout?.(id) ?? new RequestTimeoutError(id, timeoutMs);
      this.reject(id, error);
    }, timeoutMs);
  }

  /** Settles request `id` with its answer; false when it is not pending (answered, aborted, unknown). */
  resolve(id: number, value: T): boolean {
    const entry = this.settle(id);
    entry?.resolve(value);
    return entry !== undefined;
  }

  /** Fails request `id`; false when it is not pending. */
  reject(id: number, error: Error): boolean {
    const entry = this.settle(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Fails every pending request (the peer died or the owner closed). */
  rejectAll(error: Error | (() => Error)): void {
    for (const id of [...this.pending.keys()]) this.reject(id, typeof error === 'function' ? error() : error);
  }

  private settle(id: number): Pending<T> | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    if (entry.timer !== undefined) timers.clearTimeout(entry.timer);
    if (entry.signal && entry.abortListener) entry.signal.removeEventListener('abort', entry.abortListener);
    return entry;
  }
}
