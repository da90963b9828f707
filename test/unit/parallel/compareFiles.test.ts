/**
 * compareFiles with SSIM on the parallel band pool against the serial path: the same result
 * (values within 1e-12, the same keys in the same order, the same maps, notices and unavailable
 * reasons) and the same errors, for the corpus pairs and for images too small for SSIM or MS-SSIM.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { encodePngRgba } from '../../../src/core/mapOut';
import type { MetricMap } from '../../../src/core/maps';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';
import type { CompareJobOptions, CompareJobResult } from '../../../src/protocol/worker';
import { compareFiles, ONE_SHOT_MIN_WORK } from '../../../src/worker/compareFiles';
import { disposeSharedSsimBandPool, sharedSsimBandPool } from '../../../src/worker/parallelSsim';
import { CORPUS, REPO_ROOT } from '../../helpers/paths';
import { seededRandom } from '../core/random';

const WORKER = join(REPO_ROOT, 'dist', 'ssimBandWorker.js');
const TOLERANCE = 1e-12;

before(async () => {
  initJpegTurboFromDisk();
  await disposeSharedSsimBandPool({ workerScript: WORKER, minWork: 0 });
});
after(() => disposeSharedSsimBandPool({}));

const read = (path: string): Uint8Array => new Uint8Array(readFileSync(join(CORPUS, path)));

/** A random RGB PNG of the given size (alpha opaque, dropped by the decoder). */
function randomPng(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const rgba = new Uint8Array(4 * width * height);
  for (let i = 0; i < rgba.length; i++) rgba[i] = i % 4 === 3 ? 255 : Math.floor(random() * 256);
  return encodePngRgba(width, height, rgba, (d) => deflateSync(d));
}

/** The result without map data, for a key-order-sensitive comparison. */
function skeleton(result: CompareJobResult): string {
  const maps: Record<string, unknown> = {};
  for (const [k, m] of Object.entries(result.maps)) {
    const map = m as MetricMap;
    maps[k] = { width: map.width, height: map.height, valid: map.valid, keys: Object.keys(map) };
  }
  return JSON.stringify({ ...result, metrics: Object.keys(result.metrics), perChannel: Object.keys(result.perChannel), maps });
}

function assertSameResult(actual: CompareJobResult, expected: CompareJobResult, label: string): void {
  assert.equal(skeleton(actual), skeleton(expected), `${label}: same fields in the same order`);
  for (const [k, v] of Object.entries(expected.metrics)) {
    const a = (actual.metrics as Record<string, number | null>)[k];
    if (v === null) assert.equal(a, null, `${label}: ${k}`);
    else assert.ok(Math.abs((a as number) - (v as number)) <= TOLERANCE, `${label}: ${k} ${a} vs ${v}`);
  }
  for (const k of ['ssim', 'msssim'] as const) {
    const e = expected.perChannel[k];
    const a = actual.perChannel[k];
    assert.equal(a?.length, e?.length, `${label}: perChannel.${k}`);
    e?.forEach((v, i) => assert.ok(Math.abs((a as number[])[i] - v) <= TOLERANCE, `${label}: perChannel.${k}[${i}]`));
  }
  for (const k of ['ssim', 'absError'] as const) {
    const e = expected.maps[k];
    const a = actual.maps[k];
    if (!e || !a) continue;
    assert.ok(Math.abs(a.min - e.min) <= TOLERANCE && Math.abs(a.max - e.max) <= TOLERANCE, `${label}: ${k} map range`);
    assert.ok(a.data.buffer instanceof ArrayBuffer, `${label}: ${k} map in a plain ArrayBuffer (transferable)`);
    for (let i = 0; i < e.data.length; i++) {
      const x: number = a.data[i] as number;
      const y: number = e.data[i] as number;
      if (Number.isNaN(y) ? !Number.isNaN(x) : !(Math.abs(x - y) <= TOLERANCE)) assert.fail(`${label}: ${k} map[${i}] ${x} vs ${y}`);
    }
  }
}

function both(a: Uint8Array, b: Uint8Array, options: CompareJobOptions, label: string): CompareJobResult {
  const expected = compareFiles(a, b, 'a', 'b', options, 'serial');
  const actual = compareFiles(a, b, 'a', 'b', options, 'parallel');
  assertSameResult(actual, expected, label);
  return actual;
}

test('compareFiles: parallel SSIM gives the serial result on the corpus, every option combination', () => {
  // The 1024² pair with fewer combinations.
  const pairs: [string, string, boolean][] = [
    ['big/astronaut1024_ref.png', 'big/astronaut1024_blur_s3.png', false],
    ['astronaut/ref.png', 'astronaut/jpeg_q10.jpg', true],
    ['formats/camera256_gray16_ref.png', 'formats/camera256_gray16_noise.png', true],
    ['formats/chelsea_rgba_ref.png', 'formats/chelsea_rgba_noise.png', true],
  ];
  for (const [pa, pb, full] of pairs) {
    const a = read(pa);
    const b = read(pb);
    for (const ssimVariant of full ? (['wang2004', 'skimage', 'matlab'] as const) : (['wang2004'] as const)) {
      for (const [channel, cropBorder] of full ? ([['rgb', 0], ['gray', 4], ['y', 2]] as const) : ([['rgb', 0]] as const)) {
        for (const strict of [true, false]) {
          const recipe = { ssimVariant, channel, cropBorder };
          both(a, b, { metrics: ['psnr', 'ssim'], recipe, strict }, `${pa} ${ssimVariant} ${channel} strict ${strict}`);
          both(a, b, { metrics: ['ssim'], recipe, strict, maps: { ssim: true, absError: true } }, `${pa} ${ssimVariant} ${channel} maps`);
        }
      }
    }
    // MS-SSIM once per pair (it never runs in parallel; this checks the merge around it).
    both(a, b, { metrics: ['psnr', 'ssim', 'msssim'], recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 }, maps: { ssim: true }, strict: false }, `${pa} with MS-SSIM`);
    both(a, b, { metrics: ['msssim'], recipe: { ssimVariant: 'skimage', channel: 'gray', cropBorder: 0 }, maps: { ssim: true }, strict: true }, `${pa} map only`);
    both(a, b, { metrics: ['psnr', 'ssim'], recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0, dataRange: 300 } }, `${pa} data range`);
  }
  assert.ok(sharedSsimBandPool().threadCount > 0, 'the band workers ran');
});

test('compareFiles: the same errors and unavailable reasons when SSIM or MS-SSIM cannot be computed', () => {
  const cases: [number, number][] = [[8, 9], [120, 100], [40, 300]];
  for (const [w, h] of cases) {
    const a = randomPng(w, h, w);
    const b = randomPng(w, h, h);
    for (const metrics of [['psnr', 'ssim', 'msssim'], ['ssim'], ['msssim', 'ssim'], ['psnr']] as const) {
      for (const maps of [undefined, { ssim: true }, { ssim: true, absError: true }]) {
        const options: CompareJobOptions = { metrics, recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 }, maps };
        let serialError: Error | undefined;
        let expected: CompareJobResult | undefined;
        try {
          expected = compareFiles(a, b, 'a', 'b', options, 'serial');
        } catch (error) {
          serialError = error as Error;
        }
        const label = `${w}×${h} ${metrics.join(',')} maps ${JSON.stringify(maps)}`;
        if (serialError) {
          assert.throws(() => compareFiles(a, b, 'a', 'b', options, 'parallel'), (e: Error) => e.constructor === serialError.constructor && e.message === serialError.message, label);
        } else {
          assertSameResult(compareFiles(a, b, 'a', 'b', options, 'parallel'), expected as CompareJobResult, label);
        }
        both(a, b, { ...options, strict: false }, `${label} non-strict`);
      }
    }
  }
});

test('compareFiles: auto stays serial on the main thread below ONE_SHOT_MIN_WORK (no worker started)', async () => {
  await disposeSharedSsimBandPool({ workerScript: WORKER });
  const a = read('big/astronaut1024_ref.png');
  const b = read('big/astronaut1024_blur_s3.png');
  const options: CompareJobOptions = { metrics: ['psnr', 'ssim'], recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 }, maps: { ssim: true } };
  assertSameResult(compareFiles(a, b, 'a', 'b', options), compareFiles(a, b, 'a', 'b', options, 'serial'), 'auto');
  assert.equal(sharedSsimBandPool().threadCount, 0);
  assert.ok(1024 * 1024 * 3 < ONE_SHOT_MIN_WORK);
});
