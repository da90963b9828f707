// Pure state changes of the comparison page (webview/compare/model.ts): the view on init, live
// settings (colormap now, the rest with the next comparison), the zoom and status texts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PanelScores, PanelSettings } from '../../../src/protocol/compare';
import { DEFAULT_VIEW, initialModel, onComputing, onSettingsChanged, statusText, viewOnInit, zoomText } from '../../../webview/compare/model';

const settings: PanelSettings = { metrics: ['psnr', 'ssim'], maxPixels: 100e6, lpipsBackend: 'auto', lpipsMaxMegapixels: 4, colormap: 'viridis' };

describe('compare page model', () => {
  it('starts from the persisted view and recipe, else the defaults', () => {
    const fresh = initialModel(undefined);
    assert.deepEqual(fresh.view, DEFAULT_VIEW);
    assert.deepEqual(fresh.recipe, { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 });
    const restored = initialModel({ recipe: { ssimVariant: 'matlab', channel: 'y', cropBorder: 4 }, view: { view: 'heatmap', zoom: 2 } });
    assert.equal(restored.view.view, 'heatmap');
    assert.equal(restored.view.zoom, 2);
    assert.equal(restored.view.colormap, 'viridis');
    assert.equal(restored.recipe.cropBorder, 4);
  });

  it('on init: the host’s view wins, else the persisted one, else the settings’ colormap', () => {
    const current = { ...DEFAULT_VIEW, view: 'swipe' as const };
    assert.deepEqual(viewOnInit(current, { ...DEFAULT_VIEW, colormap: 'turbo' }, true, settings), { ...DEFAULT_VIEW, colormap: 'turbo' });
    assert.equal(viewOnInit(current, undefined, true, { ...settings, colormap: 'magma' }), current);
    assert.deepEqual(viewOnInit(current, undefined, false, { ...settings, colormap: 'magma' }), { ...current, colormap: 'magma' });
  });

  it('a changed colormap setting applies at once; other settings wait for the next comparison', () => {
    const model = { ...initialModel(undefined), settings };
    const change = onSettingsChanged(model, { ...settings, colormap: 'turbo', metrics: ['psnr'] });
    assert.equal(change.colormapChanged, true);
    assert.equal(change.view.colormap, 'turbo');
    assert.deepEqual(change.nextSettings.metrics, ['psnr']);
    const next = { ...model, view: change.view, nextSettings: change.nextSettings };
    assert.deepEqual(next.settings.metrics, ['psnr', 'ssim'], 'the open comparison keeps its metrics');
    const adopted = onComputing(next);
    assert.deepEqual(adopted.settings?.metrics, ['psnr']);
    assert.equal(adopted.nextSettings, undefined);
    assert.equal(onComputing(model).settings, settings, 'nothing pending: the settings stay');
  });

  it('a settings change that leaves the colormap setting alone keeps the colormap picked in the panel', () => {
    const model = { ...initialModel(undefined), settings, view: { ...DEFAULT_VIEW, colormap: 'magma' as const } };
    const change = onSettingsChanged(model, { ...settings, lpipsBackend: 'wasm' });
    assert.equal(change.colormapChanged, false);
    assert.equal(change.view.colormap, 'magma');
  });

  it('formats the zoom and the status line', () => {
    assert.equal(zoomText(undefined), '');
    assert.equal(zoomText(1), '100 %');
    assert.equal(zoomText(0.05), '5.0 %');
    assert.equal(statusText({ computing: true, pending: [] }), 'Computing…');
    assert.equal(statusText({ computing: false, pending: [] }), '');
    const scores = { width: 64, height: 48 } as PanelScores;
    assert.equal(statusText({ computing: false, scores, scoresMs: 12, pending: [] }), '64×48 · 12 ms');
    assert.equal(statusText({ computing: false, scores, scoresMs: 12, pending: ['msssim', 'maps'] }), '64×48 · 12 ms · computing MS-SSIM, maps…');
  });
});
