/**
 * Inputs that cannot be compared (InputError) and metrics that cannot be computed (MetricError,
 * or `unavailable` with `strict: false`), with messages that say what was expected and given.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareImages } from '../../../src/core/compare';
import { InputError, MetricError } from '../../../src/core/errors';
import type { DecodedImage } from '../../../src/core/image';
import type { Recipe } from '../../../src/core/recipe';
import { addNoise, randomImage } from './random';

const base: Recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 };

function metricError(metric: string, pattern: RegExp): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof MetricError, `expected a MetricError, got ${String(e)}`);
    assert.equal(e.metric, metric);
    assert.match(e.message, pattern);
    return true;
  };
}

test('too small for the SSIM window: MetricError naming the sizes, per variant, crop included', () => {
  const a = randomImage(10, 30, 3, 8, 1);
  const b = addNoise(a, 5, 2);
  assert.throws(() => compareImages(a, b, { metrics: ['ssim'], recipe: base }), metricError('ssim', /11×11.*10×30/));
  // The 7×7 window of skimage fits 10×30 but not 6×26 after a 2 px crop.
  assert.equal(typeof compareImages(a, b, { metrics: ['ssim'], recipe: { ...base, ssimVariant: 'skimage' } }).metrics.ssim, 'number');
  assert.throws(
    () => compareImages(a, b, { metrics: ['ssim'], recipe: { ...base, ssimVariant: 'skimage', cropBorder: 2 } }),
    metricError('ssim', /7×7.*10×30 \(6×26 after the 2 px crop\)/),
  );
  // Exactly 11×11 works (one valid pixel).
  const c = randomImage(11, 11, 1, 16, 3);
  const r = compareImages(c, addNoise(c, 500, 4), { metrics: ['ssim'], recipe: base, maps: { ssim: true } });
  assert.ok((r.metrics.ssim ?? NaN) < 1);
  assert.deepEqual(r.maps.ssim?.valid, { left: 5, top: 5, right: 6, bottom: 6 });
});

test('strict: false records the reason in unavailable and still returns the other metrics', () => {
  const a = randomImage(10, 12, 3, 8, 5);
  const b = addNoise(a, 5, 6);
  const r = compareImages(a, b, { metrics: ['psnr', 'ssim', 'msssim'], recipe: base, strict: false, maps: { ssim: true } });
  assert.equal(typeof r.metrics.psnr, 'number');
  assert.equal(r.metrics.ssim, undefined);
  assert.equal(r.metrics.msssim, undefined);
  assert.match(r.unavailable.ssim, /needs at least 11×11/);
  assert.match(r.unavailable.msssim, /at least 176 px/);
  assert.equal(r.maps.ssim, undefined);
});

test('MS-SSIM needs 176 px per side after the crop', () => {
  const a = randomImage(176, 180, 1, 8, 7);
  const b = addNoise(a, 5, 8);
  assert.equal(typeof compareImages(a, b, { metrics: ['msssim'], recipe: base }).metrics.msssim, 'number');
  assert.throws(() => compareImages(a, b, { metrics: ['msssim'], recipe: { ...base, cropBorder: 1 } }), metricError('msssim', /176.*174×178/));
  const c = randomImage(175, 400, 3, 8, 9);
  assert.throws(() => compareImages(c, c, { metrics: ['msssim'], recipe: base }), metricError('msssim', /176 px per side.*175×400/));
});

test('MS-SSIM with a negative mean cs is an error naming the scale, never NaN or clamped', () => {
  // An inverted image is anti-correlated at the finest scale: cs < 0 there.
  const a = randomImage(180, 180, 1, 8, 10);
  const inverted: DecodedImage = { ...a, data: Uint8Array.from(a.data, (v) => 255 - v) };
  assert.throws(() => compareImages(a, inverted, { metrics: ['msssim'], recipe: base }), metricError('msssim', /scale 1 of 5.*negative/));
  const r = compareImages(a, inverted, { metrics: ['ssim', 'msssim'], recipe: base, strict: false });
  assert.equal(r.metrics.msssim, undefined);
  assert.match(r.unavailable.msssim, /undefined.*scale 1/);
  assert.ok((r.metrics.ssim ?? NaN) < 0, 'SSIM itself is defined (and negative)');
  // RGB: the message names the channel.
  const rgb = randomImage(180, 180, 3, 8, 11);
  const rgbInverted: DecodedImage = { ...rgb, data: Uint8Array.from(rgb.data, (v) => 255 - v) };
  assert.throws(() => compareImages(rgb, rgbInverted, { metrics: ['msssim'], recipe: base }), metricError('msssim', /channel R at scale 1/));
});

test('pairs that cannot be compared are InputErrors, whatever strict says', () => {
  const a = randomImage(20, 20, 3, 8, 12);
  const wider = randomImage(21, 20, 3, 8, 13);
  const deep = randomImage(20, 20, 3, 16, 14);
  for (const strict of [true, false]) {
    assert.throws(
      () => compareImages(a, wider, { metrics: ['psnr'], recipe: base, strict }),
      (e: unknown) => e instanceof InputError && !(e instanceof MetricError) && /20×20.*21×20/.test(e.message),
    );
    assert.throws(
      () => compareImages(a, deep, { metrics: ['psnr'], recipe: base, strict }),
      (e: unknown) => e instanceof InputError && /8-bit.*16-bit/.test(e.message),
    );
    assert.throws(
      () => compareImages(a, a, { metrics: ['psnr'], recipe: { ...base, cropBorder: 10 }, strict }),
      (e: unknown) => e instanceof InputError && /crop border 10 px leaves no pixels of the 20×20/.test(e.message),
    );
    for (const bad of [0, -1, NaN, Infinity]) {
      assert.throws(
        () => compareImages(a, a, { metrics: ['psnr'], recipe: { ...base, dataRange: bad }, strict }),
        (e: unknown) => e instanceof InputError && /data range/.test(e.message),
      );
    }
    assert.throws(
      () => compareImages(a, a, { metrics: ['psnr'], recipe: { ...base, cropBorder: 1.5 }, strict }),
      (e: unknown) => e instanceof InputError && /crop border/.test(e.message),
    );
  }
  // A malformed image (a decoder bug, not user input) is refused before any pixel is read.
  const broken = { ...a, data: a.data.subarray(1) };
  assert.throws(() => compareImages(a, broken, { metrics: ['psnr'], recipe: base }), RangeError);
});
