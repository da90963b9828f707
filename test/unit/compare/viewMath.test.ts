// View logic of the comparison panel (webview/compare): zoom/pan math, colorbar ticks, card formats.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centeredTransform, colorbarTicks, fitTransform, formatPsnr, formatScore, formatTick, pan, pixelAt, regionTransform, viewCenter, zoomAround } from '../../../webview/compare/viewMath';

describe('compare view math', () => {
  it('fits an image into the viewport, centred, never above 1:1 unless asked', () => {
    assert.deepEqual(fitTransform(1000, 500, 500, 500), { zoom: 0.5, offsetX: 0, offsetY: 125 });
    assert.deepEqual(fitTransform(100, 100, 400, 200), { zoom: 1, offsetX: 150, offsetY: 50 });
    assert.equal(fitTransform(100, 100, 400, 200, true).zoom, 2);
  });

  it('zooms around the cursor: the image point under it stays put', () => {
    const t = { zoom: 2, offsetX: 10, offsetY: -30 };
    const before = { x: (123 - t.offsetX) / t.zoom, y: (77 - t.offsetY) / t.zoom };
    const z = zoomAround(t, 1.7, 123, 77);
    assert.equal(z.zoom, 3.4);
    assert.ok(Math.abs((123 - z.offsetX) / z.zoom - before.x) < 1e-9);
    assert.ok(Math.abs((77 - z.offsetY) / z.zoom - before.y) < 1e-9);
    assert.equal(zoomAround({ zoom: 60, offsetX: 0, offsetY: 0 }, 10, 0, 0).zoom, 64, 'clamped at 64');
  });

  it('maps screen points to pixels, with pan and centring', () => {
    const t = centeredTransform(4, 10, 20, 200, 100);
    assert.deepEqual(viewCenter(t, 200, 100), { x: 10, y: 20 });
    assert.deepEqual(pixelAt(t, 100, 50, 64, 64), { x: 10, y: 20 });
    assert.deepEqual(pixelAt(t, 103.9, 53.9, 64, 64), { x: 10, y: 20 }, 'pixel-exact: a 4×4 block is one pixel');
    assert.equal(pixelAt(t, 0, 0, 64, 64), undefined, 'outside the image');
    assert.deepEqual(pixelAt(pan(t, 4, 0), 100, 50, 64, 64), { x: 9, y: 20 });
    const r = regionTransform(100, 100, 50, 50, 500, 500);
    assert.deepEqual(viewCenter(r, 500, 500), { x: 125, y: 125 });
  });

  it('labels a colorbar with nice ticks that include both ends', () => {
    assert.deepEqual(colorbarTicks(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    const t = colorbarTicks(-0.06, 0.95, 5);
    assert.equal(t[0], -0.06);
    assert.equal(t[t.length - 1], 0.95);
    assert.ok(t.includes(0.5));
    assert.deepEqual(colorbarTicks(3, 3), [3]);
    assert.equal(formatTick(0.5, 1), '0.50');
    assert.equal(formatTick(120, 124.7), '120');
  });

  it('formats the cards: PSNR with 2 decimals or ∞, scores with 4', () => {
    assert.equal(formatPsnr(27.3148, false), '27.31');
    assert.equal(formatPsnr(null, true), '∞');
    assert.equal(formatScore(0.85790439), '0.8579');
    assert.equal(formatScore(undefined), '—');
  });
});
