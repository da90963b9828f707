// Heatmap pixels and worst regions from compact maps (webview/compare/heatmap.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colormapLut } from '../../../src/core/colormaps';
import { compactValueAt, heatmapRgba, quantiseMap, worstRegions } from '../../../webview/compare/heatmap';

describe('heatmaps', () => {
  it('quantises to 8 bits over [min, max] and reads values back within one step', () => {
    const values = new Float32Array([0.2, 0.5, 1, -0.1]);
    const map = quantiseMap(2, 2, values, 0);
    assert.equal(map.min, Math.fround(-0.1));
    assert.equal(map.max, 1);
    for (let i = 0; i < 4; i++) assert.ok(Math.abs((compactValueAt(map, i % 2, Math.floor(i / 2)) ?? NaN) - values[i]) <= 1.1 / 255 + 1e-7);
  });

  it('colours the valid region and leaves the rest transparent', () => {
    const map = { ...quantiseMap(3, 1, new Float32Array([0, 0.5, 1]), 0), valid: { left: 1, top: 0, right: 3, bottom: 1 } };
    const rgba = heatmapRgba(map, colormapLut('grayscale'));
    assert.deepEqual([...rgba], [0, 0, 0, 0, 128, 128, 128, 255, 255, 255, 255, 255]);
    assert.equal(compactValueAt(map, 0, 0), undefined);
  });

  it('finds the worst block and reports it in image pixels (crop offset included)', () => {
    const w = 64;
    const values = new Float32Array(w * w).fill(1);
    for (let y = 40; y < 48; y++) for (let x = 8; x < 16; x++) values[y * w + x] = 0;
    const map = quantiseMap(w, w, values, 4);
    const [worst] = worstRegions(map, w + 8, w + 8, 'low', 3);
    assert.deepEqual([worst.x, worst.y, worst.width, worst.height], [12, 44, 8, 8]);
    assert.equal(worst.value, 0);
    const [highest] = worstRegions(map, w + 8, w + 8, 'high', 1);
    assert.equal(highest.value, 1);
  });
});
