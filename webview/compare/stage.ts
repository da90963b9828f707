/**
 * The stage: the view bar and view options, the viewports of the five views (side by side, swipe,
 * overlay, flicker, heatmap), zoom and pan transforms, and drawing the images and heatmaps.
 */
import { COLORMAP_NAMES, colormapLut } from '../../src/core/colormaps';
import type { DecodedImage } from '../../src/core/image';
import type { ColormapName, CompactMap, HeatmapKind, PanelViewState } from '../../src/protocol/compare';
import { el } from '../dom';
import { heatmapRgba } from './heatmap';
import { attachDivider, attachInteraction, renderSide } from './inspector';
import { button, range, select, stageEl, viewBar, viewOptions } from './layout';
import { HEATMAP_LABELS, VIEWS, VIEW_LABELS, zoomText } from './model';
import { saveState, state } from './state';
import { type ViewTransform, centeredTransform, fitTransform, viewCenter } from './viewMath';

export function buildViewBar(): void {
  viewBar.textContent = '';
  VIEWS.forEach((v, i) => {
    const b = button(VIEW_LABELS[v], `${VIEW_LABELS[v]} (${i + 1})`, () => setView({ view: v }), 'view-button');
    b.dataset.view = v;
    b.setAttribute('aria-pressed', String(state.view.view === v));
    viewBar.append(b);
  });
  viewBar.append(
    el('span', { className: 'sep' }),
    button('Fit', 'Fit to window (F)', () => fit()),
    button('1:1', 'One image pixel per screen pixel (Z)', () => oneToOne()),
    el('span', { className: 'zoom-readout', text: zoomText(state.transform?.zoom) }),
  );
}

export function updateZoomReadout(): void {
  const readout = viewBar.querySelector('.zoom-readout');
  if (readout) readout.textContent = zoomText(state.transform?.zoom);
}

/** The zoom as people read it: image pixels to screen pixels, in per cent. */

export function buildViewOptions(): void {
  viewOptions.textContent = '';
  const v = state.view;
  switch (v.view) {
    case 'side':
    case 'swipe':
      break;
    case 'overlay':
      viewOptions.append(range('B opacity', v.overlayOpacity, (x) => setView({ overlayOpacity: x }, false), 'overlay-opacity'));
      break;
    case 'flicker':
      viewOptions.append(
        select('Flicker', ['0', '250', '500', '1000'] as const, (ms) => (ms === '0' ? 'by key (Space)' : `every ${ms} ms`), String(v.flickerMs) as '0', (ms) => setView({ flickerMs: Number(ms) }), 'flicker-ms'),
        el('span', { className: 'flicker-label', text: `showing ${state.flickerShowB ? 'B' : 'A'}` }),
      );
      break;
    case 'heatmap': {
      const over = el('input');
      over.type = 'checkbox';
      over.id = 'heatmap-over';
      over.checked = v.heatmapOverImage;
      over.addEventListener('change', () => setView({ heatmapOverImage: over.checked }));
      viewOptions.append(
        select('Map', ['absError', 'ssim', 'lpips'] as const, (k) => HEATMAP_LABELS[k], v.heatmap, (k) => setView({ heatmap: k }), 'heatmap-kind'),
        select('Colormap', COLORMAP_NAMES, (c) => c, v.colormap, (c) => setView({ colormap: c as ColormapName }), 'colormap'),
        el('label', { className: 'control' }, over, el('span', { text: 'over image A' })),
      );
      if (v.heatmapOverImage) viewOptions.append(range('Opacity', v.heatmapOpacity, (x) => setView({ heatmapOpacity: x }, false), 'heatmap-opacity'));
      break;
    }
    default: {
      const never: never = v.view;
      void never;
    }
  }
}

export function setView(patch: Partial<PanelViewState>, rebuild = true): void {
  const before = state.view;
  state.view = { ...state.view, ...patch };
  if (patch.view !== undefined && patch.view !== before.view) {
    buildStage();
  }
  if (patch.flickerMs !== undefined || patch.view !== undefined) {
    if (state.flickerTimer) clearInterval(state.flickerTimer);
    state.flickerTimer = undefined;
    if (state.view.view === 'flicker' && state.view.flickerMs > 0) {
      state.flickerTimer = setInterval(() => {
        state.flickerShowB = !state.flickerShowB;
        updateFlickerLabel();
        scheduleDraw();
      }, state.view.flickerMs);
    }
  }
  if (patch.heatmap !== undefined && state.view.view === 'heatmap') {
    for (const tag of stageEl.querySelectorAll('.tag')) tag.textContent = HEATMAP_LABELS[state.view.heatmap];
  }
  if (rebuild) {
    buildViewBar();
    buildViewOptions();
  }
  renderSide();
  saveState();
  scheduleDraw();
}

export function updateFlickerLabel(): void {
  const label = viewOptions.querySelector('.flicker-label');
  if (label) label.textContent = `showing ${state.flickerShowB ? 'B' : 'A'}`;
  for (const tag of stageEl.querySelectorAll('.tag')) tag.textContent = state.flickerShowB ? `B: ${state.files?.[1].label ?? ''}` : `A: ${state.files?.[0].label ?? ''}`;
}

export interface Viewport {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Which image this viewport shows in side-by-side mode. */
  readonly side?: 'a' | 'b';
}

export function makeViewport(side: 'a' | 'b' | undefined, tag: string): Viewport {
  const root = el('div', { className: 'viewport' });
  root.tabIndex = 0;
  root.setAttribute('aria-label', tag);
  const canvas = el('canvas');
  root.append(canvas, el('div', { className: 'tag', text: tag }));
  const vp: Viewport = { root, canvas, side };
  attachInteraction(vp);
  return vp;
}

export function buildStage(): void {
  stageEl.textContent = '';
  state.divider = undefined;
  const la = state.files?.[0].label ?? 'A';
  const lb = state.files?.[1].label ?? 'B';
  switch (state.view.view) {
    case 'side':
      state.viewports = [makeViewport('a', `A: ${la}`), makeViewport('b', `B: ${lb}`)];
      break;
    case 'swipe': {
      state.viewports = [makeViewport(undefined, `A: ${la} | B: ${lb}`)];
      state.divider = el('div', { className: 'state.divider' });
      state.divider.setAttribute('role', 'slider');
      state.divider.setAttribute('aria-label', 'Swipe state.divider');
      state.divider.tabIndex = 0;
      attachDivider(state.divider, state.viewports[0]);
      state.viewports[0].root.append(state.divider);
      break;
    }
    case 'overlay':
      state.viewports = [makeViewport(undefined, `B: ${lb} over A: ${la}`)];
      break;
    case 'flicker':
      state.viewports = [makeViewport(undefined, state.flickerShowB ? `B: ${lb}` : `A: ${la}`)];
      break;
    case 'heatmap':
      state.viewports = [makeViewport(undefined, HEATMAP_LABELS[state.view.heatmap])];
      break;
    default: {
      const never: never = state.view.view;
      void never;
    }
  }
  stageEl.classList.toggle('two', state.viewports.length === 2);
  for (const vp of state.viewports) stageEl.append(vp.root);
  resizeCanvases();
}

export function imageSize(): { width: number; height: number } | undefined {
  const d = state.decoded;
  if (d) return { width: d[0].image.width, height: d[0].image.height };
  if (state.displaySize) return state.displaySize;
  const s = state.scores;
  return s ? { width: s.width, height: s.height } : undefined;
}

export function resizeCanvases(): void {
  const dpr = window.devicePixelRatio || 1;
  let resized = false;
  for (const vp of state.viewports) {
    const w = Math.max(1, Math.round(vp.root.clientWidth * dpr));
    const h = Math.max(1, Math.round(vp.root.clientHeight * dpr));
    if (vp.canvas.width !== w || vp.canvas.height !== h) {
      vp.canvas.width = w;
      vp.canvas.height = h;
      resized = true;
    }
  }
  const size = imageSize();
  const vp = state.viewports[0];
  if (size && vp) {
    if (state.view.zoom <= 0 || !state.transform) {
      state.transform = state.view.zoom <= 0
        ? fitTransform(size.width, size.height, vp.canvas.width, vp.canvas.height, true)
        : centeredTransform(state.view.zoom, state.view.centerX, state.view.centerY, vp.canvas.width, vp.canvas.height);
    }
  }
  updateZoomReadout();
  // Resizing cleared the canvases: repaint now rather than leave a blank frame.
  if (resized) draw();
  else scheduleDraw();
}

export function fit(): void {
  state.view = { ...state.view, zoom: 0 };
  state.transform = undefined;
  resizeCanvases();
  saveState();
}

export function oneToOne(): void {
  const vp = state.viewports[0];
  if (!vp || !state.transform) return;
  const c = viewCenter(state.transform, vp.canvas.width, vp.canvas.height);
  setTransform(centeredTransform(1, c.x, c.y, vp.canvas.width, vp.canvas.height));
}

export function setTransform(t: ViewTransform): void {
  state.transform = t;
  state.view = { ...state.view, zoom: t.zoom };
  updateZoomReadout();
  saveState();
  scheduleDraw();
}

export function scheduleDraw(): void {
  if (state.drawPending) return;
  state.drawPending = true;
  requestAnimationFrame(() => {
    state.drawPending = false;
    draw();
  });
}

export function toRgba(image: DecodedImage): ImageData {
  const { width, height, channels, data, bitDepth } = image;
  const out = new ImageData(width, height);
  const px = out.data;
  const shift = bitDepth === 16 ? 8 : 0;
  for (let i = 0, n = width * height; i < n; i++) {
    if (channels === 3) {
      px[i * 4] = data[i * 3] >> shift;
      px[i * 4 + 1] = data[i * 3 + 1] >> shift;
      px[i * 4 + 2] = data[i * 3 + 2] >> shift;
    } else {
      const g = data[i] >> shift;
      px[i * 4] = g;
      px[i * 4 + 1] = g;
      px[i * 4 + 2] = g;
    }
    px[i * 4 + 3] = 255;
  }
  return out;
}

export function canvasFrom(image: ImageData): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = image.width;
  c.height = image.height;
  (c.getContext('2d') as CanvasRenderingContext2D).putImageData(image, 0, 0);
  return c;
}

export function currentMap(kind: HeatmapKind = state.view.heatmap): CompactMap | undefined {
  switch (kind) {
    case 'absError':
      return state.scores?.maps.absError;
    case 'ssim':
      return state.scores?.maps.ssim;
    case 'lpips':
      return state.lpipsMap;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function heatmapCanvas(): HTMLCanvasElement | undefined {
  const map = currentMap();
  if (!map) return undefined;
  const key = `${state.view.heatmap}:${state.view.colormap}`;
  let c = state.heatmapCanvases.get(key);
  if (!c) {
    const rgba = heatmapRgba(map, colormapLut(state.view.colormap));
    c = canvasFrom(new ImageData(rgba, map.width, map.height));
    state.heatmapCanvases.set(key, c);
  }
  return c;
}

export function drawHeat(ctx: CanvasRenderingContext2D, heat: HTMLCanvasElement, map: CompactMap, size: { width: number; height: number }): void {
  const off = map.offset;
  ctx.drawImage(heat, 0, 0, heat.width, heat.height, off, off, size.width - 2 * off, size.height - 2 * off);
}

export function draw(): void {
  const size = imageSize();
  const t = state.transform;
  for (const vp of state.viewports) {
    const ctx = vp.canvas.getContext('2d');
    if (!ctx) continue;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, vp.canvas.width, vp.canvas.height);
    if (!state.sourceCanvases && state.bytes && !state.decodeError) {
      // The scores come first; the images follow once decoded here.
      ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-descriptionForeground') || 'gray';
      ctx.font = getComputedStyle(document.body).font;
      ctx.textAlign = 'center';
      ctx.fillText('Decoding the images…', vp.canvas.width / 2, vp.canvas.height / 2);
    }
    if (!size || !t || !state.sourceCanvases) continue;
    // Pixel-exact when magnified; smoothing only when minifying (avoids aliasing at fit).
    ctx.imageSmoothingEnabled = t.zoom < 1;
    ctx.setTransform(t.zoom, 0, 0, t.zoom, t.offsetX, t.offsetY);
    const [a, b] = state.sourceCanvases;
    switch (state.view.view) {
      case 'side':
        ctx.drawImage(vp.side === 'b' ? b : a, 0, 0);
        break;
      case 'swipe': {
        ctx.drawImage(a, 0, 0);
        const splitX = state.view.swipe * vp.canvas.width;
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.beginPath();
        ctx.rect(splitX, 0, vp.canvas.width - splitX, vp.canvas.height);
        ctx.clip();
        ctx.setTransform(t.zoom, 0, 0, t.zoom, t.offsetX, t.offsetY);
        ctx.drawImage(b, 0, 0);
        ctx.restore();
        if (state.divider) state.divider.style.left = `${state.view.swipe * 100}%`;
        break;
      }
      case 'overlay':
        ctx.drawImage(a, 0, 0);
        ctx.globalAlpha = state.view.overlayOpacity;
        ctx.drawImage(b, 0, 0);
        ctx.globalAlpha = 1;
        break;
      case 'flicker':
        ctx.drawImage(state.flickerShowB ? b : a, 0, 0);
        break;
      case 'heatmap': {
        const map = currentMap();
        const heat = heatmapCanvas();
        if (state.view.heatmapOverImage) ctx.drawImage(a, 0, 0);
        if (map && heat) {
          ctx.globalAlpha = state.view.heatmapOverImage ? state.view.heatmapOpacity : 1;
          drawHeat(ctx, heat, map, size);
          ctx.globalAlpha = 1;
        }
        break;
      }
      default: {
        const never: never = state.view.view;
        void never;
      }
    }
  }
}
