/**
 * Seeded mutation fuzzer over the PNG and JPEG conformance files (issue 6). Every case runs in a
 * worker of the real MetricsPool (dist/metricsWorker.js) with a time bound; each must end in a
 * result or a clear InputError. Half of the PNG mutations get their CRCs recomputed so they reach
 * the decoder instead of stopping at the checksum. Prints a histogram of outcomes; fails on any
 * crash or hang, when fewer than 30 % of cases reach pixel decoding, or when the process's peak
 * RSS passes the stated bound.
 *
 * IMSIM_FUZZ_CASES (default 3000) and IMSIM_FUZZ_SEED (default 20261126) change the run.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { DEFAULT_RECIPE } from '../../../src/core/recipe';
import { MetricsPool } from '../../../src/worker/pool';
import { CONFORMANCE, REPO_ROOT } from '../../helpers/paths';
import { seededRandom } from '../core/random';

const CASES = Number(process.env.IMSIM_FUZZ_CASES ?? 3000);
const SEED = Number(process.env.IMSIM_FUZZ_SEED ?? 20261126);
/** Time bound per case: far above the slowest legitimate case here (~50 ms). */
const CASE_TIMEOUT_MS = 10_000;
/** Peak resident memory of the whole test process (main thread + workers): the stated bound. */
const RSS_BOUND_BYTES = 1.5 * 1024 ** 3;
/** Mutated headers may claim large sizes; the pixel limit keeps a case small and fast. */
const MAX_PIXELS = 4_000_000;

interface Chunk { readonly offset: number; readonly length: number; readonly type: string }

function pngChunks(bytes: Uint8Array): Chunk[] {
  const chunks: Chunk[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 8;
  while (pos + 12 <= bytes.length) {
    const length = view.getUint32(pos);
    if (pos + 12 + length > bytes.length) break;
    chunks.push({ offset: pos, length, type: String.fromCharCode(...bytes.subarray(pos + 4, pos + 8)) });
    pos += 12 + length;
  }
  return chunks;
}

/** Rewrites every chunk CRC that still fits in the file. */
function fixCrcs(bytes: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const c of pngChunks(bytes)) view.setUint32(c.offset + 8 + c.length, crc32(bytes.subarray(c.offset + 4, c.offset + 8 + c.length)));
}

type Mutation = 'bitflip' | 'truncate' | 'chunk-length' | 'header-field' | 'byte-run' | 'splice';

function mutate(source: Uint8Array, isPng: boolean, rand: () => number): { bytes: Uint8Array; mutation: Mutation; crcFixed: boolean } {
  const pick = (n: number): number => Math.floor(rand() * n);
  const kinds: Mutation[] = ['bitflip', 'bitflip', 'truncate', 'chunk-length', 'header-field', 'byte-run', 'splice'];
  const mutation = kinds[pick(kinds.length)] as Mutation;
  let bytes = source.slice();
  const view = () => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (mutation) {
    case 'bitflip': {
      const flips = 1 + pick(8);
      // Three times in four inside the compressed pixel data (PNG IDAT, JPEG scan after SOS),
      // where a decoder's inner loops run; otherwise anywhere past the signature.
      let lo = 16;
      let hi = bytes.length;
      if (rand() < 0.75) {
        if (isPng) {
          const idat = pngChunks(bytes).filter((c) => c.type === 'IDAT' && c.length > 0);
          const c = idat[pick(idat.length)];
          if (c) [lo, hi] = [c.offset + 8, c.offset + 8 + c.length];
        } else {
          for (let i = 2; i + 1 < bytes.length; i++) {
            if (bytes[i] === 0xff && bytes[i + 1] === 0xda) { lo = i + 16; break; }
          }
          hi = Math.max(lo + 1, bytes.length - 2);
        }
      }
      for (let i = 0; i < flips; i++) {
        const at = Math.min(bytes.length - 1, lo + pick(Math.max(1, hi - lo)));
        bytes[at] = (bytes[at] as number) ^ (1 << pick(8));
      }
      break;
    }
    case 'truncate':
      bytes = bytes.slice(0, pick(bytes.length));
      break;
    case 'chunk-length': {
      if (isPng) {
        const chunks = pngChunks(bytes);
        const c = chunks[pick(chunks.length)];
        if (c) {
          const choices = [0, c.length + 1, Math.max(0, c.length - 1), c.length * 2 + 7, 0x7fffffff, 0xffffffff, pick(1 << 16)];
          view().setUint32(c.offset, (choices[pick(choices.length)] as number) >>> 0);
        }
      } else {
        // JPEG: a marker segment's 16-bit length.
        const markers: number[] = [];
        for (let i = 2; i + 3 < bytes.length && markers.length < 64; i++) if (bytes[i] === 0xff && (bytes[i + 1] as number) >= 0xc0 && bytes[i + 1] !== 0xff && (bytes[i + 1] as number) !== 0xd8) markers.push(i);
        const at = markers[pick(markers.length)];
        if (at !== undefined) view().setUint16(at + 2, [0, 1, 2, 0xffff, pick(0x10000)][pick(5)] as number);
      }
      break;
    }
    case 'header-field': {
      if (isPng) {
        // IHDR: width 16, height 20, bit depth 24, colour type 25, compression 26, filter 27, interlace 28.
        const field = pick(7);
        const v = view();
        if (field === 0) v.setUint32(16, [0, 1, pick(70000), 0x7fffffff, 100000][pick(5)] as number);
        else if (field === 1) v.setUint32(20, [0, 1, pick(70000), 0x7fffffff, 100000][pick(5)] as number);
        else bytes[24 + field - 2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 255][pick(11)] as number;
      } else {
        // SOFn: precision, height, width, component count.
        let sof = -1;
        for (let i = 2; i + 9 < bytes.length; i++) {
          const m = bytes[i + 1] as number;
          if (bytes[i] === 0xff && m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc) { sof = i; break; }
        }
        if (sof >= 0) {
          const field = pick(5);
          const v = view();
          if (field === 0) bytes[sof + 4] = [8, 12, 16, 0, 2][pick(5)] as number;
          else if (field === 1) v.setUint16(sof + 5, [0, 1, 0xffff, pick(0x10000)][pick(4)] as number);
          else if (field === 2) v.setUint16(sof + 7, [0, 1, 0xffff, pick(0x10000)][pick(4)] as number);
          else if (field === 3) bytes[sof + 9] = [0, 1, 2, 3, 4, 5, 255][pick(7)] as number;
          else bytes[sof + 1] = [0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc9, 0xcb, 0xcf][pick(8)] as number;
        }
      }
      break;
    }
    case 'byte-run': {
      const at = pick(bytes.length);
      const run = 1 + pick(64);
      const value = [0, 0xff, pick(256)][pick(3)] as number;
      for (let i = at; i < Math.min(bytes.length, at + run); i++) bytes[i] = value;
      break;
    }
    case 'splice': {
      // Duplicate or drop a slice (chunk reordering, repeated markers, missing segments).
      const from = pick(bytes.length);
      const len = pick(Math.min(512, bytes.length - from));
      const to = pick(bytes.length);
      bytes = rand() < 0.5
        ? Uint8Array.from([...bytes.subarray(0, to), ...bytes.subarray(from, from + len), ...bytes.subarray(to)])
        : Uint8Array.from([...bytes.subarray(0, from), ...bytes.subarray(from + len)]);
      break;
    }
  }
  let crcFixed = false;
  if (isPng && rand() < 0.75) {
    fixCrcs(bytes);
    crcFixed = true;
  }
  return { bytes, mutation, crcFixed };
}

type Outcome = 'decoded' | 'pixel-data error' | 'header/structure error' | 'crc error' | 'truncated' | 'not an image' | 'limit' | 'crash' | 'hang';

function classify(message: string): Outcome {
  if (/took longer than/.test(message)) return 'hang';
  if (/corrupt PNG image data|corrupt JPEG data|corrupt CMYK|more image data than/i.test(message)) return 'pixel-data error';
  if (/CRC error/.test(message)) return 'crc error';
  if (/truncated/i.test(message)) return 'truncated';
  if (/not an image|not supported|signature/i.test(message)) return 'not an image';
  if (/megapixel|pixel limit|too large|exceeds/i.test(message)) return 'limit';
  return 'header/structure error';
}

test(`fuzz: ${CASES} seeded mutations of the conformance files end in a result or a clear error`, { timeout: 20 * 60_000 }, async () => {
  const pngDir = join(CONFORMANCE, 'png');
  const jpegDirs = [join(CONFORMANCE, 'jpeg', 'jpeg-js'), join(CONFORMANCE, 'jpeg', 'libjpeg-turbo')];
  const seeds: { name: string; bytes: Uint8Array; isPng: boolean }[] = [];
  for (const f of readdirSync(pngDir).filter((f) => f.endsWith('.png') && !f.startsWith('x')).sort()) {
    seeds.push({ name: f, bytes: new Uint8Array(readFileSync(join(pngDir, f))), isPng: true });
  }
  for (const dir of jpegDirs) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.jpg')).sort()) {
      const bytes = new Uint8Array(readFileSync(join(dir, f)));
      if (bytes.length <= 64 * 1024) seeds.push({ name: f, bytes, isPng: false });
    }
  }
  assert.ok(seeds.filter((s) => !s.isPng).length >= 8, 'enough JPEG seeds');

  const pool = new MetricsPool({ workerScript: join(REPO_ROOT, 'dist', 'metricsWorker.js'), size: 2, jobTimeoutMs: CASE_TIMEOUT_MS });
  const histogram = new Map<Outcome, number>();
  const failures: string[] = [];
  let pngCases = 0;
  let pngCrcFixed = 0;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 25);
  const rand = seededRandom(SEED);
  const cases = Array.from({ length: CASES }, (_, i) => {
    // JPEG seeds are fewer but richer; give them a third of the cases.
    const jpegSeeds = seeds.filter((s) => !s.isPng);
    const pngSeeds = seeds.filter((s) => s.isPng);
    const source = rand() < 1 / 3 ? (jpegSeeds[Math.floor(rand() * jpegSeeds.length)] as (typeof seeds)[number]) : (pngSeeds[Math.floor(rand() * pngSeeds.length)] as (typeof seeds)[number]);
    const m = mutate(source.bytes, source.isPng, rand);
    if (source.isPng) {
      pngCases++;
      if (m.crcFixed) pngCrcFixed++;
    }
    return { index: i, source: source.name, ...m };
  });
  const started = Date.now();
  try {
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < cases.length) {
        const c = cases[next++] as (typeof cases)[number];
        let outcome: Outcome;
        try {
          await pool.compare({
            a: c.bytes.slice(), b: c.bytes.slice(), nameA: `case${c.index}.img`, nameB: `case${c.index}.img`,
            options: { metrics: ['psnr', 'ssim'], recipe: DEFAULT_RECIPE, strict: false, maxPixels: MAX_PIXELS },
          });
          outcome = 'decoded';
        } catch (error) {
          const e = error as Error;
          if (e.name !== 'InputError') {
            outcome = 'crash';
          } else {
            outcome = classify(e.message);
            if (!e.message.startsWith(`case${c.index}.img`) && outcome !== 'hang') {
              failures.push(`case ${c.index} (${c.source}, ${c.mutation}): error does not name the file: ${e.message}`);
            }
          }
          if (outcome === 'crash' || outcome === 'hang') failures.push(`case ${c.index} (${c.source}, ${c.mutation}, seed ${SEED}): ${outcome}: ${e.message}`);
        }
        histogram.set(outcome, (histogram.get(outcome) ?? 0) + 1);
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
  } finally {
    clearInterval(sampler);
    pool.dispose();
  }
  const seconds = (Date.now() - started) / 1000;
  const reached = (histogram.get('decoded') ?? 0) + (histogram.get('pixel-data error') ?? 0);
  const lines = [...histogram.entries()].sort((x, y) => y[1] - x[1]).map(([k, v]) => `  ${k.padEnd(24)} ${String(v).padStart(6)}  ${'#'.repeat(Math.ceil((60 * v) / CASES))}`);
  console.log(`fuzz: ${CASES} cases (seed ${SEED}) in ${seconds.toFixed(1)} s; PNG cases ${pngCases}, CRC recomputed on ${pngCrcFixed}; peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB\n${lines.join('\n')}\n  reached pixel decoding: ${((100 * reached) / CASES).toFixed(1)} %`);
  assert.deepEqual(failures, [], failures.slice(0, 20).join('\n'));
  assert.ok(pngCrcFixed >= pngCases / 2, `CRCs recomputed on ${pngCrcFixed} of ${pngCases} PNG cases`);
  assert.ok(reached >= 0.3 * CASES, `only ${reached} of ${CASES} cases reached pixel decoding`);
  assert.ok(peakRss < RSS_BOUND_BYTES, `peak RSS ${(peakRss / 1024 ** 2).toFixed(0)} MB over the ${RSS_BOUND_BYTES / 1024 ** 2} MB bound`);
});
