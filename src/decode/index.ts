/**
 * The decode layer: PNG and JPEG by content, limits checked from headers before allocating,
 * every failure an InputError naming the file and the reason. Synchronous; callers run it in
 * worker threads. JPEG needs {@link initJpegTurbo} first (Node: `initJpegTurboFromDisk` in
 * ./nodeWasm, kept separate because it uses node:fs).
 */
import { InputError } from '../core/errors';
import { decodeJpeg } from './jpeg';
import { readJpegHeader } from './jpegHeader';
import { DEFAULT_MAX_PIXELS } from './limits';
import { decodePng } from './png';
import { readPngIhdr } from './pngChunks';
import { sniffFormat } from './sniff';
import type { DecodeOptions, DecodeResult, ImageHeader } from './types';

export { chooseJpegDecoder, JPEG_JS_DECODER } from './jpeg';
export type { JpegDecoderChoice } from './jpeg';
export { initJpegTurbo, isJpegTurboReady, JPEG_TURBO_DECODER } from './jpegTurbo';
export type { JpegTurboWasmModule } from './jpegTurbo';
export { DEFAULT_MAX_PIXELS } from './limits';
export { PNG_DECODER } from './png';
export { sniffFormat } from './sniff';
export type { SniffedFormat, SniffResult } from './sniff';
export type { DecodeOptions, DecodeResult, ImageHeader, JpegHeader, JpegSofType } from './types';

/** Throws the InputError for anything that is not PNG or JPEG, naming what it is. */
function refuseUnsupported(bytes: Uint8Array, name: string): 'png' | 'jpeg' {
  const sniffed = sniffFormat(bytes);
  if (sniffed.format === 'png' || sniffed.format === 'jpeg') return sniffed.format;
  if (sniffed.format === 'empty') throw new InputError(`${name}: the file is empty (0 bytes); expected a PNG or JPEG image`, name);
  if (sniffed.format === 'text' || sniffed.format === 'unknown') {
    throw new InputError(`${name}: not an image: the content is ${sniffed.label}, not PNG or JPEG (the file name does not matter)`, name);
  }
  throw new InputError(`${name}: ${sniffed.label} images are not supported; convert it to PNG (lossless) or JPEG`, name);
}

/**
 * Decodes a PNG or JPEG file's bytes. The format comes from the content, never the name.
 * Throws InputError (message starts with `options.name`) for unsupported, corrupt, truncated or
 * over-limit files.
 */
export function decodeImage(bytes: Uint8Array, options: DecodeOptions): DecodeResult {
  const name = options.name;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const format = refuseUnsupported(bytes, name);
  return format === 'png' ? decodePng(bytes, name, maxPixels) : decodeJpeg(bytes, name, maxPixels);
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

/** Reads size, bit depth and channels (and JPEG frame facts) without decoding pixels. */
export function readImageHeader(bytes: Uint8Array, name = 'image'): ImageHeader {
  const format = refuseUnsupported(bytes, name);
  if (format === 'png') {
    const ihdr = readPngIhdr(bytes, name);
    return {
      format,
      width: ihdr.width,
      height: ihdr.height,
      bitDepth: ihdr.bitDepth,
      channels: PNG_CHANNELS[ihdr.colorType],
      png: { colorType: ihdr.colorType, interlaced: ihdr.interlaced },
    };
  }
  const jpeg = readJpegHeader(bytes, name);
  return { format, width: jpeg.width, height: jpeg.height, bitDepth: jpeg.precision, channels: jpeg.components.length, jpeg };
}
