// Colormaps (src/core/colormaps.ts): endpoints close to matplotlib's tables, LUT layout, clamping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COLORMAP_NAMES, colormapLut, colormapRgb } from '../../../src/core/colormaps';

function near(actual: number[], expected: number[], tolerance: number, label: string): void {
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}: ${actual} vs ${expected}`);
}

describe('colormaps', () => {
  it('match matplotlib at the ends and the middle (viridis, magma within a few levels)', () => {
    near(colormapRgb('viridis', 0), [68, 1, 84], 4, 'viridis 0');
    near(colormapRgb('viridis', 0.5), [33, 145, 140], 4, 'viridis 0.5');
    near(colormapRgb('viridis', 1), [253, 231, 37], 4, 'viridis 1');
    near(colormapRgb('magma', 0), [0, 0, 4], 4, 'magma 0');
    near(colormapRgb('magma', 1), [252, 253, 191], 6, 'magma 1');
    const [r, g, b] = colormapRgb('turbo', 0.5);
    assert.ok(g > 240 && g > r && g > b, `turbo is green-yellow in the middle: ${[r, g, b]}`);
    assert.deepEqual(colormapRgb('grayscale', 0.5), [128, 128, 128]);
  });

  it('clamps and builds 256-entry RGB tables', () => {
    assert.deepEqual(colormapRgb('viridis', -3), colormapRgb('viridis', 0));
    assert.deepEqual(colormapRgb('viridis', 7), colormapRgb('viridis', 1));
    assert.deepEqual(colormapRgb('magma', Number.NaN), colormapRgb('magma', 0));
    for (const name of COLORMAP_NAMES) {
      const lut = colormapLut(name);
      assert.equal(lut.length, 768);
      assert.deepEqual([...lut.subarray(255 * 3, 256 * 3)], colormapRgb(name, 1));
    }
  });
});
