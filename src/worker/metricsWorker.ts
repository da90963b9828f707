/**
 * Worker-thread entry (dist/metricsWorker.js): one job at a time, errors returned as values.
 * Decoders are synchronous; the pool terminates this thread when a job passes its time bound.
 */
import { parentPort } from 'node:worker_threads';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import { assertNever, isMessageOf } from '../protocol/channel';
import { WORKER_REQUEST_TYPES, type CompareJobResult, type WorkerRequest, type WorkerResponse } from '../protocol/worker';
import { compareFiles } from './compareFiles';
import { lowerThreadPriority } from './threadPriority';
import { workerErrorReply } from './workerReply';

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

const isWorkerRequest = isMessageOf<WorkerRequest>(WORKER_REQUEST_TYPES);

function handle(raw: unknown): void {
  if (!isWorkerRequest(raw)) return;
  const message = raw;
  switch (message.type) {
    case 'compare': {
      let response: WorkerResponse;
      let transfer: ArrayBuffer[] = [];
      try {
        initJpegTurboFromDisk();
        const result = compareFiles(message.a, message.b, message.nameA, message.nameB, message.options);
        response = { type: 'result', requestId: message.requestId, result };
        transfer = transferList(result);
      } catch (error) {
        response = workerErrorReply(error, message.requestId);
      }
      parentPort?.postMessage(response, transfer);
      break;
    }
    default:
      assertNever(message.type);
  }
}

// Native zlib for PNG data: same bytes as the TypeScript inflater, about 3× faster.
useNativeInflate();
lowerThreadPriority();
parentPort?.on('message', handle);
