/**
 * Band-worker entry (dist/ssimBandWorker.js) of the parallel SSIM (src/worker/parallelSsim.ts).
 * At start it runs a small SSIM through the same code as real jobs (both specialised filters, the
 * map, lanes and stealing), so that the JIT has compiled the hot loops before the first real band,
 * then sets its ready flag. For each posted job it takes SSIM bands from its lane of the job (then
 * steals from the other lanes) until none is left, writing the band sums and map rows into the
 * job's shared memory. A failure sets the job's error flag; the caller then computes the
 * unfinished bands itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SsimScratch } from '../core/ssimFilter';
import { allTaken, bandContext, createBandJob, failJob, runLane, type BandJobMessage, type BandWorkerData, type SharedSignal } from './parallelSsim';

const scratch = new SsimScratch();

/** A small pseudo-random RGB pair (96×142: four bands of 33 rows) through both filters, with the map. */
function warmUp(): void {
  const width = 96;
  const height = 4 * 33 + 10;
  const signal = (seed: number): SharedSignal => {
    const data = new SharedArrayBuffer(width * height * 3);
    const bytes = new Uint8Array(data);
    let state = seed;
    for (let i = 0; i < bytes.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bytes[i] = state >>> 24;
    }
    return { width, height, channels: 3, bitDepth: 8, data, channel: 'rgb', cropBorder: 0, planes: 3 };
  };
  const a = signal(1);
  const b = signal(2);
  for (const [variant, r] of [['wang2004', 5], ['skimage', 3]] as const) {
    const job = createBandJob(a, b, variant, 255, true, 2, { width, height, planeCount: 3, bandCount: Math.ceil((height - 2 * r) / 33) });
    const ctx = bandContext(job, scratch);
    runLane(ctx, 1);
    runLane(ctx, 0);
  }
}

const data = workerData as BandWorkerData | undefined;
try {
  warmUp();
} catch {
  // Not fatal: the first real bands then run colder.
}
parentPort?.on('message', ({ job, lane }: BandJobMessage) => {
  if (allTaken(job)) return;
  try {
    runLane(bandContext(job, scratch), lane);
  } catch {
    failJob(job);
  }
});
if (data) Atomics.store(new Int32Array(data.ready), data.slot, 1);
parentPort?.postMessage('ready');
