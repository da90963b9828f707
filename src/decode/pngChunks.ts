/**
 * PNG structure check and the chunks pngjs does not expose the way we need (tRNS on every bit
 * depth, iCCP/sRGB/gAMA/cHRM for the colour-profile notice). Everything here reads the header and
 * chunk table only, so the pixel limit is enforced before any pixel buffer is allocated.
 * Spec: PNG (Third Edition), sections 5 (datastream) and 11 (chunk specifications).
 */
import { InputError } from '../core/errors';

/** The PNG file signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/** IHDR fields (spec 11.2.1). */
export interface PngIhdr {
  readonly width: number;
  readonly height: number;
  /** 1, 2, 4, 8 or 16. */
  readonly bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
  readonly colorType: number;
  /** True for Adam7. */
  readonly interlaced: boolean;
}

/** One chunk's position in the file. */
interface ChunkRef {
  readonly type: string;
  /** Offset of the chunk data (after length and type). */
  readonly start: number;
  readonly length: number;
}

/** What the chunk walk found. */
export interface PngStructure {
  readonly ihdr: PngIhdr;
  /** tRNS for colour types 0 and 2: the transparent sample value(s) at the file's bit depth. */
  readonly transparentColor?: readonly number[];
  /** True when a tRNS chunk is present (any colour type). */
  readonly hasTrns: boolean;
  /** Colour-profile chunks, described for a notice (`iCCP "name"`, `sRGB`, `gAMA 0.45455`, `cHRM`). */
  readonly colorProfile?: string;
  /** The concatenated IDAT payloads: one zlib stream. */
  readonly imageData: Uint8Array;
  /** PLTE entries as [r, g, b, a] with tRNS alphas applied (palette images only). */
  readonly palette?: number[][];
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function fail(name: string, reason: string): never {
  throw new InputError(`${name}: ${reason}`, name);
}

const VALID_DEPTHS: Record<number, readonly number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

const CORRUPT_HINT = 're-export or re-download it';

/** Reads and validates IHDR only (signature, length, CRC, field values). Cheap: 33 bytes. */
export function readPngIhdr(bytes: Uint8Array, name: string): PngIhdr {
  for (let i = 0; i < PNG_SIGNATURE.length; i++) {
    if (bytes[i] !== PNG_SIGNATURE[i]) {
      fail(name, `not a valid PNG: the 8-byte PNG signature is damaged (often a file transferred in text mode); ${CORRUPT_HINT}`);
    }
  }
  if (bytes.length < 8 + 8 + 13 + 4) fail(name, `truncated PNG: the file ends inside the IHDR header (${bytes.length} bytes); ${CORRUPT_HINT}`);
  const length = u32(bytes, 8);
  const type = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
  if (type !== 'IHDR') fail(name, `corrupt PNG: the first chunk is "${type}", expected IHDR; ${CORRUPT_HINT}`);
  if (length !== 13) fail(name, `corrupt PNG: IHDR is ${length} bytes long, expected 13; ${CORRUPT_HINT}`);
  if (crc32(bytes, 12, 29) !== u32(bytes, 29)) fail(name, `corrupt PNG: CRC error in the IHDR header chunk; ${CORRUPT_HINT}`);
  const width = u32(bytes, 16);
  const height = u32(bytes, 20);
  const bitDepth = bytes[24];
  const colorType = bytes[25];
  const compression = bytes[26];
  const filter = bytes[27];
  const interlace = bytes[28];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
    fail(name, `corrupt PNG: invalid image size ${width}×${height} in IHDR; ${CORRUPT_HINT}`);
  }
  const depths = VALID_DEPTHS[colorType];
  if (!depths) fail(name, `corrupt PNG: invalid colour type ${colorType} in IHDR (valid: 0, 2, 3, 4, 6); ${CORRUPT_HINT}`);
  if (!depths.includes(bitDepth)) {
    fail(name, `corrupt PNG: invalid bit depth ${bitDepth} for colour type ${colorType} in IHDR (valid: ${depths.join(', ')}); ${CORRUPT_HINT}`);
  }
  if (compression !== 0) fail(name, `corrupt PNG: unknown compression method ${compression} in IHDR; ${CORRUPT_HINT}`);
  if (filter !== 0) fail(name, `corrupt PNG: unknown filter method ${filter} in IHDR; ${CORRUPT_HINT}`);
  if (interlace > 1) fail(name, `corrupt PNG: unknown interlace method ${interlace} in IHDR; ${CORRUPT_HINT}`);
  return { width, height, bitDepth, colorType, interlaced: interlace === 1 };
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/**
 * Walks every chunk: checks lengths and CRCs, chunk order rules that matter for decoding
 * (PLTE before IDAT, contiguous IDATs, IEND present), and collects tRNS and colour-profile chunks.
 */
export function readPngStructure(bytes: Uint8Array, name: string): PngStructure {
  const ihdr = readPngIhdr(bytes, name);
  const chunks: ChunkRef[] = [];
  let pos = 8;
  let sawIend = false;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) fail(name, `truncated PNG: the file ends inside a chunk header at byte ${pos}; ${CORRUPT_HINT}`);
    const length = u32(bytes, pos);
    const type = latin1(bytes, pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) fail(name, `corrupt PNG: invalid chunk type at byte ${pos + 4}; ${CORRUPT_HINT}`);
    if (length > 0x7fffffff) fail(name, `corrupt PNG: chunk ${type} claims ${length} bytes; ${CORRUPT_HINT}`);
    const end = pos + 12 + length;
    if (end > bytes.length) {
      fail(name, `truncated PNG: the ${type} chunk at byte ${pos} needs ${length} bytes but the file ends first; ${CORRUPT_HINT}`);
    }
    if (crc32(bytes, pos + 4, pos + 8 + length) !== u32(bytes, pos + 8 + length)) {
      fail(name, `corrupt PNG: CRC error in the ${type} chunk at byte ${pos}; ${CORRUPT_HINT}`);
    }
    chunks.push({ type, start: pos + 8, length });
    pos = end;
    if (type === 'IEND') {
      sawIend = true;
      break;
    }
  }
  const types = chunks.map((c) => c.type);
  const firstIdat = types.indexOf('IDAT');
  if (firstIdat < 0) fail(name, `corrupt PNG: no image data (IDAT chunk missing); ${CORRUPT_HINT}`);
  const lastIdat = types.lastIndexOf('IDAT');
  for (let i = firstIdat; i <= lastIdat; i++) {
    if (types[i] !== 'IDAT') fail(name, `corrupt PNG: the IDAT chunks are not consecutive (${types[i]} between them); ${CORRUPT_HINT}`);
  }
  if (!sawIend) fail(name, `truncated PNG: the file ends before the IEND chunk; ${CORRUPT_HINT}`);
  const plte = types.indexOf('PLTE');
  if (ihdr.colorType === 3 && (plte < 0 || plte > firstIdat)) {
    fail(name, `corrupt PNG: palette image without a PLTE chunk before its image data; ${CORRUPT_HINT}`);
  }

  let transparentColor: number[] | undefined;
  let hasTrns = false;
  const profile: string[] = [];
  for (const c of chunks) {
    switch (c.type) {
      case 'tRNS':
        hasTrns = true;
        if (ihdr.colorType === 0 && c.length >= 2) {
          transparentColor = [u16(bytes, c.start)];
        } else if (ihdr.colorType === 2 && c.length >= 6) {
          transparentColor = [u16(bytes, c.start), u16(bytes, c.start + 2), u16(bytes, c.start + 4)];
        } else if (ihdr.colorType === 0 || ihdr.colorType === 2) {
          fail(name, `corrupt PNG: tRNS chunk of ${c.length} bytes is too short for colour type ${ihdr.colorType}; ${CORRUPT_HINT}`);
        } else if (ihdr.colorType !== 3) {
          fail(name, `corrupt PNG: tRNS chunk not allowed with colour type ${ihdr.colorType} (the image already has alpha); ${CORRUPT_HINT}`);
        }
        break;
      case 'iCCP': {
        let z = c.start;
        const end = c.start + Math.min(c.length, 80);
        while (z < end && bytes[z] !== 0) z++;
        profile.push(`iCCP "${latin1(bytes, c.start, z)}"`);
        break;
      }
      case 'sRGB':
        profile.push('sRGB');
        break;
      case 'gAMA':
        if (c.length === 4) profile.push(`gAMA ${u32(bytes, c.start) / 100000}`);
        break;
      case 'cHRM':
        profile.push('cHRM');
        break;
      default:
        break;
    }
  }

  const idats = chunks.filter((c) => c.type === 'IDAT');
  const imageData = new Uint8Array(idats.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of idats) {
    imageData.set(bytes.subarray(c.start, c.start + c.length), offset);
    offset += c.length;
  }

  let palette: number[][] | undefined;
  if (ihdr.colorType === 3) {
    const p = chunks[plte];
    if (p.length === 0 || p.length % 3 !== 0 || p.length > 768) {
      fail(name, `corrupt PNG: PLTE chunk of ${p.length} bytes (expected 3 to 768, a multiple of 3); ${CORRUPT_HINT}`);
    }
    palette = [];
    for (let i = 0; i < p.length / 3; i++) palette.push([bytes[p.start + 3 * i], bytes[p.start + 3 * i + 1], bytes[p.start + 3 * i + 2], 255]);
    const trns = chunks.find((c) => c.type === 'tRNS');
    if (trns) {
      if (trns.length > palette.length) fail(name, `corrupt PNG: tRNS has ${trns.length} entries for a ${palette.length}-colour palette; ${CORRUPT_HINT}`);
      for (let i = 0; i < trns.length; i++) palette[i][3] = bytes[trns.start + i];
    }
  }
  return {
    ihdr,
    transparentColor,
    hasTrns,
    colorProfile: profile.length > 0 ? profile.join(', ') : undefined,
    imageData,
    palette,
  };
}
