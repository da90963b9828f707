/**
 * Maps cross to the webview in a compact form: 8 bits per pixel over the map's value range
 * (docs/ARCHITECTURE.md, "Data flow"), made in the worker that computed them. Exact values stay in
 * the host and are sent on demand for the pixel inspector (`mapValueAt`).
 */
import type { MapRegion, MetricMap } from './maps';

/** A map quantised to 8 bits for display (also the `CompactMap` of src/protocol/compare.ts). */
export interface CompactMap {
  readonly width: number;
  readonly height: number;
  /** value ≈ min + (q / 255) · (max − min); 0 outside `valid`. */
  readonly data: Uint8Array;
  readonly min: number;
  readonly max: number;
  /** Region where the map is defined; absent means the whole map. Half-open, in map pixels. */
  readonly valid?: MapRegion;
  /** Offset of the map's pixel (0, 0) in image pixels (the crop border). */
  readonly offset: number;
}

/** Quantises `map` to 8 bits over [min, max]; pixels outside `valid` become 0. */
export function compactMap(map: MetricMap, offset: number): CompactMap {
  const { width, height, data, min, max, valid } = map;
  const out = new Uint8Array(width * height);
  const span = max - min;
  const scale = span > 0 ? 255 / span : 0;
  const left = valid?.left ?? 0;
  const top = valid?.top ?? 0;
  const right = valid?.right ?? width;
  const bottom = valid?.bottom ?? height;
  for (let y = top; y < bottom; y++) {
    const row = y * width;
    for (let x = left; x < right; x++) {
      const q = Math.round((data[row + x] - min) * scale);
      out[row + x] = q < 0 ? 0 : q > 255 ? 255 : q;
    }
  }
  return { width, height, data: out, min, max, valid, offset };
}

/**
 * The exact value of `map` at image pixel (x, y), or undefined outside the map or its valid region.
 * `imageWidth`/`imageHeight` are the decoded size; the map covers the cropped region, possibly
 * downsampled (MATLAB variant), so coordinates are scaled to the map's size.
 */
export function mapValueAt(map: MetricMap, x: number, y: number, imageWidth: number, imageHeight: number, cropBorder: number): number | undefined {
  const croppedWidth = imageWidth - 2 * cropBorder;
  const croppedHeight = imageHeight - 2 * cropBorder;
  if (croppedWidth <= 0 || croppedHeight <= 0) return undefined;
  const mx = Math.floor(((x - cropBorder) * map.width) / croppedWidth);
  const my = Math.floor(((y - cropBorder) * map.height) / croppedHeight);
  if (mx < 0 || my < 0 || mx >= map.width || my >= map.height) return undefined;
  const v = map.valid;
  if (v && (mx < v.left || mx >= v.right || my < v.top || my >= v.bottom)) return undefined;
  return map.data[my * map.width + mx];
}
