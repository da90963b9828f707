/**
 * SSIM (and its map) of one large comparison across worker threads, exactly.
 *
 * The valid region is cut into the bands of output rows of the core engine
 * ({@link ssimBandLayout}, 33 rows each). The bands are first split into one lane of consecutive
 * bands per thread (the calling thread and a small pool of band workers, dist/ssimBandWorker.js);
 * each thread takes bands from the front of its lane, carrying its filtered rows from one band to
 * the next as the serial engine does, and a thread whose lane is empty steals the back half of the
 * fullest lane. So the split adapts to threads that start late or share their core with other
 * processes, and costs almost nothing over the serial work. Each band writes its SSIM sums into a
 * shared Float64Array and its rows of the map straight into a shared Float32Array; the caller then
 * adds the band sums in band order, as the serial engine does, so the result is the serial one bit
 * for bit, whichever thread computed which band.
 *
 * The call is synchronous, like the rest of a comparison: the caller computes bands itself and
 * then blocks on `Atomics.wait` until the bands the workers took are done (allowed on Node's main
 * thread and in worker threads). Workers that are still starting take nothing, so a cold pool
 * costs little more than the copy of the inputs to shared memory; a worker that fails or stalls
 * has its bands recomputed by the caller.
 *
 * Small signals, the `matlab` recipe once it downsamples (its filtered signal is then about 256 px
 * on the short side), single-core machines and a missing worker script take the serial path.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { imagePlaneSource, type PlaneSource } from '../core/channels';
import type { DecodedImage } from '../core/image';
import { mapRange } from '../core/maps';
import type { ChannelMode, SsimVariant } from '../core/recipe';
import { planSsim, ssimResult, type SsimOptions, type SsimPlan, type SsimResult } from '../core/ssim';
import {
  SsimScratch,
  ssimBandLayout,
  ssimBandSums,
  ssimMeansFromBandSums,
  ssimPlaneMeans,
  type SsimBandLayout,
  type SsimParams,
} from '../core/ssimFilter';

/** One side of a comparison as the metrics see it: a decoded image, its channel mode and crop. */
export interface SsimSignal {
  /** The decoded image (its samples are copied to shared memory for the band workers). */
  readonly image: DecodedImage;
  /** Channel mode of the recipe. */
  readonly channel: ChannelMode;
  /** Border crop of the recipe, in pixels. */
  readonly cropBorder: number;
  /** Planes to present: 3 for a gray image paired with an RGB one in `rgb` mode (R = G = B). */
  readonly planes: 1 | 3;
}

/** A decoded image in shared memory, with how to read it (posted to the band workers). */
export interface SharedSignal {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly bitDepth: 8 | 16;
  /** The interleaved samples (Uint8 or Uint16 by bit depth). */
  readonly data: SharedArrayBuffer;
  readonly channel: ChannelMode;
  readonly cropBorder: number;
  readonly planes: 1 | 3;
}

/** One parallel SSIM computation, as posted to each band worker. */
export interface BandJob {
  readonly a: SharedSignal;
  readonly b: SharedSignal;
  readonly variant: SsimVariant;
  readonly dataRange: number;
  /**
   * Int32: [bands done, error flag, then per lane: lock, next band, end band, then one done flag
   * per band]. A lane is a range of consecutive bands that its thread takes from the front.
   */
  readonly control: SharedArrayBuffer;
  /** Number of lanes (threads the bands were first split between). */
  readonly lanes: number;
  /** Number of bands. */
  readonly bandCount: number;
  /** Float64: the band SSIM sums (`bandCount·planes`), then the band cs sums (unused: cs is not asked for). */
  readonly sums: SharedArrayBuffer;
  /** Float32 map (`width·height`), when the map is asked for. */
  readonly map?: SharedArrayBuffer;
  /** Float64: min and max of each band's map rows. */
  readonly ranges: SharedArrayBuffer;
}

/** A job and the lane a band worker starts on. */
export interface BandJobMessage {
  readonly job: BandJob;
  readonly lane: number;
}

/** Indices into a job's control array. */
const DONE = 0;
const ERROR = 1;
const LANES = 2;
const LOCK = 0;
const NEXT = 1;
const END = 2;

/** Size of a job's control array, in Int32 entries. */
function controlLength(lanes: number, bandCount: number): number {
  return LANES + 3 * lanes + bandCount;
}

/** What a thread needs to compute bands of a job. */
export interface BandContext {
  readonly job: BandJob;
  readonly a: PlaneSource;
  readonly b: PlaneSource;
  readonly params: SsimParams;
  readonly layout: SsimBandLayout;
  readonly control: Int32Array;
  readonly sums: { readonly ssim: Float64Array; readonly cs: Float64Array };
  readonly map?: Float32Array;
  readonly ranges: Float64Array;
  readonly scratch: SsimScratch;
}

/** A DecodedImage over a shared signal's samples (no copy). */
function sharedImage(signal: SharedSignal): DecodedImage {
  const data = signal.bitDepth === 16 ? new Uint16Array(signal.data) : new Uint8Array(signal.data);
  return { width: signal.width, height: signal.height, channels: signal.channels, bitDepth: signal.bitDepth, data };
}

/** Builds the context in which a band worker computes bands of `job`. */
export function bandContext(job: BandJob, scratch: SsimScratch): BandContext {
  const a = imagePlaneSource(sharedImage(job.a), job.a.channel, job.a.cropBorder, job.a.planes);
  const b = imagePlaneSource(sharedImage(job.b), job.b.channel, job.b.cropBorder, job.b.planes);
  const plan = planSsim(a, b, { variant: job.variant, dataRange: job.dataRange });
  return contextOf(job, plan.a, plan.b, plan.params, scratch);
}

function contextOf(job: BandJob, a: PlaneSource, b: PlaneSource, params: SsimParams, scratch: SsimScratch): BandContext {
  const layout = ssimBandLayout(a.width, a.height, params.window);
  const n = layout.bandCount * a.planeCount;
  return {
    job,
    a,
    b,
    params,
    layout,
    control: new Int32Array(job.control),
    sums: { ssim: new Float64Array(job.sums, 0, n), cs: new Float64Array(job.sums, 8 * n, n) },
    map: job.map ? new Float32Array(job.map) : undefined,
    ranges: new Float64Array(job.ranges),
    scratch,
  };
}

/**
 * Computes band `band`: its SSIM sums, its map rows (valid columns, plus NaN in the border columns
 * of those rows) and the min/max of those rows; then marks it done and wakes the caller.
 * @param continues this thread's scratch holds band `band − 1` of this job
 */
export function computeBand(ctx: BandContext, band: number, continues: boolean): void {
  const { layout, params } = ctx;
  ssimBandSums(ctx.a, ctx.b, params, band, band + 1, ctx.sums, {
    map: ctx.map ? { data: ctx.map } : undefined,
    scratch: ctx.scratch,
    continues,
  });
  if (ctx.map) {
    const r = params.window.radius;
    const width = ctx.a.width;
    const top = band * layout.bandRows + r;
    const bottom = Math.min(layout.validHeight, (band + 1) * layout.bandRows) + r;
    for (let y = top; y < bottom; y++) {
      const o = y * width;
      ctx.map.fill(NaN, o, o + r);
      ctx.map.fill(NaN, o + width - r, o + width);
    }
    const range = mapRange(ctx.map, width, { left: r, top, right: width - r, bottom });
    ctx.ranges[2 * band] = range.min;
    ctx.ranges[2 * band + 1] = range.max;
  }
  Atomics.store(ctx.control, LANES + 3 * ctx.job.lanes + band, 1);
  Atomics.add(ctx.control, DONE, 1);
  Atomics.notify(ctx.control, DONE);
}

/** Takes a lane's lock (held for a few instructions by whoever has it). */
function lock(control: Int32Array, lane: number): void {
  const i = LANES + 3 * lane + LOCK;
  for (let spins = 0; Atomics.compareExchange(control, i, 0, 1) !== 0; spins++) {
    // The holder may have been descheduled: stop burning the core after a while.
    if (spins > 200) Atomics.wait(control, i, 1, 0.05);
  }
}

function unlock(control: Int32Array, lane: number): void {
  Atomics.store(control, LANES + 3 * lane + LOCK, 0);
}

/** The next band of `lane` (taken from its front), or −1 when it is empty. */
function takeFront(control: Int32Array, lane: number): number {
  const base = LANES + 3 * lane;
  lock(control, lane);
  const next = control[base + NEXT];
  const taken = next < control[base + END] ? next : -1;
  if (taken >= 0) control[base + NEXT] = next + 1;
  unlock(control, lane);
  return taken;
}

/**
 * Moves the back half of the fullest other lane into `own` (which is empty); false when no lane
 * has a band left.
 */
function steal(control: Int32Array, lanes: number, own: number): boolean {
  for (;;) {
    let victim = -1;
    let most = 0;
    for (let l = 0; l < lanes; l++) {
      const left = Atomics.load(control, LANES + 3 * l + END) - Atomics.load(control, LANES + 3 * l + NEXT);
      if (l !== own && left > most) {
        most = left;
        victim = l;
      }
    }
    if (victim < 0) return false;
    // Lock both lanes in index order (no deadlock between two thieves).
    const [first, second] = victim < own ? [victim, own] : [own, victim];
    lock(control, first);
    lock(control, second);
    const v = LANES + 3 * victim;
    const o = LANES + 3 * own;
    const left = control[v + END] - control[v + NEXT];
    let moved = false;
    if (left > 0) {
      const mid = control[v + NEXT] + (left >> 1);
      control[o + NEXT] = mid;
      control[o + END] = control[v + END];
      control[v + END] = mid;
      moved = true;
    }
    unlock(control, second);
    unlock(control, first);
    if (moved) return true;
  }
}

/**
 * Computes bands of the job, starting on `lane`: bands from the front of its own lane (carrying
 * the filtered rows from one band to the next), then the back halves stolen from the fullest
 * lane, until no band is left. Returns how many bands this thread computed.
 */
export function runLane(ctx: BandContext, lane: number): number {
  const { control } = ctx;
  let count = 0;
  let previous = -2;
  for (;;) {
    const band = takeFront(control, lane);
    if (band < 0) {
      if (!steal(control, ctx.job.lanes, lane)) return count;
      continue;
    }
    computeBand(ctx, band, band === previous + 1);
    previous = band;
    count++;
  }
}

/** Whether every band of `job` has been taken already (a worker that gets the job late skips it). */
export function allTaken(job: BandJob): boolean {
  const control = new Int32Array(job.control);
  for (let l = 0; l < job.lanes; l++) {
    if (Atomics.load(control, LANES + 3 * l + NEXT) < Atomics.load(control, LANES + 3 * l + END)) return false;
  }
  return true;
}

/** Marks a job failed in a worker (the caller recomputes what is not done) and wakes the caller. */
export function failJob(job: BandJob): void {
  const control = new Int32Array(job.control);
  Atomics.store(control, ERROR, 1);
  Atomics.notify(control, DONE);
}

/** Options of a {@link SsimBandPool}. */
export interface SsimBandPoolOptions {
  /** The band worker script; default dist/ssimBandWorker.js next to this bundle. */
  readonly workerScript?: string;
  /** Helper threads besides the caller; default cores − 1, at most 7. 0 means always serial. */
  readonly helpers?: number;
  /**
   * Smallest amount of work, in valid pixels × planes, that goes parallel; below it the serial
   * engine runs in the calling thread. Default {@link DEFAULT_MIN_PARALLEL_WORK}.
   */
  readonly minWork?: number;
}

/**
 * Default threshold of the parallel path, in valid pixels × planes: 240×240×3, so a 256×256 RGB
 * pair goes parallel and a 192×192 one does not. Measured with warm workers on 2 cores
 * (bench/ssim.mjs, runs alternated, RGB with the map): with the second core idle every size from
 * 128² gains about 1.8×; with the machine busy with other sessions the small sizes lose (128²
 * 0.4–1.0×, 192² 0.7–1.3×) while 256² and up stay about even or gain (0.9–1.8×).
 */
export const DEFAULT_MIN_PARALLEL_WORK = 240 * 240 * 3;

/**
 * Default helper count: cores − 1 (the caller computes too), at most 7; `IMSIM_SSIM_THREADS=N`
 * in the environment caps the threads at N (1: always serial), e.g. on a machine shared with
 * other work.
 */
export function defaultHelpers(): number {
  const env = Number(process.env.IMSIM_SSIM_THREADS);
  const threads = Number.isInteger(env) && env >= 1 ? Math.min(env, availableParallelism()) : availableParallelism();
  return Math.max(0, Math.min(threads - 1, 7));
}

/** Shared copy of an image's samples (reused as is when they already live in shared memory). */
function shareSignal(signal: SsimSignal): SharedSignal {
  const { image } = signal;
  const src = image.data;
  let data: SharedArrayBuffer;
  if (src.buffer instanceof SharedArrayBuffer && src.byteOffset === 0 && src.byteLength === src.buffer.byteLength) {
    data = src.buffer;
  } else {
    data = new SharedArrayBuffer(src.byteLength);
    new Uint8Array(data).set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength));
  }
  return {
    width: image.width,
    height: image.height,
    channels: image.channels,
    bitDepth: image.bitDepth,
    data,
    channel: signal.channel,
    cropBorder: signal.cropBorder,
    planes: signal.planes,
  };
}

/**
 * A job over two shared signals whose filtered signal is `width`×`height`×`planeCount` with
 * `bandCount` bands, split into `lanes` equal lanes of consecutive bands.
 */
export function createBandJob(
  a: SharedSignal,
  b: SharedSignal,
  variant: SsimVariant,
  dataRange: number,
  withMap: boolean,
  lanes: number,
  size: { readonly width: number; readonly height: number; readonly planeCount: number; readonly bandCount: number },
): BandJob {
  const { width, height, planeCount, bandCount } = size;
  const n = bandCount * planeCount;
  const job: BandJob = {
    a,
    b,
    variant,
    dataRange,
    control: new SharedArrayBuffer(4 * controlLength(lanes, bandCount)),
    lanes,
    bandCount,
    sums: new SharedArrayBuffer(8 * 2 * n),
    map: withMap ? new SharedArrayBuffer(4 * width * height) : undefined,
    ranges: new SharedArrayBuffer(8 * 2 * bandCount),
  };
  const control = new Int32Array(job.control);
  for (let l = 0; l < lanes; l++) {
    control[LANES + 3 * l + NEXT] = Math.floor((l * bandCount) / lanes);
    control[LANES + 3 * l + END] = Math.floor(((l + 1) * bandCount) / lanes);
  }
  return job;
}

/** The serial engine over a plan, as core `computeSsim` runs it. */
function serialSsim(plan: SsimPlan, map: boolean): SsimResult {
  if (!map) return ssimResult(plan, ssimPlaneMeans(plan.a, plan.b, plan.params));
  const data = new Float32Array(plan.a.width * plan.a.height).fill(NaN);
  return ssimResult(plan, ssimPlaneMeans(plan.a, plan.b, plan.params, { data }), data);
}

/** What a band worker gets at start (worker_threads `workerData`). */
export interface BandWorkerData {
  /** Int32 flags, one per worker slot: set to 1 by the worker once it is warm and listening. */
  readonly ready: SharedArrayBuffer;
  /** This worker's slot. */
  readonly slot: number;
}

interface PoolWorker {
  readonly worker: Worker;
  readonly slot: number;
  readonly online: Promise<void>;
}

/**
 * A small pool of band workers for {@link SsimBandPool.computeSsim}. Workers start on the first
 * parallel call (or on {@link SsimBandPool.warm}) and are reused; each warms its JIT on a small
 * SSIM before it says it is ready, and only ready workers get bands, so a call never waits for a
 * thread that is still starting. They do not keep the process alive (unref). `dispose()`
 * terminates them; afterwards the pool computes serially.
 */
export class SsimBandPool {
  private readonly workers = new Map<Worker, PoolWorker>();
  private readonly workerScript: string;
  private readonly helpers: number;
  private readonly minWork: number;
  private readonly scratch = new SsimScratch();
  private readonly ready: Int32Array;
  private disposed = false;
  /** Bands the calling thread computed in the last parallel call (for tests and the bench). */
  lastCallerBands = 0;
  /** Threads (the caller included) that shared the bands of the last parallel call. */
  lastThreads = 0;
  /** Milliseconds the caller waited for the workers' last bands in the last parallel call. */
  lastWaitMs = 0;
  private exits: Promise<void>[] = [];

  constructor(options: SsimBandPoolOptions = {}) {
    this.workerScript = options.workerScript ?? join(__dirname, 'ssimBandWorker.js');
    const helpers = options.helpers ?? defaultHelpers();
    this.helpers = existsSync(this.workerScript) ? Math.max(0, Math.floor(helpers)) : 0;
    this.minWork = options.minWork ?? DEFAULT_MIN_PARALLEL_WORK;
    this.ready = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, this.helpers)));
  }

  /** Band worker threads currently running. */
  get threadCount(): number {
    return this.workers.size;
  }

  /** Starts the workers now (they are started on the first parallel call otherwise). */
  warm(): void {
    if (this.disposed) return;
    while (this.workers.size < this.helpers) {
      const used = new Set([...this.workers.values()].map((w) => w.slot));
      let slot = 0;
      while (used.has(slot)) slot++;
      Atomics.store(this.ready, slot, 0);
      const workerData: BandWorkerData = { ready: this.ready.buffer as SharedArrayBuffer, slot };
      const worker = new Worker(this.workerScript, { workerData });
      worker.unref();
      const forget = (): void => {
        if (this.workers.get(worker)?.slot === slot) Atomics.store(this.ready, slot, 0);
        this.workers.delete(worker);
      };
      worker.on('error', forget);
      this.exits.push(new Promise<void>((resolve) => worker.once('exit', () => {
        forget();
        resolve();
      })));
      const online = new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
      });
      this.workers.set(worker, { worker, slot, online });
    }
  }

  /**
   * Starts the workers early when a signal of this size (after the crop) would go parallel, e.g.
   * from the image headers, before decoding: they then warm up while the images decode.
   */
  warmFor(width: number, height: number, planes: number, variant: SsimVariant): void {
    if (this.disposed || this.helpers === 0) return;
    if (variant === 'matlab' && Math.round(Math.min(width, height) / 256) > 1) return;
    const r = variant === 'skimage' ? 3 : 5;
    const validHeight = height - 2 * r;
    if (Math.max(0, width - 2 * r) * Math.max(0, validHeight) * planes >= this.minWork && validHeight > 3 * 33) this.warm();
  }

  /** Resolves when every started worker is ready (or gone): for tests and benchmarks. */
  async whenReady(): Promise<void> {
    await Promise.all([...this.workers.values()].map((w) => w.online));
  }

  /**
   * SSIM of two signals, exactly as core `computeSsim` on their plane sources computes it (same
   * errors, same values, same map), across the pool's threads when the signal is large enough.
   * @throws MetricError('ssim') when the signal is smaller than the window
   */
  computeSsim(a: SsimSignal, b: SsimSignal, options: SsimOptions): SsimResult {
    const pa = imagePlaneSource(a.image, a.channel, a.cropBorder, a.planes);
    const pb = imagePlaneSource(b.image, b.channel, b.cropBorder, b.planes);
    const plan = planSsim(pa, pb, options);
    const { width, height, planeCount } = plan.a;
    const layout = ssimBandLayout(width, height, plan.params.window);
    const work = layout.validWidth * layout.validHeight * planeCount;
    if (this.disposed || this.helpers === 0 || plan.downsampleFactor > 1 || work < this.minWork || layout.bandCount < 4) {
      return serialSsim(plan, options.map === true);
    }
    this.warm();
    const helpers = [...this.workers.values()].filter((w) => Atomics.load(this.ready, w.slot) === 1);
    if (helpers.length === 0) {
      // Every worker is still starting: this call runs alone rather than wait for one.
      return serialSsim(plan, options.map === true);
    }
    const lanes = helpers.length + 1;
    this.lastThreads = lanes;
    const job = createBandJob(shareSignal(a), shareSignal(b), plan.variant, options.dataRange, options.map === true, lanes, {
      width,
      height,
      planeCount,
      bandCount: layout.bandCount,
    });
    const { bandCount } = layout;
    let lane = 1;
    for (const { worker } of helpers) worker.postMessage({ job, lane: lane++ } satisfies BandJobMessage);
    const ctx = contextOf(job, plan.a, plan.b, plan.params, this.scratch);
    const r = plan.params.window.radius;
    if (ctx.map) {
      ctx.map.fill(NaN, 0, r * width);
      ctx.map.fill(NaN, (height - r) * width);
    }
    const started = performance.now();
    const mine = runLane(ctx, 0);
    this.lastCallerBands = mine;
    const perBand = mine > 0 ? (performance.now() - started) / mine : (width * height * planeCount * 1e-4) / bandCount;
    const waitStart = performance.now();
    this.awaitBands(ctx, 2000 + 20 * perBand);
    this.lastWaitMs = performance.now() - waitStart;

    const means = ssimMeansFromBandSums(ctx.sums, planeCount, layout, false);
    if (!ctx.map) return ssimResult(plan, means);
    let min = Infinity;
    let max = -Infinity;
    for (let c = 0; c < bandCount; c++) {
      min = Math.min(min, ctx.ranges[2 * c]);
      max = Math.max(max, ctx.ranges[2 * c + 1]);
    }
    const data = new Float32Array(width * height);
    data.set(ctx.map);
    return ssimResult(plan, means, data, { min, max });
  }

  /**
   * Blocks until every band is done; after `timeoutMs` without completion, or when a worker
   * reports an error, computes the bands that are not done in this thread (a worker that is
   * merely slow writes the same values).
   */
  private awaitBands(ctx: BandContext, timeoutMs: number): void {
    const { control } = ctx;
    const total = ctx.job.bandCount;
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const done = Atomics.load(control, DONE);
      if (done >= total) return;
      const left = deadline - performance.now();
      if (Atomics.load(control, ERROR) !== 0 || left <= 0) break;
      Atomics.wait(control, DONE, done, left);
    }
    const state = LANES + 3 * ctx.job.lanes;
    for (let band = 0; band < total; band++) {
      if (Atomics.load(control, state + band) === 0) computeBand(ctx, band, false);
    }
  }

  /** Terminates the workers; resolves when every one has exited. Later calls compute serially. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const exits = this.exits;
    this.exits = [];
    await Promise.all([...this.workers.keys()].map((w) => w.terminate()));
    await Promise.all(exits);
    this.workers.clear();
  }
}

let shared: SsimBandPool | undefined;
let sharedOptions: SsimBandPoolOptions = {};

/** The thread's default band pool (used by compareFiles), created on first use. */
export function sharedSsimBandPool(): SsimBandPool {
  shared ??= new SsimBandPool(sharedOptions);
  return shared;
}

/**
 * Disposes the default pool; the next {@link sharedSsimBandPool} creates a fresh one, with
 * `options` when given (tests point it at dist/ssimBandWorker.js and lower the threshold).
 */
export async function disposeSharedSsimBandPool(options?: SsimBandPoolOptions): Promise<void> {
  const pool = shared;
  shared = undefined;
  if (options) sharedOptions = options;
  if (pool) await pool.dispose();
}
