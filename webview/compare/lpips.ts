/**
 * LPIPS in the page's Web Worker (webview/lpips/lpipsClient.ts), after the first scores and the
 * decode; the result goes to the host as `lpipsResult`.
 */
import { checkLpipsPair } from '../../src/core/lpipsInput';
import type { PanelLpips } from '../../src/protocol/compare';
import { LpipsClient } from '../lpips/lpipsClient';
import { renderCards } from './cards';
import { quantiseMap } from './heatmap';
import { renderSide } from './inspector';
import { renderNotices } from './sidePanel';
import { scheduleDraw } from './stage';
import { hostAssets, post, state } from './state';

/** Stops LPIPS when the panel closes or hides: its worker would otherwise keep a core busy. */
export function installLpipsLifecycle(): void {
  window.addEventListener('pagehide', () => {
    state.lpipsClient?.dispose();
    state.lpipsClient = undefined;
  });
}

/** Settings that changed while the panel was open: later LPIPS runs use the new backend and limit. */
export function configureLpips(): void {
  const settings = state.settings;
  if (settings) state.lpipsClient?.configure({ backend: settings.lpipsBackend, maxMegapixels: settings.lpipsMaxMegapixels });
}

export function startLpips(): void {
  const settings = state.settings;
  const resources = state.resources;
  const decoded = state.decoded;
  state.lpips = undefined;
  state.lpipsMap = undefined;
  state.lpipsMapExact = undefined;
  state.heatmapCanvases.delete(`lpips:${state.view.colormap}`);
  for (const key of [...state.heatmapCanvases.keys()]) if (key.startsWith('lpips:')) state.heatmapCanvases.delete(key);
  if (!settings || !resources || !settings.metrics.includes('lpips')) {
    state.lpipsState = 'off';
    return;
  }
  const run = ++state.lpipsRun;
  const fail = (reason: string) => {
    if (run !== state.lpipsRun) return;
    state.lpipsState = 'unavailable';
    state.lpipsReason = reason;
    post({ type: 'lpipsUnavailable', reason });
    renderCards();
    renderNotices();
    renderSide();
  };
  if (!decoded) {
    if (state.decodeError) fail(`LPIPS needs the decoded images: ${state.decodeError}`);
    return;
  }
  const [a, b] = decoded;
  const crop = state.recipe.cropBorder;
  // The same check (and wording) as every other LPIPS path, before the runtime is started.
  try {
    checkLpipsPair(a.image, b.image, { cropBorder: crop, maxMegapixels: settings.lpipsMaxMegapixels });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
    return;
  }
  state.lpipsClient ??= new LpipsClient({
    loadBytes: hostAssets.load,
    workerUrl: resources.lpipsWorker,
    modelUrl: resources.lpipsModel,
    modelName: resources.lpipsNetwork,
    wasmBaseUrl: resources.ortWasmBase,
    backend: settings.lpipsBackend,
    maxMegapixels: settings.lpipsMaxMegapixels,
  });
  state.lpipsState = 'running';
  renderCards();
  state.lpipsClient.run(a.image, b.image, { cropBorder: crop, map: true }).then(
    (result) => {
      if (run !== state.lpipsRun) return;
      const adapter = result.adapter ? [result.adapter.vendor, result.adapter.architecture, result.adapter.description].filter(Boolean).join(' ') : undefined;
      const lpips: PanelLpips = {
        value: result.distance,
        network: [result.network, result.networkVersion ? `v${result.networkVersion}` : ''].filter(Boolean).join(' '),
        backend: result.backend,
        adapter: adapter ? `${adapter}${result.adapter?.isFallbackAdapter ? ', software fallback' : ''}` : undefined,
        ms: result.millis,
      };
      state.lpips = lpips;
      state.lpipsState = 'done';
      state.lpipsNotices = [...result.notices];
      if (result.map) {
        state.lpipsMap = quantiseMap(result.map.width, result.map.height, result.map.data, crop);
        state.lpipsMapExact = { width: result.map.width, height: result.map.height, data: result.map.data };
      }
      post({ type: 'lpipsResult', lpips });
      renderCards();
      renderNotices();
      renderSide();
      scheduleDraw();
    },
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
}
