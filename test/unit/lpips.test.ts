/**
 * LPIPS in Node through the product's path (src/worker/nodeLpips.ts: onnxruntime-web's Node/WASM
 * backend, the shipped squeeze model, src/decode for PNG and JPEG) against the official code's
 * values in test/fixtures/reference/reference.json: every pair within 1e-5 absolute (models/README.md
 * measured 1.2e-6 for onnxruntime-web WASM), identical images exactly 0, and the input errors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { MetricError } from '../../src/core/errors';
import type { DecodedImage } from '../../src/core/image';
import { decodeImage } from '../../src/decode/index';
import { initJpegTurboFromDisk } from '../../src/decode/nodeWasm';
import { createNodeLpips } from '../../src/worker/nodeLpips';
import { CORPUS, REFERENCE_JSON } from '../helpers/paths';

/** Absolute tolerance against the official PyTorch code (issue 3). */
const TOLERANCE = 1e-5;

interface ReferencePair {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly metrics: { readonly [key: string]: { readonly value: number | null } | undefined };
}

const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: ReferencePair[] };
const lpipsPairs = reference.pairs.filter((p) => p.metrics['lpips_squeeze_v0.1'] !== undefined);

initJpegTurboFromDisk();
const cache = new Map<string, DecodedImage>();
function load(relative: string): DecodedImage {
  let image = cache.get(relative);
  if (!image) {
    image = decodeImage(readFileSync(join(CORPUS, relative)), { name: relative }).image;
    cache.set(relative, image);
  }
  return image;
}

const lpips = createNodeLpips();
let largestError = 0;
let compared = 0;
/** The bound on the largest difference over all pairs: tighter than the per-pair tolerance, looser than measured. */
const LARGEST_BOUND = 5e-6;
after(() => lpips.runner.dispose());

describe('LPIPS squeeze v0.1 in Node (onnxruntime-web WASM) against the official code', () => {
  test('the reference has LPIPS pairs, JPEG pairs included', () => {
    assert.ok(lpipsPairs.length >= 40, `expected at least 40 LPIPS pairs, found ${lpipsPairs.length}`);
    assert.ok(lpipsPairs.some((p) => p.b.endsWith('.jpg')));
  });

  for (const pair of lpipsPairs) {
    test(`${pair.id}: within ${TOLERANCE}`, async () => {
      const expected = pair.metrics['lpips_squeeze_v0.1']?.value;
      assert.equal(typeof expected, 'number');
      const result = await lpips.runner.run(load(pair.a), load(pair.b));
      assert.equal(result.network, 'squeeze');
      assert.equal(result.networkVersion, '0.1');
      assert.equal(result.backend, 'wasm');
      assert.equal(result.adapter, undefined);
      assert.equal(result.map, undefined, 'no map unless asked for');
      assert.ok(result.millis >= 0);
      const error = Math.abs(result.distance - (expected as number));
      largestError = Math.max(largestError, error);
      compared++;
      assert.ok(error <= TOLERANCE, `${pair.id}: got ${result.distance}, expected ${expected} (|diff| ${error.toExponential(2)})`);
      if (expected === 0) assert.equal(result.distance, 0, 'identical files give exactly 0');
    });
  }

  test(`largest difference from the official code is under ${LARGEST_BOUND} (models/README.md: 1.2e-6 measured on WASM)`, (t) => {
    t.diagnostic(`largest |LPIPS - official| over ${compared} pairs: ${largestError.toExponential(2)}`);
    assert.equal(compared, lpipsPairs.length, 'every pair was compared before this summary');
    assert.ok(largestError <= LARGEST_BOUND, `largest |LPIPS - official| ${largestError.toExponential(2)} is over ${LARGEST_BOUND}`);
  });

  test('identical images give exactly 0 (8-bit RGB, gray, 16-bit)', async () => {
    for (const file of ['lpips/ex_ref.png', 'camera/ref.png', 'formats/camera256_gray16_ref.png']) {
      const image = load(file);
      const copy: DecodedImage = { ...image, data: image.data.slice() };
      const result = await lpips.runner.run(image, copy);
      assert.equal(result.distance, 0, file);
    }
  });

  test('the map is returned only when asked for, per pixel, and its mean is close to (not equal to) the distance', async () => {
    const result = await lpips.runner.run(load('lpips/ex_ref.png'), load('lpips/ex_p1.png'), { map: true });
    assert.ok(result.map);
    assert.equal(result.map.width, 64);
    assert.equal(result.map.height, 64);
    assert.equal(result.map.data.length, 64 * 64);
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of result.map.data) {
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assert.equal(result.map.min, min);
    assert.equal(result.map.max, max);
    assert.ok(Math.abs(sum / result.map.data.length - result.distance) < 1e-4);
    assert.ok(Math.abs(result.distance - 0.14790162444114685) <= TOLERANCE);
  });

  test('the crop border is applied before LPIPS', async () => {
    const a = load('lpips/ex_ref.png');
    const b = load('lpips/ex_p1.png');
    const crop = (image: DecodedImage, n: number): DecodedImage => {
      const width = image.width - 2 * n;
      const height = image.height - 2 * n;
      const data = new Uint8Array(width * height * image.channels);
      for (let y = 0; y < height; y++) {
        const start = ((y + n) * image.width + n) * image.channels;
        data.set(image.data.subarray(start, start + width * image.channels), y * width * image.channels);
      }
      return { width, height, channels: image.channels, bitDepth: 8, data };
    };
    const viaOption = await lpips.runner.run(a, b, { cropBorder: 4, map: true });
    const viaCrop = await lpips.runner.run(crop(a, 4), crop(b, 4));
    assert.equal(viaOption.distance, viaCrop.distance);
    assert.equal(viaOption.map?.width, 56);
  });
});

describe('LPIPS input errors', () => {
  const rgb = (width: number, height: number, bitDepth: 8 | 16 = 8): DecodedImage => ({
    width,
    height,
    channels: 3,
    bitDepth,
    data: bitDepth === 8 ? new Uint8Array(width * height * 3) : new Uint16Array(width * height * 3),
  });
  const refuses = (a: DecodedImage, b: DecodedImage, pattern: RegExp, options = {}) =>
    assert.rejects(
      () => lpips.runner.run(a, b, options),
      (error: unknown) => error instanceof MetricError && error.metric === 'lpips' && pattern.test(error.message),
    );

  test('under 17 px per side', async () => {
    await refuses(rgb(16, 64), rgb(16, 64), /at least 17×17 pixels, got 16×64/);
    await refuses(rgb(64, 16), rgb(64, 16), /at least 17×17 pixels, got 64×16/);
    await refuses(rgb(24, 24), rgb(24, 24), /got 14×14 after cropping 5 px/, { cropBorder: 5 });
  });

  test('17 px per side is accepted', async () => {
    const result = await lpips.runner.run(rgb(17, 17), rgb(17, 17));
    assert.equal(result.distance, 0);
  });

  test('mismatched sizes and bit depths', async () => {
    await refuses(rgb(64, 64), rgb(64, 65), /same size, got 64×64 and 64×65/);
    await refuses(rgb(64, 64, 8), rgb(64, 64, 16), /8-bit image cannot be compared with a 16-bit one/);
  });

  test('over maxMegapixels (default 4), refused before any tensor is built', async () => {
    await refuses(rgb(2049, 2048), rgb(2049, 2048), /4\.2 MP, over the limit of 4 MP/);
    const small = createNodeLpips({ maxMegapixels: 0.001 });
    await assert.rejects(() => small.runner.run(rgb(64, 64), rgb(64, 64)), /over the limit of 0\.001 MP/);
  });

  test('a bad crop border', async () => {
    await refuses(rgb(64, 64), rgb(64, 64), /crop border must be a non-negative integer/, { cropBorder: -1 });
  });
});
