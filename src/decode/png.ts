/**
 * PNG decoding: our own chunk walk (pngChunks.ts: signature, CRCs, IHDR, chunk order, pixel
 * limit, PLTE/tRNS, colour-profile chunks) and a checked zlib inflate, then pngjs 7.0.0's
 * unfiltering, Adam7 and sample unpacking. pngjs's own sync reader is not used: it pads a
 * truncated or damaged zlib stream with zeros instead of failing.
 * Output rules (DESIGN.md "Decoding rules"): 1/2/4-bit samples scaled to 8 bits as
 * v·255/(2^bits−1), 16-bit kept at 16 bits, palette expanded to RGB, alpha/tRNS split off
 * into a separate plane, gray kept as one channel. gAMA, sBIT, iCCP, sRGB, cHRM are not applied.
 */
import { dataToBitMap } from 'pngjs/lib/bitmapper';
import { process as unfilter } from 'pngjs/lib/filter-parse-sync';
import normalise from 'pngjs/lib/format-normaliser';
import { InputError } from '../core/errors';
import type { DecodedImage } from '../core/image';
import { readPngIhdr, readPngStructure } from './pngChunks';
import type { DecodeResult } from './types';
import { inflateZlib } from './inflate';
import { checkPixelLimit } from './limits';

/** The pngjs version this code was written and tested against (named in results). */
export const PNGJS_DECODER = 'pngjs 7.0.0';

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
    const detail = err instanceof Error ? err.message : String(err);
    corrupt(name, /larger than|maxOutputLength|too large/i.test(detail) ? 'more image data than the IHDR size allows' : `zlib: ${detail}`);
  }
  if (inflated.length < expected) corrupt(name, `${inflated.length} bytes of image data where the IHDR needs ${expected}: truncated`);

  // pngjs 7.0.0 does the unfiltering, Adam7 and sample unpacking; the tRNS key colour is not
  // passed (pngjs would zero the RGB of matching pixels; we keep them and build the alpha plane).
  const info = {
    width: ihdr.width,
    height: ihdr.height,
    depth: ihdr.bitDepth,
    bpp,
    interlace: ihdr.interlaced,
    colorType: ihdr.colorType,
    palette: structure.palette,
  };
  let rgba: Uint8Array | Uint16Array;
  try {
    const unfiltered = unfilter(inflated, info);
    // skipRescale keeps 16-bit samples; 1/2/4-bit gray must still be scaled, so only skip for 16.
    rgba = normalise(dataToBitMap(unfiltered, info), info, ihdr.bitDepth === 16);
  } catch (err) {
    corrupt(name, `pngjs: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { width, height } = ihdr;
  const pixels = width * height;
  if (rgba.length !== pixels * 4) corrupt(name, 'decoded size does not match the IHDR');

  const is16 = ihdr.bitDepth === 16;
  const gray = ihdr.colorType === 0 || ihdr.colorType === 4;
  const channels = gray ? 1 : 3;
  const maxValue = is16 ? 65535 : 255;
  const data = is16 ? new Uint16Array(pixels * channels) : new Uint8Array(pixels * channels);
  const hasAlphaChannel = ihdr.colorType === 4 || ihdr.colorType === 6 || (ihdr.colorType === 3 && structure.hasTrns);
  const hasAlpha = hasAlphaChannel || structure.transparentColor !== undefined;
  const alpha = hasAlpha ? (is16 ? new Uint16Array(pixels) : new Uint8Array(pixels)) : undefined;

  if (gray) {
    for (let p = 0; p < pixels; p++) data[p] = rgba[4 * p];
  } else {
    for (let p = 0, o = 0; p < pixels; p++, o += 3) {
      data[o] = rgba[4 * p];
      data[o + 1] = rgba[4 * p + 1];
      data[o + 2] = rgba[4 * p + 2];
    }
  }

  let anyTransparent = false;
  if (alpha && hasAlphaChannel) {
    for (let p = 0; p < pixels; p++) {
      const a = rgba[4 * p + 3];
      alpha[p] = a;
      if (a !== maxValue) anyTransparent = true;
    }
  } else if (alpha && structure.transparentColor) {
    // tRNS for gray/RGB: the key colour is given at the file's bit depth; compare in that scale.
    const scale = ihdr.bitDepth < 8 ? 255 / ((1 << ihdr.bitDepth) - 1) : 1;
    const key = structure.transparentColor.map((v) => Math.round((v & (is16 ? 0xffff : (1 << ihdr.bitDepth) - 1)) * scale));
    for (let p = 0; p < pixels; p++) {
      const match = gray
        ? data[p] === key[0]
        : data[3 * p] === key[0] && data[3 * p + 1] === key[1] && data[3 * p + 2] === key[2];
      alpha[p] = match ? 0 : maxValue;
      if (match) anyTransparent = true;
    }
  }

  const image: DecodedImage = { width, height, channels, bitDepth: is16 ? 16 : 8, data };
  const notices: string[] = [];
  if (anyTransparent) notices.push(`${name}: has transparent pixels; alpha is ignored and the stored RGB values are compared`);
  return {
    image,
    alpha,
    format: 'png',
    decoder: PNGJS_DECODER,
    hasAlpha,
    anyTransparent,
    sourceBitDepth: ihdr.bitDepth,
    colorProfile: structure.colorProfile,
    notices,
  };
}
