/**
 * Map coordinates between the image and the maps the panel shows (src/core/compactMap.ts for
 * the inspector's exact values, webview/compare/heatmap.ts for drawing): the SSIM map covers the
 * cropped region and, for the MATLAB variant, is downsampled by ssim.m's factor f.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compareImages } from '../../../src/core/compare';
import type { Recipe } from '../../../src/core/recipe';
import { compactMap, mapValueAt } from '../../../src/core/compactMap';
import { compactValueAt, mapToImageScale } from '../../../webview/compare/heatmap';
import { compareFiles } from '../../../src/worker/compareFiles';
import { CORPUS } from '../../helpers/paths';
import { loadImage } from '../core/loadImage';

const a = loadImage(join(CORPUS, 'astronaut', 'ref.png'));
const b = loadImage(join(CORPUS, 'astronaut', 'noise_s51.png'));

function ssimMap(recipe: Recipe) {
  const result = compareImages(a, b, { metrics: ['ssim'], recipe, maps: { ssim: true } });
  const map = result.maps.ssim;
  assert.ok(map, 'an SSIM map');
  return map;
}

describe('map coordinates', () => {
  it('the worker compacts the maps itself (compactMaps option): the same bytes as compacting in the host', () => {
    const bytes = (name: string) => new Uint8Array(readFileSync(join(CORPUS, 'astronaut', name)));
    const recipe: Recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 2 };
    const result = compareFiles(bytes('ref.png'), bytes('blur_s3.png'), 'ref.png', 'blur_s3.png', { metrics: ['psnr', 'ssim'], recipe, maps: { absError: true, ssim: true }, compactMaps: true }, 'serial');
    assert.ok(result.maps.absError && result.maps.ssim && result.compactMaps?.absError && result.compactMaps.ssim);
    assert.deepEqual(result.compactMaps.absError, compactMap(result.maps.absError, 2));
    assert.deepEqual(result.compactMaps.ssim, compactMap(result.maps.ssim, 2));
  });

  it('MATLAB variant: a 512² pair cropped by 4 has a 252² map (f = 2); image pixel 4 + 2k reads map sample k', () => {
    const crop = 4;
    const map = ssimMap({ ssimVariant: 'matlab', channel: 'rgb', cropBorder: crop });
    assert.deepEqual([map.width, map.height], [252, 252]);
    for (const [k, j] of [[0, 0], [10, 20], [125, 200], [251, 251]]) {
      const expected = map.data[j * map.width + k];
      if (Number.isNaN(expected)) continue;
      assert.equal(mapValueAt(map, crop + 2 * k, crop + 2 * j, a.width, a.height, crop), expected, `sample (${k}, ${j})`);
      assert.equal(mapValueAt(map, crop + 2 * k + 1, crop + 2 * j + 1, a.width, a.height, crop), expected, `the other pixel of block (${k}, ${j})`);
    }
    // The cropped border has no value.
    assert.equal(mapValueAt(map, 3, 100, a.width, a.height, crop), undefined);
    assert.equal(mapValueAt(map, 100, a.height - crop, a.width, a.height, crop), undefined);
    // The webview draws it at 2 image pixels per map sample, offset by the crop.
    const compact = compactMap(map, crop);
    assert.deepEqual(mapToImageScale(compact, a.width, a.height), { sx: 2, sy: 2, offset: crop });
  });

  it('Wang 2004: the map has one value per pixel of the cropped region, NaN (no value) where the window does not fit', () => {
    const crop = 3;
    const map = ssimMap({ ssimVariant: 'wang2004', channel: 'y', cropBorder: crop });
    assert.deepEqual([map.width, map.height], [a.width - 2 * crop, a.height - 2 * crop]);
    assert.ok(map.valid, 'a valid region');
    const { left, top } = map.valid;
    assert.equal(mapValueAt(map, crop + left, crop + top, a.width, a.height, crop), map.data[top * map.width + left]);
    assert.equal(mapValueAt(map, crop + left - 1, crop + top, a.width, a.height, crop), undefined, 'outside the valid region');
    const compact = compactMap(map, crop);
    assert.deepEqual(mapToImageScale(compact, a.width, a.height), { sx: 1, sy: 1, offset: crop });
    const exact = map.data[(top + 7) * map.width + left + 9];
    const quantised = compactValueAt(compact, left + 9, top + 7) ?? NaN;
    assert.ok(Math.abs(quantised - exact) <= (map.max - map.min) / 255, `compact ${quantised} vs exact ${exact}`);
  });
});
