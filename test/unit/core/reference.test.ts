/**
 * Every pair of test/fixtures/reference/reference.json, every key it has (LPIPS excepted: it is not a
 * core metric), within 1e-6 absolute. JPEG pairs go through the product's decoder
 * (libjpeg-turbo), so they must match as tightly as their PNG twins.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareImages } from '../../../src/core/compare';
import type { MetricName, Recipe } from '../../../src/core/recipe';
import { CORPUS, REFERENCE_JSON } from '../../helpers/paths';
import { loadImage } from './loadImage';

const TOLERANCE = 1e-6;

interface ReferenceMetric {
  value: number | null;
  infinite?: boolean;
}
interface ReferencePair {
  id: string;
  a: string;
  b: string;
  width: number;
  height: number;
  metrics: Record<string, ReferenceMetric>;
}

/** reference.json key → (recipe, metric and field of the result). docs/ARCHITECTURE.md, "Metric recipes". */
const KEYS: Record<string, { recipe: Partial<Recipe>; metric: MetricName; field: 'mse' | 'psnr' | 'ssim' | 'msssim' }> = {
  psnr: { recipe: {}, metric: 'psnr', field: 'psnr' },
  mse: { recipe: {}, metric: 'psnr', field: 'mse' },
  ssim_wang2004: { recipe: {}, metric: 'ssim', field: 'ssim' },
  ssim_skimage_default: { recipe: { ssimVariant: 'skimage' }, metric: 'ssim', field: 'ssim' },
  ssim_matlab: { recipe: { ssimVariant: 'matlab' }, metric: 'ssim', field: 'ssim' },
  psnr_y: { recipe: { channel: 'y' }, metric: 'psnr', field: 'psnr' },
  ssim_y_wang2004: { recipe: { channel: 'y' }, metric: 'ssim', field: 'ssim' },
  psnr_y_rounded: { recipe: { channel: 'y-matlab' }, metric: 'psnr', field: 'psnr' },
  ssim_y_rounded_wang2004: { recipe: { channel: 'y-matlab' }, metric: 'ssim', field: 'ssim' },
  ssim_gray_wang2004: { recipe: { channel: 'gray' }, metric: 'ssim', field: 'ssim' },
  psnr_crop4: { recipe: { cropBorder: 4 }, metric: 'psnr', field: 'psnr' },
  ssim_wang2004_crop4: { recipe: { cropBorder: 4 }, metric: 'ssim', field: 'ssim' },
  msssim: { recipe: {}, metric: 'msssim', field: 'msssim' },
  msssim_gray: { recipe: { channel: 'gray' }, metric: 'msssim', field: 'msssim' },
};
const NOT_CORE = new Set(['lpips_squeeze_v0.1']);

const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: ReferencePair[] };

test('reference.json has the 40 pairs and only keys this test knows', () => {
  assert.equal(reference.pairs.length, 40);
  const seen = new Set<string>();
  for (const pair of reference.pairs) for (const key of Object.keys(pair.metrics)) seen.add(key);
  for (const key of seen) assert.ok(key in KEYS || NOT_CORE.has(key), `unknown reference key ${key}`);
  for (const key of Object.keys(KEYS)) assert.ok(seen.has(key), `no pair has ${key}`);
  assert.ok(reference.pairs.some((p) => p.b.endsWith('.jpg')), 'the JPEG pairs are covered');
});

let checked = 0;
const worst = { png: 0, jpeg: 0 };
for (const pair of reference.pairs) {
  test(`reference ${pair.id}`, () => {
    const a = loadImage(join(CORPUS, pair.a));
    const b = loadImage(join(CORPUS, pair.b));
    assert.equal(a.width, pair.width);
    assert.equal(a.height, pair.height);
    // Group the keys by recipe so each recipe runs once with all the metrics it needs.
    const groups = new Map<string, { recipe: Recipe; metrics: Set<MetricName>; keys: string[] }>();
    for (const key of Object.keys(pair.metrics)) {
      if (NOT_CORE.has(key)) continue;
      const spec = KEYS[key];
      const recipe: Recipe = { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0, ...spec.recipe };
      const id = JSON.stringify(recipe);
      const group = groups.get(id) ?? { recipe, metrics: new Set<MetricName>(), keys: [] };
      group.metrics.add(spec.metric);
      group.keys.push(key);
      groups.set(id, group);
    }
    for (const { recipe, metrics, keys } of groups.values()) {
      const result = compareImages(a, b, { metrics: [...metrics], recipe });
      assert.deepEqual(Object.keys(result.metrics).sort(), [...metrics].flatMap((m) => (m === 'psnr' ? ['mse', 'psnr'] : [m])).sort());
      for (const key of keys) {
        const expected = pair.metrics[key];
        const field = KEYS[key].field;
        const got = result.metrics[field];
        if (expected.value === null) {
          // conventions.psnr_infinite: null means +∞ (the added recipes omit the `infinite` flag).
          assert.notEqual(expected.infinite, false, `${key}: a null reference value means infinite`);
          assert.equal(got, null, `${key}: expected an infinite PSNR`);
          assert.equal(result.psnrInfinite, true, `${key}: psnrInfinite`);
        } else {
          assert.equal(typeof got, 'number', `${key}: expected a number, got ${String(got)}`);
          const error = Math.abs((got as number) - expected.value);
          assert.ok(error <= TOLERANCE, `${pair.id} ${key}: got ${String(got)}, expected ${expected.value} (|error| ${error})`);
          if (field === 'psnr') assert.equal(result.psnrInfinite, false);
          const kind = pair.b.endsWith('.jpg') ? 'jpeg' : 'png';
          worst[kind] = Math.max(worst[kind], error);
        }
        checked++;
      }
    }
  });
}

test('every reference value was checked', (t) => {
  t.diagnostic(`largest |error|: PNG pairs ${worst.png}, JPEG pairs ${worst.jpeg}`);
  let expected = 0;
  for (const pair of reference.pairs) for (const key of Object.keys(pair.metrics)) if (!NOT_CORE.has(key)) expected++;
  assert.equal(checked, expected);
});
