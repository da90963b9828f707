/**
 * Messages from the host (checked by the channel's guard, src/protocol/channel.ts): init, the
 * encoded files (decoded here once the first scores are painted), progress, scores, errors,
 * inspector answers, status lines and live settings.
 */
import { assertNever, isMessageOf } from '../../src/protocol/channel';
import { HOST_TO_PANEL_TYPES, type HostToPanelMessage, type PanelSettings } from '../../src/protocol/compare';
import { renderCards } from './cards';
import { decodeFile } from './decode';
import { renderInspector, renderSide } from './inspector';
import { titleEl } from './layout';
import { configureLpips, startLpips } from './lpips';
import { onComputing, onSettingsChanged, viewOnInit } from './model';
import { buildRecipeControls, renderError, renderNotices, renderStatus } from './sidePanel';
import { buildStage, buildViewBar, buildViewOptions, canvasFrom, resizeCanvases, scheduleDraw, setView, toRgba } from './stage';
import { hostAssets, persisted, saveState, state } from './state';

/** How long the panel waits for the first scores before decoding anyway (ms). */
export const DECODE_DEFER_MS = 800;

/** Resolves when the first scores or an error have arrived, or after `ms`. */
export function firstScoresOrTimeout(ms: number): Promise<void> {
  state.releaseDecode?.();
  if (state.scores || state.error) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (state.releaseDecode === done) state.releaseDecode = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.releaseDecode = done;
  });
}

/** Resolves after the next frame has been painted (or 50 ms, when the panel is hidden and frames stop). */
export function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

export function onInit(message: Extract<HostToPanelMessage, { type: 'init' }>): void {
  state.files = message.files;
  state.sources = message.sources;
  state.settings = message.settings;
  state.resources = message.resources;
  state.recipe = message.recipe;
  state.view = viewOnInit(state.view, message.view, persisted?.view !== undefined, message.settings);
  state.bytes = undefined;
  state.decoded = undefined;
  state.displaySize = undefined;
  state.decodeError = undefined;
  state.scores = undefined;
  state.transform = undefined;
  state.sourceCanvases = undefined;
  state.heatmapCanvases.clear();
  titleEl.textContent = `${message.files[0].label} ↔ ${message.files[1].label}`;
  titleEl.title = `A: ${message.files[0].path}\nB: ${message.files[1].path}`;
  buildRecipeControls();
  buildViewBar();
  buildViewOptions();
  buildStage();
  renderCards();
  renderNotices();
  saveState();
}

/** The encoded pair arrived: decode it here (the same decoders as the workers). */
export async function onFiles(message: Extract<HostToPanelMessage, { type: 'files' }>): Promise<void> {
  const files = state.files;
  const settings = state.settings;
  const resources = state.resources;
  if (!files || !settings || !resources) return;
  state.bytes = message.bytes;
  scheduleDraw();
  // The first scores come from the host's worker; on a small machine decoding here competes with
  // it for the CPU. Decode once they (or an error) have arrived and been painted, or after a
  // moment when they take long (big images).
  await firstScoresOrTimeout(DECODE_DEFER_MS);
  await nextPaint();
  if (state.bytes !== message.bytes) return;
  // Decode each file on its own: when one is broken, the other is still shown.
  const results = await Promise.allSettled(message.bytes.map((bytes, i) => decodeFile(bytes, files[i].path, settings.maxPixels, resources.jpegWasm)));
  if (state.bytes !== message.bytes) return;
  const ok = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (ok[0] && ok[1]) state.decoded = [ok[0], ok[1]];
  if (errors.length > 0) {
    state.decodeError = errors.join('\n');
    renderError();
  }
  if (state.error) renderError();
  const shown = ok[0] ?? ok[1];
  if (shown) {
    state.displaySize = { width: shown.image.width, height: shown.image.height };
    const blank = () => canvasFrom(new ImageData(1, 1));
    state.sourceCanvases = [ok[0] ? canvasFrom(toRgba(ok[0].image)) : blank(), ok[1] ? canvasFrom(toRgba(ok[1].image)) : blank()];
  }
  resizeCanvases();
  // LPIPS waits for the first scores: on a small machine it would compete with them for the CPU.
  if (state.scores || state.error || state.decodeError) startLpips();
}

const isHostToPanel = isMessageOf<HostToPanelMessage>(HOST_TO_PANEL_TYPES);

/** Listens to the host. */
export function installHostMessages(): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToPanel(event.data)) onMessage(event.data);
  });
}

/** Settings changed while the panel is open (model.ts `onSettingsChanged`). */
function onSettings(settings: PanelSettings): void {
  const change = onSettingsChanged(state, settings);
  state.nextSettings = change.nextSettings;
  if (change.colormapChanged) setView({ colormap: change.view.colormap });
}

function onMessage(message: HostToPanelMessage): void {
  switch (message.type) {
    case 'init':
      onInit(message);
      return;
    case 'files':
      void onFiles(message);
      return;
    case 'computing': {
      const adopted = onComputing(state);
      const changed = adopted.settings !== state.settings;
      state.settings = adopted.settings;
      state.nextSettings = adopted.nextSettings;
      if (changed) configureLpips();
      state.computing = true;
      state.error = undefined;
      renderStatus();
      renderError();
      renderCards();
      return;
    }
    case 'scores':
      state.computing = false;
      state.error = undefined;
      state.scores = message.scores;
      state.scoresRecipe = message.recipe;
      state.scoresMs = message.ms;
      state.pending = message.pending;
      for (const key of [...state.heatmapCanvases.keys()]) if (!key.startsWith('lpips:')) state.heatmapCanvases.delete(key);
      renderCards();
      renderStatus();
      renderError();
      renderNotices();
      renderSide();
      if (!state.transform) resizeCanvases();
      scheduleDraw();
      if (state.lpipsState === 'off' && state.decoded) startLpips();
      state.releaseDecode?.();
      return;
    case 'error':
      state.computing = false;
      state.error = { message: message.message, file: message.file };
      state.scores = undefined;
      renderCards();
      renderStatus();
      renderError();
      renderSide();
      scheduleDraw();
      if (state.lpipsState === 'off' && (state.decoded || state.decodeError)) startLpips();
      state.releaseDecode?.();
      return;
    case 'inspect':
      if (message.requestId === state.inspectRequests.latest && state.lastInspect && state.lastInspect.x === message.x && state.lastInspect.y === message.y) {
        renderInspector(message.x, message.y, { absError: message.absError, ssim: message.ssim });
      }
      return;
    case 'status':
      renderStatus(message.text);
      return;
    case 'settings':
      onSettings(message.settings);
      return;
    case 'asset':
      hostAssets.onAsset(message);
      return;
    default:
      assertNever(message, () => undefined);
  }
}
