/**
 * The fast SSIM / MS-SSIM / PSNR / maps against the naive oracle (naive.ts: direct 2-D windows,
 * two-pass variances, no separability) on seeded random images with odd sizes, 16-bit data,
 * crops, every SSIM variant and every channel mode.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imagePlaneSource, toPlanes } from '../../../src/core/channels';
import { compareImages } from '../../../src/core/compare';
import { downsampleMatlab } from '../../../src/core/downsample';
import { gaussianWindow, uniformWindow } from '../../../src/core/gaussian';
import type { BitDepth, ChannelCount } from '../../../src/core/image';
import { ssimPlaneMeans } from '../../../src/core/ssimFilter';
import { CHANNEL_MODES, SSIM_VARIANTS, type ChannelMode, type Recipe, type SsimVariant } from '../../../src/core/recipe';
import { naiveDownsample, naiveMse, naiveMsssimPlane, naivePlanes, naiveSsim, naiveSsimPlane } from './naive';
import { addNoise, randomImage, seededRandom } from './random';

const SSIM_TOLERANCE = 1e-9;

function recipe(ssimVariant: SsimVariant, channel: ChannelMode, cropBorder: number): Recipe {
  return { ssimVariant, channel, cropBorder };
}

interface Case {
  width: number;
  height: number;
  channels: ChannelCount;
  bitDepth: BitDepth;
  crop: number;
  noise: number;
}

const CASES: Case[] = [
  { width: 23, height: 17, channels: 3, bitDepth: 8, crop: 0, noise: 12 },
  { width: 31, height: 40, channels: 1, bitDepth: 8, crop: 3, noise: 30 },
  { width: 45, height: 29, channels: 3, bitDepth: 16, crop: 2, noise: 3000 },
  { width: 12, height: 11, channels: 1, bitDepth: 16, crop: 0, noise: 900 },
  { width: 77, height: 51, channels: 3, bitDepth: 8, crop: 7, noise: 60 },
  // Taller than two bands of the filter engine (33 rows), with a partial last band.
  { width: 19, height: 92, channels: 3, bitDepth: 8, crop: 1, noise: 20 },
];

let seed = 1000;
for (const c of CASES) {
  for (const channel of CHANNEL_MODES) {
    for (const variant of SSIM_VARIANTS) {
      const name = `${c.width}×${c.height}×${c.channels} ${c.bitDepth}-bit crop ${c.crop}, ${variant}, ${channel}`;
      const s = seed++;
      test(`fast = naive: ${name}`, () => {
        const a = randomImage(c.width, c.height, c.channels, c.bitDepth, s);
        const b = addNoise(a, c.noise, s + 1);
        const na = naivePlanes(a, channel, c.crop);
        const nb = naivePlanes(b, channel, c.crop);
        const range = channel === 'y' || channel === 'y-matlab' ? 255 : 2 ** c.bitDepth - 1;
        const side = Math.min(na[0].width, na[0].height);
        const fits = variant === 'skimage' ? side >= 7 : side >= 11;
        const result = compareImages(a, b, {
          metrics: ['psnr', 'ssim'],
          recipe: recipe(variant, channel, c.crop),
          maps: { ssim: true, absError: true },
          strict: false,
        });
        assert.equal(result.dataRange, range);
        const mse = naiveMse(na, nb);
        assert.ok(Math.abs((result.metrics.mse ?? NaN) - mse) <= 1e-9 * Math.max(1, mse), `mse ${result.metrics.mse} vs ${mse}`);
        assert.ok(Math.abs((result.metrics.psnr ?? NaN) - 10 * Math.log10((range * range) / mse)) <= 1e-10);
        // Absolute-error map: mean over planes of |a − b|.
        const abs = result.maps.absError;
        assert.ok(abs);
        assert.equal(abs.width, na[0].width);
        assert.equal(abs.height, na[0].height);
        for (let i = 0; i < abs.data.length; i++) {
          let e = 0;
          for (let p = 0; p < na.length; p++) e += Math.abs(na[p].values[i] - nb[p].values[i]);
          assert.equal(abs.data[i], Math.fround(e / na.length));
        }
        if (!fits) {
          assert.equal(result.metrics.ssim, undefined);
          assert.match(result.unavailable.ssim ?? '', /needs at least/);
          return;
        }
        const expected = naiveSsim(na, nb, variant, range);
        const got = result.metrics.ssim ?? NaN;
        assert.ok(Math.abs(got - expected.ssim) <= SSIM_TOLERANCE, `ssim ${got} vs naive ${expected.ssim}`);
        if (na.length === 3) {
          assert.equal(result.perChannel.ssim?.length, 3);
          result.perChannel.ssim?.forEach((v, i) => assert.ok(Math.abs(v - expected.perPlane[i]) <= SSIM_TOLERANCE));
        } else {
          assert.equal(result.perChannel.ssim, undefined);
        }
        // The map: mean over planes, NaN outside the valid region, float32 of the naive value.
        const map = result.maps.ssim;
        assert.ok(map);
        const r = variant === 'skimage' ? 3 : 5;
        assert.deepEqual(map.valid, { left: r, top: r, right: map.width - r, bottom: map.height - r });
        let min = Infinity;
        let max = -Infinity;
        for (let y = 0; y < map.height; y++) {
          for (let x = 0; x < map.width; x++) {
            const i = y * map.width + x;
            const inside = x >= r && x < map.width - r && y >= r && y < map.height - r;
            if (!inside) {
              assert.ok(Number.isNaN(map.data[i]), `map (${x}, ${y}) should be NaN`);
              continue;
            }
            const want = expected.maps.reduce((s, m) => s + m[i], 0) / expected.maps.length;
            assert.ok(Math.abs(map.data[i] - want) <= 1e-6, `map (${x}, ${y}) ${map.data[i]} vs ${want}`);
            min = Math.min(min, map.data[i]);
            max = Math.max(max, map.data[i]);
          }
        }
        assert.equal(map.min, min);
        assert.equal(map.max, max);
      });
    }
  }
}

test('matlab recipe downsamples from the cropped size: f = 2 and f = 3 (odd: centred window), odd sizes', () => {
  for (const [w, h, crop, f, channels] of [
    [401, 385, 0, 2, 3],
    [395, 396, 3, 2, 1],
    [645, 641, 0, 3, 1],
  ] as const) {
    const a = randomImage(w, h, channels, 8, w + h);
    const b = addNoise(a, 20, w);
    const result = compareImages(a, b, { metrics: ['ssim'], recipe: recipe('matlab', 'rgb', crop), maps: { ssim: true } });
    const na = naivePlanes(a, 'rgb', crop);
    const nb = naivePlanes(b, 'rgb', crop);
    const expected = naiveSsim(na, nb, 'matlab', 255);
    assert.ok(Math.abs((result.metrics.ssim ?? NaN) - expected.ssim) <= SSIM_TOLERANCE, `${w}×${h}: ${result.metrics.ssim} vs ${expected.ssim}`);
    assert.equal(result.maps.ssim?.width, Math.ceil((w - 2 * crop) / f));
    assert.equal(result.maps.ssim?.height, Math.ceil((h - 2 * crop) / f));
  }
});

test('downsampleMatlab equals the direct 2-D f×f mean with symmetric padding', () => {
  const random = seededRandom(7);
  for (const [w, h, f] of [[9, 7, 2], [10, 13, 3], [17, 16, 4], [5, 5, 5], [8, 6, 1]] as const) {
    const values = new Float64Array(w * h).map(() => Math.round(random() * 65535));
    const fast = downsampleMatlab(values, w, h, f);
    const slow = naiveDownsample({ width: w, height: h, values }, f);
    assert.equal(fast.width, slow.width);
    assert.equal(fast.height, slow.height);
    for (let i = 0; i < slow.values.length; i++) assert.ok(Math.abs(fast.plane[i] - slow.values[i]) <= 1e-9);
  }
});

test('MS-SSIM = naive msssim.m: RGB 8-bit odd size, gray 16-bit with a crop, each channel mode', () => {
  const cases = [
    { w: 181, h: 177, channels: 3 as const, bits: 8 as const, crop: 0, noise: 25, channel: 'rgb' as const },
    { w: 184, h: 190, channels: 1 as const, bits: 16 as const, crop: 2, noise: 4000, channel: 'rgb' as const },
    { w: 179, h: 200, channels: 3 as const, bits: 8 as const, crop: 1, noise: 15, channel: 'y' as const },
    { w: 176, h: 176, channels: 3 as const, bits: 16 as const, crop: 0, noise: 2500, channel: 'y-matlab' as const },
    { w: 190, h: 183, channels: 3 as const, bits: 8 as const, crop: 3, noise: 30, channel: 'gray' as const },
  ];
  for (const c of cases) {
    const a = randomImage(c.w, c.h, c.channels, c.bits, c.w * 7 + c.h);
    const b = addNoise(a, c.noise, c.h);
    const result = compareImages(a, b, { metrics: ['msssim'], recipe: recipe('wang2004', c.channel, c.crop) });
    const range = c.channel === 'y' || c.channel === 'y-matlab' ? 255 : 2 ** c.bits - 1;
    const na = naivePlanes(a, c.channel, c.crop);
    const nb = naivePlanes(b, c.channel, c.crop);
    const per = na.map((p, i) => naiveMsssimPlane(p, nb[i], range).value);
    const want = per.reduce((s, v) => s + v, 0) / per.length;
    assert.ok(Number.isFinite(want));
    assert.ok(Math.abs((result.metrics.msssim ?? NaN) - want) <= SSIM_TOLERANCE, `${JSON.stringify(c)}: ${result.metrics.msssim} vs ${want}`);
    if (na.length === 3) result.perChannel.msssim?.forEach((v, i) => assert.ok(Math.abs(v - per[i]) <= SSIM_TOLERANCE));
  }
});

test('toPlanes: crop first, then conversion, for every mode and both bit depths', () => {
  for (const bits of [8, 16] as const) {
    for (const channels of [1, 3] as const) {
      const image = randomImage(13, 9, channels, bits, bits + channels);
      for (const channel of CHANNEL_MODES) {
        const planes = toPlanes(image, channel, 2);
        const naive = naivePlanes(image, channel, 2);
        assert.equal(planes.width, 9);
        assert.equal(planes.height, 5);
        assert.equal(planes.planes.length, naive.length);
        planes.planes.forEach((p, i) => assert.deepEqual(Array.from(p), Array.from(naive[i].values)));
        // The row source used by the metrics gives the same rows, and a gray image can stand for R = G = B.
        const source = imagePlaneSource(image, channel, 2, channel === 'rgb' ? 3 : 1);
        const row = new Float64Array(source.width);
        for (let p = 0; p < source.planeCount; p++) {
          for (let y = 0; y < source.height; y++) {
            source.readRow(p, y, row);
            const want = naive[Math.min(p, naive.length - 1)].values.subarray(y * 9, y * 9 + 9);
            assert.deepEqual(Array.from(row), Array.from(want));
          }
        }
      }
    }
  }
});

test('the filter engine with other windows (generic loops): Gaussian σ 1 (9 taps) and a 5×5 box, vs the naive 2-D window', () => {
  const a = randomImage(37, 41, 1, 8, 77);
  const b = addNoise(a, 25, 78);
  const na = naivePlanes(a, 'rgb', 0);
  const nb = naivePlanes(b, 'rgb', 0);
  for (const window of [gaussianWindow(1, 3.5), uniformWindow(5)]) {
    const size = window.taps.length;
    const weights = Array.from({ length: size }, (_, i) => Array.from({ length: size }, (_, j) => window.taps[i] * window.taps[j]));
    const expected = naiveSsimPlane(na[0], nb[0], { size, weights, covNorm: 1 }, 255);
    const means = ssimPlaneMeans(imagePlaneSource(a, 'rgb', 0), imagePlaneSource(b, 'rgb', 0), { window, covarianceScale: 1, dataRange: 255 }, undefined, true);
    assert.ok(Math.abs(means.ssim[0] - expected.mssim) <= SSIM_TOLERANCE, `${size} taps: ${means.ssim[0]} vs ${expected.mssim}`);
    assert.ok(Math.abs(means.cs[0] - expected.mcs) <= SSIM_TOLERANCE);
  }
});
