/**
 * JPEG decoding. The decoder is chosen from the header, never by catching a decoder's error:
 * - 8-bit Huffman-coded (baseline, extended, progressive) with 1 or 3 components: libjpeg-turbo
 *   (WASM), ISLOW IDCT and fancy upsampling: the pixels Pillow, OpenCV and scikit-image read.
 * - 8-bit Huffman-coded with 4 components (CMYK/YCCK): jpeg-js 0.4.4, which converts to RGB
 *   (this libjpeg-turbo build has no CMYK→RGB output); a notice says so.
 * - 12-bit, lossless, hierarchical and arithmetic-coded files are refused with the reason
 *   (jpeg-js would silently mis-decode 12-bit data; this WASM build has no arithmetic decoder).
 */
import { decode as jpegJsDecode } from 'jpeg-js';
import { InputError } from '../core/errors';
import type { DecodedImage } from '../core/image';
import { describeJpegFrame, readJpegHeader } from './jpegHeader';
import { JPEG_TURBO_DECODER, JpegTurboError, decodeWithJpegTurbo } from './jpegTurbo';
import type { JpegTurboOutput } from './jpegTurbo';
import { checkPixelLimit } from './limits';
import type { DecodeResult, JpegHeader } from './types';

/** Decoder name for CMYK/YCCK files. */
export const JPEG_JS_DECODER = 'jpeg-js 0.4.4';

const HINT = 're-export it as an 8-bit baseline or progressive JPEG, or as PNG';

/** Which decoder a header calls for; `refuse` carries the reason. */
export type JpegDecoderChoice = { readonly decoder: 'libjpeg-turbo' | 'jpeg-js' } | { readonly decoder: 'refuse'; readonly reason: string };

/** Picks the decoder for a parsed header (exported for tests and `--version`-style reporting). */
export function chooseJpegDecoder(h: JpegHeader): JpegDecoderChoice {
  const frame = describeJpegFrame(h);
  if (h.sofType.startsWith('differential')) return { decoder: 'refuse', reason: `hierarchical JPEG (${frame}) is not supported; ${HINT}` };
  if (h.sofType.startsWith('lossless')) return { decoder: 'refuse', reason: `lossless JPEG (${frame}) is not supported; ${HINT}` };
  if (h.precision !== 8) return { decoder: 'refuse', reason: `${h.precision}-bit JPEG (${frame}) is not supported: only 8-bit JPEG is read; ${HINT}` };
  if (h.sofType.endsWith('arithmetic')) {
    return { decoder: 'refuse', reason: `arithmetic-coded JPEG (${frame}) is not supported by the bundled libjpeg-turbo build; ${HINT}` };
  }
  const n = h.components.length;
  if (n === 1 || n === 3) return { decoder: 'libjpeg-turbo' };
  if (n === 4) return { decoder: 'jpeg-js' };
  return { decoder: 'refuse', reason: `JPEG with ${n} colour components is not supported (expected 1, 3 or 4); ${HINT}` };
}

function fail(name: string, reason: string): never {
  throw new InputError(`${name}: ${reason}`, name);
}

/** Decodes a JPEG whose SOI marker has been recognised. Throws InputError on any defect. */
export function decodeJpeg(bytes: Uint8Array, name: string, maxPixels: number): DecodeResult {
  const header = readJpegHeader(bytes, name);
  const { width, height } = header;
  if (width === 0 || height === 0) {
    fail(name, `JPEG with a ${width}×${height} frame header (height given later by a DNL marker) is not supported; ${HINT}`);
  }
  checkPixelLimit(name, 'JPEG', width, height, maxPixels);
  const choice = chooseJpegDecoder(header);
  if (choice.decoder === 'refuse') fail(name, choice.reason);
  if (!header.hasEoi) fail(name, 'truncated JPEG: the file ends before the end-of-image marker; re-export or re-download it');

  const notices: string[] = [];
  let image: DecodedImage;
  let decoder: string;
  if (choice.decoder === 'libjpeg-turbo') {
    const channels = header.components.length === 1 ? 1 : 3;
    let out: JpegTurboOutput;
    try {
      out = decodeWithJpegTurbo(bytes, width, height, channels);
    } catch (err) {
      if (err instanceof JpegTurboError) fail(name, `corrupt JPEG data (${err.message}); re-export or re-download it`);
      throw err;
    }
    const data = out.data;
    if (out.warning) {
      notices.push(`${name}: libjpeg-turbo warned about damaged or extraneous JPEG data; the pixels are what libjpeg-turbo (and Pillow, OpenCV) decode`);
    }
    image = { width, height, channels, bitDepth: 8, data };
    decoder = JPEG_TURBO_DECODER;
  } else {
    let rgb: Uint8Array;
    try {
      const out = jpegJsDecode(bytes, {
        useTArray: true,
        formatAsRGBA: false,
        tolerantDecoding: false,
        maxResolutionInMP: Math.max(1, Math.ceil(maxPixels / 1e6)),
        maxMemoryUsageInMB: 4096,
      });
      if (out.width !== width || out.height !== height || out.data.length !== width * height * 3) {
        fail(name, 'corrupt JPEG data (decoded size does not match the frame header); re-export or re-download it');
      }
      rgb = out.data;
    } catch (err) {
      if (err instanceof InputError) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      fail(name, `corrupt CMYK/YCCK JPEG data (jpeg-js: ${detail}); re-export or re-download it`);
    }
    image = { width, height, channels: 3, bitDepth: 8, data: rgb };
    decoder = JPEG_JS_DECODER;
    notices.push(
      `${name}: CMYK/YCCK JPEG decoded by ${JPEG_JS_DECODER} and converted to RGB; other tools may differ by a few levels`,
    );
  }
  if (header.exifOrientation !== undefined && header.exifOrientation !== 1) {
    notices.push(`${name}: EXIF orientation ${header.exifOrientation} is not applied; pixels are compared as stored`);
  }
  const profile: string[] = [];
  if (header.hasIccProfile) profile.push('ICC profile');
  if (header.adobeTransform !== undefined && header.components.length === 4) profile.push(`Adobe ${header.adobeTransform === 2 ? 'YCCK' : 'CMYK'}`);
  return {
    image,
    format: 'jpeg',
    decoder,
    hasAlpha: false,
    anyTransparent: false,
    sourceBitDepth: 8,
    colorProfile: profile.length > 0 ? profile.join(', ') : undefined,
    exifOrientation: header.exifOrientation,
    notices,
  };
}
