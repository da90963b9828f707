/**
 * JPEG marker walk (ITU T.81 annex B) up to the first scan: frame type, precision, size and
 * components from SOF; Adobe APP14 transform; EXIF orientation (APP1, TIFF IFD0 tag 0x0112);
 * ICC profile presence (APP2). The decoder is chosen from these facts, never by trying one.
 */
import { InputError } from '../core/errors';
import type { JpegHeader, JpegSofType } from './types';

const SOF_TYPES: Record<number, JpegSofType> = {
  0xc0: 'baseline',
  0xc1: 'extended-huffman',
  0xc2: 'progressive-huffman',
  0xc3: 'lossless-huffman',
  0xc5: 'differential-sequential-huffman',
  0xc6: 'differential-progressive-huffman',
  0xc7: 'differential-lossless-huffman',
  0xc9: 'extended-arithmetic',
  0xca: 'progressive-arithmetic',
  0xcb: 'lossless-arithmetic',
  0xcd: 'differential-sequential-arithmetic',
  0xce: 'differential-progressive-arithmetic',
  0xcf: 'differential-lossless-arithmetic',
};

const HINT = 're-export or re-download it';

function fail(name: string, reason: string): never {
  throw new InputError(`${name}: ${reason}`, name);
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

/** Reads the orientation tag from an APP1 Exif payload (after "Exif\0\0"); undefined if absent or malformed. */
function readExifOrientation(b: Uint8Array, start: number, end: number): number | undefined {
  if (end - start < 8) return undefined;
  const little = b[start] === 0x49 && b[start + 1] === 0x49;
  const big = b[start] === 0x4d && b[start + 1] === 0x4d;
  if (!little && !big) return undefined;
  const r16 = (o: number) => (little ? b[o] | (b[o + 1] << 8) : (b[o] << 8) | b[o + 1]);
  const r32 = (o: number) =>
    little ? (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0 : ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
  const ifd = start + r32(start + 4);
  if (ifd + 2 > end) return undefined;
  const count = r16(ifd);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + 12 * i;
    if (e + 12 > end) return undefined;
    if (r16(e) === 0x0112) {
      const value = r16(e + 8);
      return value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

function startsWithAscii(b: Uint8Array, o: number, end: number, text: string): boolean {
  if (o + text.length > end) return false;
  for (let i = 0; i < text.length; i++) if (b[o + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** True when an EOI marker (FF D9) occurs at or after `from`. Scans backwards: trailing bytes are rare and short. */
function hasEoiAfter(b: Uint8Array, from: number): boolean {
  for (let i = b.length - 2; i >= from; i--) if (b[i] === 0xff && b[i + 1] === 0xd9) return true;
  return false;
}

/** Parses the markers before the first scan. Throws InputError for a damaged or truncated header. */
export function readJpegHeader(b: Uint8Array, name: string): JpegHeader {
  if (b.length < 2 || b[0] !== 0xff || b[1] !== 0xd8) fail(name, `not a JPEG: the start-of-image marker is missing; ${HINT}`);
  let pos = 2;
  let sof: Omit<JpegHeader, 'adobeTransform' | 'exifOrientation' | 'hasIccProfile' | 'hasEoi'> | undefined;
  let adobeTransform: number | undefined;
  let exifOrientation: number | undefined;
  let hasIccProfile = false;
  for (;;) {
    if (pos >= b.length) fail(name, `truncated JPEG: the file ends before the image data (${b.length} bytes); ${HINT}`);
    if (b[pos] !== 0xff) fail(name, `corrupt JPEG: expected a marker at byte ${pos}, found 0x${b[pos].toString(16)}; ${HINT}`);
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) fail(name, `truncated JPEG: the file ends inside a marker; ${HINT}`);
    const marker = b[pos++];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // standalone
    if (marker === 0xd9) fail(name, `corrupt JPEG: end-of-image marker before any image data; ${HINT}`);
    if (pos + 2 > b.length) fail(name, `truncated JPEG: the file ends inside a marker segment; ${HINT}`);
    const length = u16(b, pos);
    if (length < 2) fail(name, `corrupt JPEG: marker 0xFF${marker.toString(16).toUpperCase()} has an invalid length ${length}; ${HINT}`);
    const start = pos + 2;
    const end = pos + length;
    if (end > b.length) fail(name, `truncated JPEG: the file ends inside the 0xFF${marker.toString(16).toUpperCase()} segment; ${HINT}`);

    const sofType = SOF_TYPES[marker];
    if (sofType !== undefined) {
      if (sof) fail(name, `corrupt JPEG: more than one frame header (SOF); ${HINT}`);
      if (length < 8) fail(name, `corrupt JPEG: frame header too short; ${HINT}`);
      const precision = b[start];
      const height = u16(b, start + 1);
      const width = u16(b, start + 3);
      const count = b[start + 5];
      if (length !== 8 + 3 * count) fail(name, `corrupt JPEG: frame header length ${length} does not match its ${count} components; ${HINT}`);
      const components = [];
      for (let i = 0; i < count; i++) {
        const o = start + 6 + 3 * i;
        components.push({ id: b[o], h: b[o + 1] >> 4, v: b[o + 1] & 15, tq: b[o + 2] });
      }
      sof = { sofMarker: marker, sofType, precision, width, height, components };
    } else if (marker === 0xe1 && startsWithAscii(b, start, end, 'Exif\0\0')) {
      exifOrientation ??= readExifOrientation(b, start + 6, end);
    } else if (marker === 0xe2 && startsWithAscii(b, start, end, 'ICC_PROFILE\0')) {
      hasIccProfile = true;
    } else if (marker === 0xee && startsWithAscii(b, start, end, 'Adobe') && end - start >= 12) {
      adobeTransform = b[start + 11];
    } else if (marker === 0xda) {
      if (!sof) fail(name, `corrupt JPEG: image data before the frame header (no SOF marker); ${HINT}`);
      return { ...sof, adobeTransform, exifOrientation, hasIccProfile, hasEoi: hasEoiAfter(b, end) };
    }
    pos = end;
  }
}

/** Describes the frame for messages: "baseline 8-bit, 3 components". */
export function describeJpegFrame(h: JpegHeader): string {
  return `${h.sofType} ${h.precision}-bit, ${h.components.length} component${h.components.length === 1 ? '' : 's'}`;
}
