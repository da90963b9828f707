/**
 * Thumbnails for notebook outputs: an image or a per-pixel map scaled down by an integer box filter
 * so that the longest side is at most `maxSide`. Pure; display only (never used for metrics).
 */
import type { DecodedImage } from './image';
import type { HeatmapSource } from './mapOut';

/** 8-bit RGBA pixels. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** The integer box factor that brings the longest side to at most `maxSide`. */
export function thumbnailFactor(width: number, height: number, maxSide: number): number {
  return Math.max(1, Math.ceil(Math.max(width, height) / Math.max(1, Math.floor(maxSide))));
}

/** An 8-bit RGBA thumbnail of a decoded image (gray as R = G = B; 16-bit shown by its high byte). */
export function imageThumbnail(image: DecodedImage, maxSide: number): RgbaImage {
  const f = thumbnailFactor(image.width, image.height, maxSide);
  const width = Math.ceil(image.width / f);
  const height = Math.ceil(image.height / f);
  const rgba = new Uint8Array(width * height * 4);
  const scale = image.bitDepth === 16 ? 1 / 257 : 1;
  const c = image.channels;
  const sums = new Float64Array(3);
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      sums.fill(0);
      let n = 0;
      for (let y = ty * f; y < Math.min(image.height, (ty + 1) * f); y++) {
        for (let x = tx * f; x < Math.min(image.width, (tx + 1) * f); x++) {
          const i = (y * image.width + x) * c;
          for (let k = 0; k < 3; k++) sums[k] = (sums[k] as number) + (image.data[c === 3 ? i + k : i] as number);
          n++;
        }
      }
      const o = (ty * width + tx) * 4;
      for (let k = 0; k < 3; k++) rgba[o + k] = Math.round(((sums[k] as number) / n) * scale);
      rgba[o + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** A map scaled down by the same box filter, averaging defined (non-NaN) values; a box with none is NaN. */
export function mapThumbnail(map: HeatmapSource, maxSide: number): HeatmapSource {
  const f = thumbnailFactor(map.width, map.height, maxSide);
  if (f === 1) return map;
  const width = Math.ceil(map.width / f);
  const height = Math.ceil(map.height / f);
  const data = new Float32Array(width * height);
  for (let ty = 0; ty < height; ty++) {
    for (let tx = 0; tx < width; tx++) {
      let sum = 0;
      let n = 0;
      for (let y = ty * f; y < Math.min(map.height, (ty + 1) * f); y++) {
        for (let x = tx * f; x < Math.min(map.width, (tx + 1) * f); x++) {
          const v = map.data[y * map.width + x] as number;
          if (!Number.isNaN(v)) {
            sum += v;
            n++;
          }
        }
      }
      data[ty * width + tx] = n > 0 ? sum / n : NaN;
    }
  }
  // NaN marks where the map is undefined, so the scaled map needs no valid region.
  return { width, height, data, min: map.min, max: map.max };
}
