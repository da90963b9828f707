/**
 * Heatmap pixels and worst regions from a compact (8-bit quantised) map. Pure: no DOM types, so
 * the logic is unit-tested outside the browser; the panel wraps the RGBA in an ImageData.
 */
import type { CompactMap } from '../../src/protocol/compare';

/** Builds a CompactMap from float values (the LPIPS map arrives as Float32 in the webview). */
export function quantiseMap(width: number, height: number, values: Float32Array, offset: number): CompactMap {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) {
    min = 0;
    max = 0;
  }
  const data = new Uint8Array(width * height);
  const scale = max > min ? 255 / (max - min) : 0;
  for (let i = 0; i < data.length; i++) data[i] = Math.round((values[i] - min) * scale);
  return { width, height, data, min, max, offset };
}

/** RGBA pixels of `map` through `lut` (768 bytes); outside the valid region: transparent. */
export function heatmapRgba(map: CompactMap, lut: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const { width, height, data, valid } = map;
  const out = new Uint8ClampedArray(width * height * 4);
  const left = valid?.left ?? 0;
  const top = valid?.top ?? 0;
  const right = valid?.right ?? width;
  const bottom = valid?.bottom ?? height;
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) {
      const i = y * width + x;
      const q = data[i] * 3;
      const o = i * 4;
      out[o] = lut[q];
      out[o + 1] = lut[q + 1];
      out[o + 2] = lut[q + 2];
      out[o + 3] = 255;
    }
  }
  return out;
}

/** The approximate value of a compact map at map pixel (mx, my), or undefined outside its valid region. */
export function compactValueAt(map: CompactMap, mx: number, my: number): number | undefined {
  if (mx < 0 || my < 0 || mx >= map.width || my >= map.height) return undefined;
  const v = map.valid;
  if (v && (mx < v.left || mx >= v.right || my < v.top || my >= v.bottom)) return undefined;
  return map.min + (map.data[my * map.width + mx] / 255) * (map.max - map.min);
}

/** Where a map pixel lies in the image, for a map that covers the cropped region (possibly downsampled). */
export function mapToImageScale(map: CompactMap, imageWidth: number, imageHeight: number): { sx: number; sy: number; offset: number } {
  const cw = Math.max(1, imageWidth - 2 * map.offset);
  const ch = Math.max(1, imageHeight - 2 * map.offset);
  return { sx: cw / map.width, sy: ch / map.height, offset: map.offset };
}

/** A region of the image (image pixels) and its mean map value. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly value: number;
}

/**
 * The `count` blocks with the lowest (`worst: 'low'`, SSIM) or highest (`'high'`, error, LPIPS)
 * mean value, on a grid of square blocks about 1/8 of the shorter side, inside the valid region.
 */
export function worstRegions(map: CompactMap, imageWidth: number, imageHeight: number, worst: 'low' | 'high', count = 5): Region[] {
  const left = map.valid?.left ?? 0;
  const top = map.valid?.top ?? 0;
  const right = map.valid?.right ?? map.width;
  const bottom = map.valid?.bottom ?? map.height;
  const w = right - left;
  const h = bottom - top;
  if (w <= 0 || h <= 0) return [];
  const block = Math.max(4, Math.round(Math.min(w, h) / 8));
  const regions: Region[] = [];
  const { sx, sy, offset } = mapToImageScale(map, imageWidth, imageHeight);
  for (let by = top; by < bottom; by += block) {
    for (let bx = left; bx < right; bx += block) {
      const ex = Math.min(right, bx + block);
      const ey = Math.min(bottom, by + block);
      let sum = 0;
      for (let y = by; y < ey; y++) for (let x = bx; x < ex; x++) sum += map.data[y * map.width + x];
      const n = (ex - bx) * (ey - by);
      regions.push({
        x: Math.round(offset + bx * sx),
        y: Math.round(offset + by * sy),
        width: Math.round((ex - bx) * sx),
        height: Math.round((ey - by) * sy),
        value: map.min + (sum / n / 255) * (map.max - map.min),
      });
    }
  }
  regions.sort((p, q) => (worst === 'low' ? p.value - q.value : q.value - p.value));
  return regions.slice(0, count);
}
