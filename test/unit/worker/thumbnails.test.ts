/**
 * Thumbnails come from the job that decoded the images (the extension host decodes nothing): sizes
 * bounded by the requested side, pixels equal to a box filter of the decoded image.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_RECIPE } from '../../../src/core/recipe';
import { decodeImage } from '../../../src/decode/index';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';
import { compareFiles } from '../../../src/worker/compareFiles';
import { CORPUS } from '../../helpers/paths';

test('compareFiles returns RGBA thumbnails of A and B only when asked', () => {
  initJpegTurboFromDisk();
  const a = new Uint8Array(readFileSync(join(CORPUS, 'chelsea', 'ref.png')));
  const b = new Uint8Array(readFileSync(join(CORPUS, 'chelsea', 'jpeg_q10.jpg')));
  const plain = compareFiles(a.slice(), b.slice(), 'a.png', 'b.jpg', { metrics: ['psnr'], recipe: DEFAULT_RECIPE });
  assert.equal(plain.thumbnails, undefined);
  const r = compareFiles(a.slice(), b.slice(), 'a.png', 'b.jpg', { metrics: ['psnr'], recipe: DEFAULT_RECIPE, thumbnails: 100 });
  assert.ok(r.thumbnails);
  const [ta, tb] = r.thumbnails;
  // chelsea is 451×300: factor ceil(451/100) = 5 → 91×60.
  assert.deepEqual([ta.width, ta.height, tb.width, tb.height], [91, 60, 91, 60]);
  assert.equal(ta.rgba.length, 91 * 60 * 4);
  // The top-left thumbnail pixel is the mean of the 5×5 block of the decoded image (rounded).
  const decoded = decodeImage(a, { name: 'a.png' }).image;
  let sum = 0;
  for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) sum += decoded.data[(y * decoded.width + x) * 3] as number;
  assert.ok(Math.abs((ta.rgba[0] as number) - sum / 25) <= 0.5 + 1e-9, `${ta.rgba[0]} vs ${sum / 25}`);
  assert.equal(ta.rgba[3], 255);
});
