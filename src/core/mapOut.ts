/**
 * `imsim batch --map-out DIR` and the batch view's "Write Worst Heatmaps": which pairs (the worst N
 * by a metric), how a map becomes colours, and a minimal PNG encoder (8-bit RGBA, filter 0) over an
 * injected deflate (Node's zlib in the CLI and extension host), so core stays free of node:*.
 */
import { colormapLut, type Colormap } from './colormaps';
import type { MetricMap } from './maps';
import { higherIsBetter, pairValue, worstFirstOrder, type BatchColumn, type BatchPairResult } from './batchReport';

/** A per-pixel map as the worker returns it. */
export type HeatmapSource = MetricMap;

/** Which map a heatmap shows: the SSIM map (1 − SSIM, clamped to [0, 1]) or the absolute error (0..max). */
export type HeatmapKind = 'ssim' | 'absError';

/** The worst `count` pairs by `column` (pairs without a finite value or with an error are left out). */
export function worstPairs(pairs: readonly BatchPairResult[], column: BatchColumn, count: number): BatchPairResult[] {
  const out: BatchPairResult[] = [];
  for (const i of worstFirstOrder(pairs, column)) {
    const pair = pairs[i] as BatchPairResult;
    const v = pairValue(pair, column);
    if (pair.error !== undefined || v === undefined || !Number.isFinite(v)) continue;
    out.push(pair);
    if (out.length >= count) break;
  }
  return out;
}

/** A file name for the heatmap of the pair ranked `rank` (1 = worst): `001_ssim_0.812345_dir_0001.png`. */
export function heatmapFileName(pair: BatchPairResult, rank: number, column: BatchColumn, relativeName: string): string {
  const v = pairValue(pair, column);
  const value = v === undefined ? 'na' : column === 'psnr' ? v.toFixed(2) : column === 'mse' ? v.toPrecision(4) : v.toFixed(6);
  const stem = relativeName.replace(/\.(png|jpe?g)$/i, '').replace(/[^\w.-]+/g, '_').slice(0, 100);
  return `${String(rank).padStart(3, '0')}_${column}_${value}_${stem}.png`;
}

/** Explains the direction of a sort for people: "lowest SSIM first". */
export function worstDescription(column: BatchColumn): string {
  return `${higherIsBetter(column) ? 'lowest' : 'highest'} ${column} first`;
}

/**
 * RGBA pixels of a heatmap: SSIM maps show 1 − value (0 identical, 1 and above fully different),
 * absolute-error maps show value / max. Pixels outside `valid`, and NaN values, are mid-gray.
 */
export function heatmapRgba(map: HeatmapSource, kind: HeatmapKind, colormap: Colormap = 'magma'): Uint8Array {
  const { width, height, data } = map;
  if (data.length !== width * height) throw new RangeError(`heatmapRgba: expected ${width * height} values for ${width}×${height}, got ${data.length}`);
  const lut = colormapLut(colormap);
  const out = new Uint8Array(width * height * 4);
  const scale = kind === 'absError' ? (map.max > 0 ? 1 / map.max : 0) : 1;
  const valid = map.valid ?? { left: 0, top: 0, right: width, bottom: height };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const o = i * 4;
      if (x < valid.left || x >= valid.right || y < valid.top || y >= valid.bottom || Number.isNaN(data[i] as number)) {
        out[o] = 128;
        out[o + 1] = 128;
        out[o + 2] = 128;
        out[o + 3] = 255;
        continue;
      }
      const v = data[i] as number;
      const t = kind === 'ssim' ? 1 - v : v * scale;
      const q = Math.max(0, Math.min(255, Math.round((Number.isFinite(t) ? t : 1) * 255))) * 3;
      out[o] = lut[q] as number;
      out[o + 1] = lut[q + 1] as number;
      out[o + 2] = lut[q + 2] as number;
      out[o + 3] = 255;
    }
  }
  return out;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (ISO 3309, as PNG uses) of `bytes`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (crcTable[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zlib-format deflate (RFC 1950), e.g. Node's `zlib.deflateSync`. */
export type Deflate = (data: Uint8Array) => Uint8Array;

/** Encodes 8-bit RGBA pixels as a PNG (colour type 6, no interlace, filter 0 on every row). */
export function encodePngRgba(width: number, height: number, rgba: Uint8Array, deflate: Deflate): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePngRgba: expected a positive integer size, got ${width}×${height}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError(`encodePngRgba: expected ${width * height * 4} bytes for ${width}×${height} RGBA, got ${rgba.length}`);
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const idat = deflate(raw);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const chunks: [string, Uint8Array][] = [['IHDR', ihdr], ['IDAT', idat], ['IEND', new Uint8Array(0)]];
  const size = 8 + chunks.reduce((sum, [, data]) => sum + 12 + data.length, 0);
  const out = new Uint8Array(size);
  out.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 0);
  const outView = new DataView(out.buffer);
  let offset = 8;
  for (const [type, data] of chunks) {
    outView.setUint32(offset, data.length);
    for (let i = 0; i < 4; i++) out[offset + 4 + i] = type.charCodeAt(i);
    out.set(data, offset + 8);
    outView.setUint32(offset + 8 + data.length, crc32(out, offset + 4, offset + 8 + data.length));
    offset += 12 + data.length;
  }
  return out;
}
