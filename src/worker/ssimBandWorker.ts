/**
 * Band-worker entry (dist/ssimBandWorker.js) of the parallel SSIM (src/worker/parallelSsim.ts):
 * for each posted job, takes SSIM bands from its lane of the job (then steals from the other
 * lanes) until none is left, writing the band sums and map rows into the job's shared memory. A failure sets the job's
 * error flag; the caller then computes the unfinished bands itself.
 */
import { parentPort } from 'node:worker_threads';
import { SsimScratch } from '../core/ssimFilter';
import { allTaken, bandContext, failJob, runLane, type BandJobMessage } from './parallelSsim';

const scratch = new SsimScratch();

parentPort?.on('message', ({ job, lane }: BandJobMessage) => {
  if (allTaken(job)) return;
  try {
    runLane(bandContext(job, scratch), lane);
  } catch {
    failJob(job);
  }
});
