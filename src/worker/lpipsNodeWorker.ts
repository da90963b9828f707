/**
 * Worker-thread entry (dist/lpipsNodeWorker.js): LPIPS for the extension host's own callers (notebook
 * cells), off the host's thread. Decodes the pair with the product's decoders and runs the Node
 * LpipsRunner (onnxruntime-web WASM, one thread). One job at a time; errors returned as values. The
 * runner is kept between jobs and rebuilt when the model or the limit changes.
 */
import { parentPort } from 'node:worker_threads';
import { InputError, MetricError } from '../core/errors';
import { initJpegTurboFromDisk, useNativeInflate } from '../decode/nodeWasm';
import type { LpipsJobRequest, LpipsJobResponse } from '../protocol/worker';
import { decodePair } from './compareFiles';
import { createNodeLpips, type NodeLpips } from './nodeLpips';
import { lowerThreadPriority } from './threadPriority';

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
    return { type: 'lpipsResult', jobId: job.jobId, distance: result.distance, network: [result.network, result.networkVersion ? `v${result.networkVersion}` : ''].filter(Boolean).join(' '), backend: result.backend, ms: result.millis };
  } catch (error) {
    if (error instanceof MetricError) return { type: 'error', jobId: job.jobId, kind: 'input', message: error.message, metric: error.metric };
    if (error instanceof InputError) return { type: 'error', jobId: job.jobId, kind: 'input', message: error.message, file: error.file };
    return { type: 'error', jobId: job.jobId, kind: 'internal', message: error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error) };
  }
}

let queue: Promise<void> = Promise.resolve();
useNativeInflate();
lowerThreadPriority();
parentPort?.on('message', (job: LpipsJobRequest) => {
  if (job?.type !== 'lpips') return;
  queue = queue.then(async () => parentPort?.postMessage(await handle(job)));
});
