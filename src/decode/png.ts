/**
 * PNG decoding in plain TypeScript (no Buffer, no zlib module), so the worker and the browser
 * webview run the same code: chunk walk (pngChunks.ts: signature, CRCs, IHDR, chunk order, PLTE,
 * tRNS, colour-profile chunks), the pixel limit from IHDR, a strict inflate (inflate.ts), row
 * unfiltering (PNG spec 7.3/9), Adam7, and sample unpacking straight into the output planes.
 * pngjs 7.0.0 is not used at run time: its sync reader pads a truncated zlib stream with zeros,
 * and it needs Node's zlib, stream and Buffer. The tests check that every PngSuite file and the
 * corpus PNGs decode to exactly pngjs's samples.
 * Output rules (docs/ARCHITECTURE.md, "Decoders"): 1/2/4-bit samples scaled to 8 bits as
 * v·255/(2^bits−1), 16-bit kept at 16 bits, palette expanded to RGB, alpha/tRNS split off
 * into a separate plane, gray kept as one channel. gAMA, sBIT, iCCP, sRGB, cHRM are not applied.
 */
import { InputError } from '../core/errors';
import type { DecodedImage } from '../core/image';
import { readPngIhdr, readPngStructure } from './pngChunks';
import type { DecodeResult } from './types';
import { InflateError, inflateZlib } from './inflate';
import type { PngIhdr, PngStructure } from './pngChunks';
import { checkPixelLimit } from './limits';

/** Decoder name reported in results and `settings.decoder`. */
export const PNG_DECODER = 'imsim PNG decoder (TypeScript; samples identical to pngjs 7.0.0)';

const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Adam7 pass origins and steps (PNG spec 8.2). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Bytes of filtered image data the IHDR calls for: one filter byte plus packed samples per row. */
export function expectedImageDataLength(width: number, height: number, bitsPerPixel: number, interlaced: boolean): number {
  const rowBytes = (w: number) => Math.ceil((w * bitsPerPixel) / 8) + 1;
  if (!interlaced) return rowBytes(width) * height;
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const w = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const h = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (w > 0 && h > 0) total += rowBytes(w) * h;
  }
  return total;
}

/** Where unpacked samples go: the image plane and the alpha plane. */
interface PixelTarget {
  readonly data: Uint8Array | Uint16Array;
  readonly alpha: Uint8Array | Uint16Array | undefined;
  readonly channels: 1 | 3;
  readonly width: number;
}

/** Undoes one row's filter in place (PNG spec 9.2); `prior` is -1 for the first row of a pass. */
function unfilterRow(buf: Uint8Array, row: number, rowBytes: number, prior: number, unit: number, filter: number, name: string): void {
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = unit; i < rowBytes; i++) buf[row + i] = (buf[row + i] + buf[row + i - unit]) & 255;
      return;
    case 2:
      if (prior < 0) return;
      for (let i = 0; i < rowBytes; i++) buf[row + i] = (buf[row + i] + buf[prior + i]) & 255;
      return;
    case 3:
      if (prior < 0) {
        for (let i = unit; i < rowBytes; i++) buf[row + i] = (buf[row + i] + (buf[row + i - unit] >> 1)) & 255;
        return;
      }
      for (let i = 0; i < unit; i++) buf[row + i] = (buf[row + i] + (buf[prior + i] >> 1)) & 255;
      for (let i = unit; i < rowBytes; i++) buf[row + i] = (buf[row + i] + ((buf[row + i - unit] + buf[prior + i]) >> 1)) & 255;
      return;
    case 4:
      if (prior < 0) {
        // With no prior row, Paeth reduces to the left neighbour (Sub).
        for (let i = unit; i < rowBytes; i++) buf[row + i] = (buf[row + i] + buf[row + i - unit]) & 255;
        return;
      }
      for (let i = 0; i < unit; i++) buf[row + i] = (buf[row + i] + buf[prior + i]) & 255;
      // Pointers instead of row + i arithmetic; Uint8Array stores wrap modulo 256 by themselves.
      for (let q = row + unit, end = row + rowBytes, up = prior + unit; q < end; q++, up++) {
        const a = buf[q - unit];
        const b = buf[up];
        const c = buf[up - unit];
        let pa = b - c;
        let pb = a - c;
        let pc = pa + pb;
        pa = pa < 0 ? -pa : pa;
        pb = pb < 0 ? -pb : pb;
        pc = pc < 0 ? -pc : pc;
        buf[q] += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      return;
    default:
      corrupt(name, `unknown row filter type ${filter}`);
  }
}

/** Scale factors from 1/2/4-bit samples to 8 bits: v·255/(2^bits−1) is exact for these depths. */
const LOW_DEPTH_SCALE: Record<number, number> = { 1: 255, 2: 85, 4: 17, 8: 1, 16: 1 };

/**
 * Writes one unfiltered row of `w` pixels to the planes, starting at pixel index `first` and
 * stepping `step` pixels (Adam7). Gray stays one channel; palette becomes RGB (+ tRNS alpha);
 * a gray/RGB tRNS key colour makes matching pixels' alpha 0 and leaves their values alone.
 */
function unpackRow(row: Uint8Array, w: number, ihdr: PngIhdr, s: PngStructure, t: PixelTarget, first: number, step: number, name: string): void {
  const depth = ihdr.bitDepth;
  const { data, alpha } = t;
  if (depth === 8 && !s.transparentColor && ihdr.colorType !== 3) {
    unpackRow8(row, w, ihdr.colorType, data, alpha, first, step);
    return;
  }
  const max = depth === 16 ? 65535 : 255;
  const samplesPerPixel = SAMPLES_PER_PIXEL[ihdr.colorType];
  const sample =
    depth === 8
      ? (i: number) => row[i]
      : depth === 16
        ? (i: number) => (row[2 * i] << 8) | row[2 * i + 1]
        : (i: number) => (row[(i * depth) >> 3] >> (8 - depth - ((i * depth) & 7))) & ((1 << depth) - 1);
  const scale = LOW_DEPTH_SCALE[depth];
  const key = s.transparentColor?.map((v) => v & (depth === 16 ? 0xffff : (1 << depth) - 1));
  for (let x = 0, p = first; x < w; x++, p += step) {
    const i = x * samplesPerPixel;
    switch (ihdr.colorType) {
      case 0: {
        const v = sample(i);
        data[p] = v * scale;
        if (alpha) alpha[p] = key && v === key[0] ? 0 : max;
        break;
      }
      case 4:
        data[p] = sample(i);
        if (alpha) alpha[p] = sample(i + 1);
        break;
      case 2:
      case 6: {
        const r = sample(i);
        const g = sample(i + 1);
        const b = sample(i + 2);
        data[3 * p] = r;
        data[3 * p + 1] = g;
        data[3 * p + 2] = b;
        if (alpha) alpha[p] = ihdr.colorType === 6 ? sample(i + 3) : key && r === key[0] && g === key[1] && b === key[2] ? 0 : max;
        break;
      }
      case 3: {
        const index = sample(i);
        const entry = s.palette?.[index];
        if (!entry) corrupt(name, `palette index ${index} is outside the ${s.palette?.length ?? 0}-colour palette`);
        data[3 * p] = entry[0];
        data[3 * p + 1] = entry[1];
        data[3 * p + 2] = entry[2];
        if (alpha) alpha[p] = entry[3];
        break;
      }
      default:
        corrupt(name, `colour type ${ihdr.colorType}`);
    }
  }
}

/** The common case without per-sample calls: 8-bit gray, gray+alpha, RGB, RGBA, no tRNS key. */
function unpackRow8(row: Uint8Array, w: number, colorType: number, data: Uint8Array | Uint16Array, alpha: Uint8Array | Uint16Array | undefined, first: number, step: number): void {
  if (colorType === 2) {
    for (let x = 0, i = 0, o = 3 * first, d = 3 * step; x < w; x++, i += 3, o += d) {
      data[o] = row[i];
      data[o + 1] = row[i + 1];
      data[o + 2] = row[i + 2];
    }
  } else if (colorType === 6) {
    for (let x = 0, i = 0, p = first; x < w; x++, i += 4, p += step) {
      data[3 * p] = row[i];
      data[3 * p + 1] = row[i + 1];
      data[3 * p + 2] = row[i + 2];
      alpha![p] = row[i + 3];
    }
  } else if (colorType === 0) {
    for (let x = 0, p = first; x < w; x++, p += step) data[p] = row[x];
  } else {
    for (let x = 0, i = 0, p = first; x < w; x++, i += 2, p += step) {
      data[p] = row[i];
      alpha![p] = row[i + 1];
    }
  }
}

function corrupt(name: string, detail: string): never {
  throw new InputError(`${name}: corrupt PNG image data (${detail}); re-export or re-download it`, name);
}

/** Decodes a PNG whose signature has already been recognised. Throws InputError on any defect. */
export function decodePng(bytes: Uint8Array, name: string, maxPixels: number): DecodeResult {
  // IHDR and the pixel limit first: a 100000×100000 header is refused before anything else.
  const header = readPngIhdr(bytes, name);
  checkPixelLimit(name, 'PNG', header.width, header.height, maxPixels);
  const structure = readPngStructure(bytes, name);
  const { ihdr } = structure;
  const bpp = SAMPLES_PER_PIXEL[ihdr.colorType];
  const expected = expectedImageDataLength(ihdr.width, ihdr.height, bpp * ihdr.bitDepth, ihdr.interlaced);

  let inflated: Uint8Array;
  try {
    inflated = inflateZlib(structure.imageData, expected);
  } catch (err) {
    if (err instanceof InflateError) {
      corrupt(name, err.message === 'more data than expected' ? 'more image data than the IHDR size allows' : `zlib: ${err.message}`);
    }
    throw err;
  }
  if (inflated.length < expected) corrupt(name, `${inflated.length} bytes of image data where the IHDR needs ${expected}: truncated`);

  const { width, height } = ihdr;
  const pixels = width * height;
  const is16 = ihdr.bitDepth === 16;
  const gray = ihdr.colorType === 0 || ihdr.colorType === 4;
  const channels = gray ? 1 : 3;
  const data = is16 ? new Uint16Array(pixels * channels) : new Uint8Array(pixels * channels);
  const hasAlphaChannel = ihdr.colorType === 4 || ihdr.colorType === 6 || (ihdr.colorType === 3 && structure.hasTrns);
  const hasAlpha = hasAlphaChannel || structure.transparentColor !== undefined;
  const alpha = hasAlpha ? (is16 ? new Uint16Array(pixels) : new Uint8Array(pixels)) : undefined;
  const target: PixelTarget = { data, alpha, channels, width };
  const passes = ihdr.interlaced ? ADAM7 : [[0, 0, 1, 1] as const];
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const w = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const h = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (w === 0 || h === 0) continue;
    const rowBytes = Math.ceil((w * bpp * ihdr.bitDepth) / 8);
    const filterUnit = Math.max(1, (bpp * ihdr.bitDepth) >> 3);
    for (let y = 0; y < h; y++) {
      const filter = inflated[offset];
      const row = offset + 1;
      unfilterRow(inflated, row, rowBytes, y === 0 ? -1 : row - rowBytes - 1, filterUnit, filter, name);
      unpackRow(inflated.subarray(row, row + rowBytes), w, ihdr, structure, target, (y0 + y * dy) * width + x0, dx, name);
      offset = row + rowBytes;
    }
  }

  let anyTransparent = false;
  if (alpha) {
    const opaque = is16 ? 65535 : 255;
    for (let p = 0; p < pixels; p++) {
      if (alpha[p] !== opaque) {
        anyTransparent = true;
        break;
      }
    }
  }

  const image: DecodedImage = { width, height, channels, bitDepth: is16 ? 16 : 8, data };
  const notices: string[] = [];
  if (anyTransparent) notices.push(`${name}: has transparent pixels; alpha is ignored and the stored RGB values are compared`);
  return {
    image,
    alpha,
    format: 'png',
    decoder: PNG_DECODER,
    hasAlpha,
    anyTransparent,
    sourceBitDepth: ihdr.bitDepth,
    colorProfile: structure.colorProfile,
    notices,
  };
}
