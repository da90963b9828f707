/**
 * The error answer of a worker thread (metrics worker, Node LPIPS worker): a thrown error as the
 * channel's standard error reply, `kind: 'input'` for what the user can fix (naming the file or the
 * metric), `internal` with the stack for a bug. The caller rethrows it with {@link errorFromReply}.
 */
import { InputError, MetricError } from '../core/errors';
import { errorReply } from '../protocol/channel';
import type { WorkerErrorReply } from '../protocol/worker';

/** `error` as the answer to request `requestId`. */
export function workerErrorReply(error: unknown, requestId: number): WorkerErrorReply {
  if (error instanceof MetricError) return { ...errorReply(error, requestId), requestId, kind: 'input', metric: error.metric };
  if (error instanceof InputError) return { ...errorReply(error, requestId), requestId, kind: 'input', file: error.file };
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return { ...errorReply(message, requestId), requestId, kind: 'internal' };
}

/** The error a {@link WorkerErrorReply} stands for: MetricError, InputError or Error. */
export function errorFromReply(reply: WorkerErrorReply): Error {
  if (reply.kind !== 'input') return new Error(reply.message);
  return reply.metric ? new MetricError(reply.metric, reply.message) : new InputError(reply.message, reply.file ?? '');
}
