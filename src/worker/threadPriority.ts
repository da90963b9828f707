/**
 * Pixel work must never starve the thread that called it (the extension host's event loop, or
 * the CLI's I/O). On a 2-core machine two busy workers and the host compete for the same cores, so
 * each worker thread lowers its own scheduling priority: the host then runs first whenever it has
 * work, and the workers still get every idle cycle. Linux only (a thread's id is a valid target for
 * setpriority there); elsewhere this does nothing.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Nice value for worker threads: below normal, far from idle-only. */
export const WORKER_NICE = 10;

/** Lowers the calling thread's priority; returns whether it could. */
export function lowerThreadPriority(nice = WORKER_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    // "/proc/thread-self" links to "<pid>/task/<tid>".
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0 || tid === process.pid) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false;
  }
}
