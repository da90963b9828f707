/**
 * Pointer interaction (wheel zoom around the cursor, drag to pan, the swipe divider), the pixel
 * inspector (exact map values from the host by `inspect`), the colorbar and the worst regions.
 */
import { colormapLut } from '../../src/core/colormaps';
import type { DecodeResult } from '../../src/decode';
import type { CompactMap, HeatmapKind } from '../../src/protocol/compare';
import { el } from '../dom';
import { type Region, compactValueAt, mapToImageScale, worstRegions } from './heatmap';
import { button, colorbarEl, inspectorEl, sideEl, worstEl } from './layout';
import { HEATMAP_LABELS, HEATMAP_UNITS } from './model';
import { Viewport, currentMap, fit, imageSize, setTransform, setView } from './stage';
import { post, state } from './state';
import { colorbarTicks, formatTick, pan, pixelAt, regionTransform, zoomAround } from './viewMath';

export function devicePoint(vp: Viewport, event: MouseEvent): { x: number; y: number } {
  const rect = vp.canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  return { x: (event.clientX - rect.left) * dpr, y: (event.clientY - rect.top) * dpr };
}

export function attachInteraction(vp: Viewport): void {
  vp.root.addEventListener('wheel', (event) => {
    if (!state.transform) return;
    event.preventDefault();
    const p = devicePoint(vp, event);
    setTransform(zoomAround(state.transform, Math.exp(-event.deltaY * 0.0015), p.x, p.y));
  }, { passive: false });
  let dragging: { x: number; y: number } | undefined;
  vp.root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || event.target === state.divider) return;
    dragging = devicePoint(vp, event);
    vp.root.setPointerCapture(event.pointerId);
    vp.root.classList.add('dragging');
  });
  vp.root.addEventListener('pointermove', (event) => {
    const p = devicePoint(vp, event);
    if (dragging && state.transform) {
      setTransform(pan(state.transform, p.x - dragging.x, p.y - dragging.y));
      dragging = p;
    }
    inspect(p.x, p.y);
  });
  const stop = (event: PointerEvent) => {
    dragging = undefined;
    vp.root.classList.remove('dragging');
    if (vp.root.hasPointerCapture(event.pointerId)) vp.root.releasePointerCapture(event.pointerId);
  };
  vp.root.addEventListener('pointerup', stop);
  vp.root.addEventListener('pointercancel', stop);
  vp.root.addEventListener('dblclick', () => fit());
}

export function attachDivider(handle: HTMLElement, vp: Viewport): void {
  handle.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    handle.setPointerCapture(event.pointerId);
  });
  handle.addEventListener('pointermove', (event) => {
    if (!handle.hasPointerCapture(event.pointerId)) return;
    const rect = vp.root.getBoundingClientRect();
    setView({ swipe: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)) }, false);
  });
  handle.addEventListener('pointerup', (event) => handle.releasePointerCapture(event.pointerId));
  handle.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      event.stopPropagation();
      setView({ swipe: Math.min(1, Math.max(0, state.view.swipe + (event.key === 'ArrowLeft' ? -0.02 : 0.02))) }, false);
    }
  });
}

export function sampleText(result: DecodeResult, x: number, y: number): string {
  const { width, channels, data } = result.image;
  const i = (y * width + x) * channels;
  return channels === 3 ? `${data[i]}, ${data[i + 1]}, ${data[i + 2]}` : String(data[i]);
}

export function mapValueText(map: CompactMap | undefined, x: number, y: number, size: { width: number; height: number }): number | undefined {
  if (!map) return undefined;
  const { sx, sy, offset } = mapToImageScale(map, size.width, size.height);
  return compactValueAt(map, Math.floor((x - offset) / sx), Math.floor((y - offset) / sy));
}

export function inspect(sx: number, sy: number): void {
  const size = imageSize();
  if (!size || !state.transform) return;
  const p = pixelAt(state.transform, sx, sy, size.width, size.height);
  if (!p) {
    inspectorEl.textContent = 'Hover the image to inspect pixels.';
    return;
  }
  state.lastInspect = p;
  renderInspector(p.x, p.y);
  if (state.scores) post({ type: 'inspect', requestId: state.inspectRequests.next(), x: p.x, y: p.y });
}

export function renderInspector(x: number, y: number, exact?: { absError?: number; ssim?: number }): void {
  const size = imageSize();
  if (!size) return;
  const parts: string[] = [`x ${x}, y ${y}`];
  const d = state.decoded;
  if (d) {
    const bits = d[0].image.bitDepth;
    parts.push(`A (${bits}-bit) ${sampleText(d[0], x, y)}`, `B ${sampleText(d[1], x, y)}`);
    const { channels, data, width } = d[0].image;
    const other = d[1].image;
    const diffs: number[] = [];
    for (let c = 0; c < Math.max(channels, other.channels); c++) {
      const va = data[(y * width + x) * channels + Math.min(c, channels - 1)];
      const vb = other.data[(y * other.width + x) * other.channels + Math.min(c, other.channels - 1)];
      diffs.push(Math.abs(va - vb));
    }
    parts.push(`|A−B| ${diffs.join(', ')}`);
  }
  const ssim = exact?.ssim ?? mapValueText(state.scores?.maps.ssim, x, y, size);
  parts.push(`local SSIM ${ssim === undefined ? '—' : `${exact?.ssim !== undefined ? '' : '≈'}${ssim.toFixed(4)}`}`);
  const lpMap = state.lpipsMap;
  const exactMap = state.lpipsMapExact;
  let lp: number | undefined;
  if (lpMap && exactMap) {
    const { sx, sy, offset } = mapToImageScale(lpMap, size.width, size.height);
    const mx = Math.floor((x - offset) / sx);
    const my = Math.floor((y - offset) / sy);
    if (mx >= 0 && my >= 0 && mx < exactMap.width && my < exactMap.height) lp = exactMap.data[my * exactMap.width + mx];
  }
  parts.push(`LPIPS map ${lp === undefined ? '—' : lp.toFixed(4)}`);
  inspectorEl.textContent = parts.join('  ·  ');
}

export function renderSide(): void {
  colorbarEl.textContent = '';
  worstEl.textContent = '';
  const size = imageSize();
  const isHeat = state.view.view === 'heatmap';
  sideEl.classList.toggle('hidden', !state.scores);
  if (isHeat) {
    const map = currentMap();
    colorbarEl.append(el('div', { className: 'side-title', text: HEATMAP_LABELS[state.view.heatmap] }));
    if (!map) {
      colorbarEl.append(el('div', { className: 'sub', text: state.view.heatmap === 'lpips' ? (state.lpipsState === 'running' ? 'LPIPS is running…' : state.lpipsReason ?? 'No LPIPS map.') : 'No map for this recipe.' }));
    } else {
      const bar = el('canvas', { className: 'bar' });
      bar.width = 16;
      bar.height = 256;
      const ctx = bar.getContext('2d') as CanvasRenderingContext2D;
      const lut = colormapLut(state.view.colormap);
      for (let i = 0; i < 256; i++) {
        ctx.fillStyle = `rgb(${lut[i * 3]}, ${lut[i * 3 + 1]}, ${lut[i * 3 + 2]})`;
        ctx.fillRect(0, 255 - i, 16, 1);
      }
      const labels = el('div', { className: 'ticks' });
      const span = map.max - map.min;
      for (const tick of colorbarTicks(map.min, map.max, 5)) {
        const label = el('span', { text: formatTick(tick, span) });
        label.style.bottom = `${span > 0 ? ((tick - map.min) / span) * 100 : 0}%`;
        labels.append(label);
      }
      colorbarEl.append(el('div', { className: 'barwrap' }, bar, labels), el('div', { className: 'units', text: HEATMAP_UNITS[state.view.heatmap] }));
    }
  }
  if (!size) return;
  const kind: HeatmapKind = isHeat ? state.view.heatmap : 'ssim';
  const map = currentMap(kind) ?? currentMap('absError');
  const usedKind: HeatmapKind = currentMap(kind) ? kind : 'absError';
  if (!map) return;
  const regions = worstRegions(map, size.width, size.height, usedKind === 'ssim' ? 'low' : 'high', 5);
  worstEl.append(el('div', { className: 'side-title', text: usedKind === 'ssim' ? 'Lowest local SSIM' : usedKind === 'lpips' ? 'Highest LPIPS' : 'Largest error' }));
  const list = el('ol');
  for (const r of regions) {
    const item = button(`${r.x}, ${r.y} (${r.width}×${r.height}) ≈ ${r.value.toFixed(usedKind === 'absError' ? 1 : 4)}`, 'Zoom to this region', () => zoomToRegion(r), 'region');
    list.append(el('li', {}, item));
  }
  worstEl.append(list);
}

export function zoomToRegion(r: Region): void {
  const vp = state.viewports[0];
  if (!vp) return;
  setTransform(regionTransform(r.x, r.y, r.width, r.height, vp.canvas.width, vp.canvas.height));
}
