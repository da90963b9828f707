/**
 * Worker-thread entry (dist/metricsWorker.js): one job at a time, errors returned as values.
 * Decoders are synchronous; the pool terminates this thread when a job passes its time bound.
 */
import { parentPort } from 'node:worker_threads';
import { InputError, MetricError } from '../core/errors';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import type { CompareJobResult, WorkerRequest, WorkerResponse } from '../protocol/worker';
import { compareFiles } from './compareFiles';
import { lowerThreadPriority } from './threadPriority';

/** Buffers of the maps, transferred instead of copied. */
function transferList(result: CompareJobResult): ArrayBuffer[] {
  const list: ArrayBuffer[] = [];
  const buffers = [
    result.maps.absError?.data.buffer,
    result.maps.ssim?.data.buffer,
    result.compactMaps?.absError?.data.buffer,
    result.compactMaps?.ssim?.data.buffer,
    ...(result.thumbnails ?? []).map((t) => t.rgba.buffer),
  ];
  for (const buffer of buffers) {
    if (buffer instanceof ArrayBuffer && !list.includes(buffer)) list.push(buffer);
  }
  return list;
}

function handle(message: WorkerRequest): void {
  switch (message.type) {
    case 'compare': {
      let response: WorkerResponse;
      let transfer: ArrayBuffer[] = [];
      try {
        initJpegTurboFromDisk();
        const result = compareFiles(message.a, message.b, message.nameA, message.nameB, message.options);
        response = { type: 'result', jobId: message.jobId, result };
        transfer = transferList(result);
      } catch (error) {
        if (error instanceof MetricError) {
          response = { type: 'error', jobId: message.jobId, kind: 'input', message: error.message, metric: error.metric };
        } else if (error instanceof InputError) {
          response = { type: 'error', jobId: message.jobId, kind: 'input', message: error.message, file: error.file };
        } else {
          const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
          response = { type: 'error', jobId: message.jobId, kind: 'internal', message: text };
        }
      }
      parentPort?.postMessage(response, transfer);
      break;
    }
    default: {
      const never: never = message.type;
      throw new Error(`unknown request ${String(never)}`);
    }
  }
}

// Native zlib for PNG data: same bytes as the TypeScript inflater, about 3× faster.
useNativeInflate();
lowerThreadPriority();
parentPort?.on('message', handle);
