/**
 * Worker-thread entry (dist/lpipsNodeWorker.js): LPIPS for the extension host's own callers (notebook
 * cells), off the host's thread. Decodes the pair with the product's decoders and runs the Node
 * LpipsRunner (onnxruntime-web WASM, one thread). One job at a time; errors returned as values. The
 * runner is kept between jobs and rebuilt when the model or the limit changes.
 */
import { parentPort } from 'node:worker_threads';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import { isMessage } from '../protocol/channel';
import type { LpipsJobRequest, LpipsJobResponse } from '../protocol/worker';
import { decodePair } from './compareFiles';
import { createNodeLpips, type NodeLpips } from './nodeLpips';
import { lowerThreadPriority } from './threadPriority';
import { workerErrorReply } from './workerReply';

let loaded: { key: string; lpips: NodeLpips } | undefined;

async function lpipsFor(job: LpipsJobRequest): Promise<NodeLpips> {
  const key = JSON.stringify([job.modelPath ?? '', job.maxMegapixels ?? null]);
  if (loaded?.key === key) return loaded.lpips;
  await loaded?.lpips.runner.dispose();
  loaded = undefined;
  const lpips = createNodeLpips({ threads: 1, ...(job.modelPath ? { modelPath: job.modelPath } : {}), ...(job.maxMegapixels !== undefined ? { maxMegapixels: job.maxMegapixels } : {}) });
  loaded = { key, lpips };
  return lpips;
}

async function handle(job: LpipsJobRequest): Promise<LpipsJobResponse> {
  try {
    initJpegTurboFromDisk();
    const [a, b] = decodePair(job.a, job.b, job.nameA, job.nameB, job.maxPixels);
    const lpips = await lpipsFor(job);
    const result = await lpips.runner.run(a.image, b.image, { cropBorder: job.cropBorder });
    return { type: 'lpipsResult', requestId: job.requestId, distance: result.distance, network: [result.network, result.networkVersion ? `v${result.networkVersion}` : ''].filter(Boolean).join(' '), backend: result.backend, ms: result.millis };
  } catch (error) {
    return workerErrorReply(error, job.requestId);
  }
}

let queue: Promise<void> = Promise.resolve();
useNativeInflate();
lowerThreadPriority();
parentPort?.on('message', (job: unknown) => {
  if (!isMessage(job) || job.type !== 'lpips') return;
  queue = queue.then(async () => parentPort?.postMessage(await handle(job as LpipsJobRequest)));
});
