/**
 * Properties every recipe must have: symmetry, SSIM ≤ 1, monotone fall with noise, identical input
 * gives 1 through the full filter path, invariance to the 8→16-bit rescale when R scales with it,
 * gray = its RGB replica, data-range override.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareImages, imagesIdentical } from '../../../src/core/compare';
import { CHANNEL_MODES, SSIM_VARIANTS, type Recipe } from '../../../src/core/recipe';
import { addNoise, grayToRgb, randomImage } from './random';
import type { DecodedImage } from '../../../src/core/image';

const base: Recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 };

test('symmetric in (a, b): PSNR, SSIM of every variant and mode, MS-SSIM', () => {
  const a = randomImage(200, 187, 3, 8, 1);
  const b = addNoise(a, 20, 2);
  for (const ssimVariant of SSIM_VARIANTS) {
    for (const channel of CHANNEL_MODES) {
      const recipe = { ...base, ssimVariant, channel };
      const ab = compareImages(a, b, { metrics: ['psnr', 'ssim', 'msssim'], recipe });
      const ba = compareImages(b, a, { metrics: ['psnr', 'ssim', 'msssim'], recipe });
      assert.equal(ab.metrics.mse, ba.metrics.mse);
      assert.ok(Math.abs((ab.metrics.ssim ?? NaN) - (ba.metrics.ssim ?? NaN)) <= 1e-14);
      assert.ok(Math.abs((ab.metrics.msssim ?? NaN) - (ba.metrics.msssim ?? NaN)) <= 1e-14);
    }
  }
});

test('SSIM ≤ 1 and falls as the noise grows; PSNR and MS-SSIM fall too', () => {
  const a = randomImage(190, 180, 3, 8, 3);
  for (const ssimVariant of SSIM_VARIANTS) {
    let previous = { ssim: 1 + 1e-12, psnr: Infinity, msssim: 1 + 1e-12 };
    for (const sigma of [2, 5, 10, 20, 40, 80]) {
      const b = addNoise(a, sigma, 4);
      const r = compareImages(a, b, { metrics: ['psnr', 'ssim', 'msssim'], recipe: { ...base, ssimVariant }, maps: { ssim: true } });
      const ssim = r.metrics.ssim ?? NaN;
      const msssim = r.metrics.msssim ?? NaN;
      const psnr = r.metrics.psnr ?? NaN;
      assert.ok(ssim <= 1 && ssim < previous.ssim, `${ssimVariant} σ ${sigma}: ${ssim} after ${previous.ssim}`);
      assert.ok(msssim <= 1 && msssim < previous.msssim, `σ ${sigma}: MS-SSIM ${msssim} after ${previous.msssim}`);
      assert.ok(psnr < previous.psnr);
      assert.ok((r.maps.ssim?.max ?? NaN) <= 1 + 1e-6);
      previous = { ssim, psnr, msssim };
    }
  }
});

test('identical images: SSIM 1 computed through the full filter path (the map is filled), PSNR infinite', () => {
  for (const image of [randomImage(200, 181, 3, 8, 5), randomImage(180, 199, 1, 16, 6)]) {
    const copy: DecodedImage = { ...image, data: image.data.slice() };
    for (const ssimVariant of SSIM_VARIANTS) {
      for (const channel of CHANNEL_MODES) {
        const r = compareImages(image, copy, {
          metrics: ['psnr', 'ssim', 'msssim'],
          recipe: { ...base, ssimVariant, channel },
          maps: { ssim: true, absError: true },
        });
        assert.equal(r.identical, true);
        assert.equal(r.metrics.psnr, null);
        assert.equal(r.metrics.mse, 0);
        assert.equal(r.psnrInfinite, true);
        assert.ok(Math.abs((r.metrics.ssim ?? NaN) - 1) <= 1e-12, `${ssimVariant} ${channel}: ${r.metrics.ssim}`);
        assert.ok(Math.abs((r.metrics.msssim ?? NaN) - 1) <= 1e-12);
        const map = r.maps.ssim;
        assert.ok(map?.valid);
        for (let y = map.valid.top; y < map.valid.bottom; y++) {
          for (let x = map.valid.left; x < map.valid.right; x++) assert.ok(Math.abs(map.data[y * map.width + x] - 1) <= 1e-6);
        }
        assert.equal(r.maps.absError?.max, 0);
      }
    }
  }
});

test('8-bit data and its exact 16-bit rescale (×257) give the same SSIM, MS-SSIM and PSNR (R scales with it)', () => {
  const a8 = randomImage(190, 177, 3, 8, 7);
  const b8 = addNoise(a8, 15, 8);
  const to16 = (im: DecodedImage): DecodedImage => ({ ...im, bitDepth: 16, data: Uint16Array.from(im.data, (v) => v * 257) });
  for (const channel of CHANNEL_MODES) {
    for (const ssimVariant of SSIM_VARIANTS) {
      const recipe = { ...base, channel, ssimVariant };
      const r8 = compareImages(a8, b8, { metrics: ['psnr', 'ssim', 'msssim'], recipe });
      const r16 = compareImages(to16(a8), to16(b8), { metrics: ['psnr', 'ssim', 'msssim'], recipe });
      // y-matlab and gray round their result, which may land differently on the 16-bit scale.
      const rounded = channel === 'y-matlab' || channel === 'gray';
      const tol = rounded ? 1e-3 : 1e-9;
      assert.ok(Math.abs((r8.metrics.ssim ?? NaN) - (r16.metrics.ssim ?? NaN)) <= tol, `${channel} ${ssimVariant}`);
      assert.ok(Math.abs((r8.metrics.msssim ?? NaN) - (r16.metrics.msssim ?? NaN)) <= tol);
      assert.ok(Math.abs((r8.metrics.psnr ?? NaN) - (r16.metrics.psnr ?? NaN)) <= (rounded ? 0.05 : 1e-9));
    }
  }
});

test('a gray image equals its RGB replica, and pairs with an RGB image as R = G = B', () => {
  const gray = randomImage(180, 181, 1, 8, 9);
  const replica = grayToRgb(gray);
  assert.equal(imagesIdentical(gray, replica), true);
  const same = compareImages(gray, replica, { metrics: ['psnr', 'ssim'], recipe: base });
  assert.equal(same.identical, true);
  assert.equal(same.psnrInfinite, true);
  const rgb = addNoise(replica, 10, 11); // independent noise per channel: a real RGB image
  for (const channel of CHANNEL_MODES) {
    const recipe = { ...base, channel };
    const mixed = compareImages(gray, rgb, { metrics: ['psnr', 'ssim', 'msssim'], recipe, maps: { absError: true } });
    const replicated = compareImages(replica, rgb, { metrics: ['psnr', 'ssim', 'msssim'], recipe, maps: { absError: true } });
    const reversed = compareImages(rgb, gray, { metrics: ['psnr', 'ssim', 'msssim'], recipe });
    assert.deepEqual(mixed.metrics, replicated.metrics);
    assert.deepEqual(mixed.perChannel, replicated.perChannel);
    assert.deepEqual(mixed.maps.absError?.data, replicated.maps.absError?.data);
    assert.equal(mixed.identical, false);
    assert.ok(Math.abs((reversed.metrics.ssim ?? NaN) - (mixed.metrics.ssim ?? NaN)) <= 1e-14);
  }
  // One pixel off in one channel: not identical.
  const almost = { ...replica, data: replica.data.slice() };
  almost.data[301] ^= 1;
  assert.equal(imagesIdentical(gray, almost), false);
});

test('data-range override changes C1, C2 and PSNR but never rescales the values', () => {
  const a = randomImage(60, 50, 3, 8, 12);
  const b = addNoise(a, 9, 13);
  const plain = compareImages(a, b, { metrics: ['psnr', 'ssim'], recipe: base });
  const wide = compareImages(a, b, { metrics: ['psnr', 'ssim'], recipe: { ...base, dataRange: 510 } });
  assert.equal(plain.dataRange, 255);
  assert.equal(wide.dataRange, 510);
  assert.equal(wide.metrics.mse, plain.metrics.mse);
  assert.ok(Math.abs((wide.metrics.psnr ?? NaN) - (plain.metrics.psnr ?? NaN) - 20 * Math.log10(2)) <= 1e-12);
  assert.ok((wide.metrics.ssim ?? NaN) > (plain.metrics.ssim ?? NaN), 'larger C1, C2 pull SSIM towards 1');
});

test('result shape: exactly the requested metrics (+ mse with psnr), decoded size before the crop, lpips ignored', () => {
  const a = randomImage(40, 30, 3, 8, 14);
  const b = addNoise(a, 9, 15);
  const r = compareImages(a, b, { metrics: ['ssim', 'lpips'], recipe: { ...base, cropBorder: 4 } });
  assert.deepEqual(Object.keys(r.metrics), ['ssim']);
  assert.equal(r.width, 40);
  assert.equal(r.height, 30);
  assert.deepEqual(r.maps, {});
  assert.deepEqual(r.unavailable, {});
  assert.equal(r.psnrInfinite, false);
  assert.equal(r.perChannel.ssim?.length, 3);
  const p = compareImages(a, b, { metrics: ['psnr'], recipe: { ...base, channel: 'y' } });
  assert.deepEqual(Object.keys(p.metrics).sort(), ['mse', 'psnr']);
  assert.deepEqual(p.perChannel, {});
  const map = compareImages(a, b, { metrics: ['psnr'], recipe: base, maps: { ssim: true } });
  assert.deepEqual(Object.keys(map.metrics).sort(), ['mse', 'psnr'], 'the SSIM map does not add the ssim metric');
  assert.equal(map.maps.ssim?.width, 40);
});

test('identical: any byteOffset, odd lengths, 8 and 16 bits; one differing sample anywhere is seen', () => {
  for (const bits of [8, 16] as const) {
    const image = randomImage(7, 3, 3, bits, 20 + bits); // 63 samples: not a multiple of 4 bytes for 8-bit
    for (const offset of [0, 1, 2, 3]) {
      const backing = bits === 16 ? new Uint16Array(image.data.length + offset) : new Uint8Array(image.data.length + offset);
      backing.set(image.data, offset);
      const view: DecodedImage = { ...image, data: backing.subarray(offset) };
      assert.equal(imagesIdentical(image, view), true, `${bits}-bit offset ${offset}`);
      for (const i of [0, 31, image.data.length - 1]) {
        const changed = view.data.slice();
        changed[i] ^= 1;
        assert.equal(imagesIdentical(view, { ...image, data: changed }), false, `${bits}-bit offset ${offset} sample ${i}`);
      }
    }
  }
});
