/**
 * Notebook thumbnails (src/core/thumbnail.ts): box-filter sizes, gray and 16-bit images, maps with
 * NaN outside the valid region.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageThumbnail, mapThumbnail, thumbnailFactor } from '../../../src/core/thumbnail';

test('factor brings the longest side to at most the limit', () => {
  assert.equal(thumbnailFactor(512, 512, 256), 2);
  assert.equal(thumbnailFactor(451, 300, 256), 2);
  assert.equal(thumbnailFactor(100, 40, 256), 1);
  assert.equal(thumbnailFactor(1025, 10, 256), 5);
});

test('RGB, gray and 16-bit images average their boxes into RGBA', () => {
  const rgb = imageThumbnail({ width: 4, height: 2, channels: 3, bitDepth: 8, data: Uint8Array.from({ length: 24 }, (_, i) => i * 10) }, 2);
  assert.equal(rgb.width, 2);
  assert.equal(rgb.height, 1);
  // Box of pixels 0, 1, 4, 5: R values 0, 30, 120, 150 → 75.
  assert.deepEqual([...rgb.rgba.subarray(0, 4)], [75, 85, 95, 255]);
  const gray = imageThumbnail({ width: 3, height: 1, channels: 1, bitDepth: 16, data: Uint16Array.from([0, 65535, 257]) }, 2);
  assert.equal(gray.width, 2);
  assert.deepEqual([...gray.rgba], [128, 128, 128, 255, 1, 1, 1, 255]);
});

test('maps: NaN (outside the valid region) is left out of the average; a box with no defined value is NaN', () => {
  const data = Float32Array.from([NaN, NaN, NaN, NaN, NaN, 0.5, 1, NaN, NaN, 1, 0, NaN, NaN, NaN, NaN, NaN]);
  const small = mapThumbnail({ width: 4, height: 4, data, min: 0, max: 1, valid: { left: 1, top: 1, right: 3, bottom: 3 } }, 2);
  assert.equal(small.width, 2);
  assert.deepEqual([...small.data], [0.5, 1, 1, 0]);
  assert.equal(small.valid, undefined);
  const all = mapThumbnail({ width: 4, height: 2, data: Float32Array.from([NaN, NaN, 1, 1, NaN, NaN, 1, 1]), min: 1, max: 1 }, 2);
  assert.ok(Number.isNaN(all.data[0] as number), 'a box with no defined value stays undefined');
});
