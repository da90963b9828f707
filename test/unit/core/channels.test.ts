/**
 * Channel conversion details: JS Math.round equals MATLAB round (half away from zero) on the
 * non-negative gray values, data ranges, and the MATLAB downsampling factor's rounding.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDataRange, toPlanes } from '../../../src/core/channels';
import { matlabDownsampleFactor } from '../../../src/core/downsample';
import { roundHalfAwayFromZero } from './naive';
import { seededRandom } from './random';

test('Math.round is MATLAB round on every 8-bit rgb2gray value, on sampled 16-bit values, and at halves', () => {
  const gray = (r: number, g: number, b: number) => 0.298936021293775 * r + 0.587043074451121 * g + 0.114020904255103 * b;
  let mismatches = 0;
  for (let r = 0; r < 256; r++) {
    for (let g = 0; g < 256; g++) {
      for (let b = 0; b < 256; b++) {
        const v = gray(r, g, b);
        if (Math.round(v) !== roundHalfAwayFromZero(v)) mismatches++;
      }
    }
  }
  assert.equal(mismatches, 0);
  const random = seededRandom(42);
  for (let i = 0; i < 200000; i++) {
    const v = gray(Math.floor(random() * 65536), Math.floor(random() * 65536), Math.floor(random() * 65536));
    assert.equal(Math.round(v), roundHalfAwayFromZero(v));
  }
  for (const v of [0, 0.5, 1.5, 2.5, 254.5, 0.49999999999999994, 65534.5]) assert.equal(Math.round(v), roundHalfAwayFromZero(v), String(v));
  // Where they would differ (negative halves), the values cannot occur: gray values are never negative.
  assert.notEqual(Math.round(-2.5), roundHalfAwayFromZero(-2.5));
});

test('gray mode on a gray image gives the image back (the weights sum to 1 within rounding)', () => {
  for (const bits of [8, 16] as const) {
    const max = 2 ** bits - 1;
    const data = bits === 16 ? new Uint16Array(max + 1) : new Uint8Array(max + 1);
    for (let v = 0; v <= max; v++) data[v] = v;
    const image = { width: max + 1, height: 1, channels: 1 as const, bitDepth: bits, data };
    assert.deepEqual(Array.from(toPlanes(image, 'gray', 0).planes[0]), Array.from(data));
  }
});

test('data range: 255 / 65535 by bit depth, 255 for y and y-matlab', () => {
  assert.equal(defaultDataRange(8, 'rgb'), 255);
  assert.equal(defaultDataRange(16, 'rgb'), 65535);
  assert.equal(defaultDataRange(16, 'gray'), 65535);
  assert.equal(defaultDataRange(16, 'y'), 255);
  assert.equal(defaultDataRange(16, 'y-matlab'), 255);
  // Y of 16-bit white is on the 0–255 scale.
  const white = { width: 1, height: 1, channels: 3 as const, bitDepth: 16 as const, data: new Uint16Array([65535, 65535, 65535]) };
  assert.ok(Math.abs(toPlanes(white, 'y', 0).planes[0][0] - 235) < 1e-12);
  assert.equal(toPlanes(white, 'y-matlab', 0).planes[0][0], 235);
});

test('ssim.m downsampling factor: max(1, round(min(H, W)/256)), halves rounded up', () => {
  assert.equal(matlabDownsampleFactor(255, 1000), 1);
  assert.equal(matlabDownsampleFactor(383, 383), 1);
  assert.equal(matlabDownsampleFactor(384, 500), 2);
  assert.equal(matlabDownsampleFactor(1024, 1024), 4);
  assert.equal(matlabDownsampleFactor(640, 2000), 3);
  assert.equal(matlabDownsampleFactor(11, 11), 1);
});
