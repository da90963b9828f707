/**
 * Format detection by content (magic bytes), never by file name. Recognises the two formats we
 * decode and names the common ones we do not, so that the refusal can say what the file is.
 */

/** What the first bytes of a file say it is. */
export type SniffedFormat =
  | 'png'
  | 'jpeg'
  | 'webp'
  | 'gif'
  | 'bmp'
  | 'tiff'
  | 'heic'
  | 'avif'
  | 'jxl'
  | 'jpeg2000'
  | 'qoi'
  | 'psd'
  | 'ico'
  | 'exr'
  | 'pnm'
  | 'pdf'
  | 'svg'
  | 'text'
  | 'empty'
  | 'unknown';

/** The result of {@link sniffFormat}: a machine tag and the name a user knows the format by. */
export interface SniffResult {
  readonly format: SniffedFormat;
  /** Human name, e.g. `WebP`, `HEIC`, `a text file`. */
  readonly label: string;
  /** True only for `png` and `jpeg`. */
  readonly supported: boolean;
}

const LABELS: Record<SniffedFormat, string> = {
  png: 'PNG',
  jpeg: 'JPEG',
  webp: 'WebP',
  gif: 'GIF',
  bmp: 'BMP',
  tiff: 'TIFF',
  heic: 'HEIC/HEIF',
  avif: 'AVIF',
  jxl: 'JPEG XL',
  jpeg2000: 'JPEG 2000',
  qoi: 'QOI',
  psd: 'Photoshop (PSD)',
  ico: 'ICO/CUR icon',
  exr: 'OpenEXR',
  pnm: 'Netpbm (PBM/PGM/PPM)',
  pdf: 'PDF',
  svg: 'SVG',
  text: 'a text file',
  empty: 'an empty file',
  unknown: 'an unrecognised binary format',
};

function startsWith(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[offset + i] !== prefix[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** True when the first bytes look like text (UTF-8/ASCII without control bytes other than whitespace). */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 9 || b === 10 || b === 13 || b === 12) continue;
    if (b < 32 || b === 127) return false;
  }
  return true;
}

function result(format: SniffedFormat): SniffResult {
  return { format, label: LABELS[format], supported: format === 'png' || format === 'jpeg' };
}

/** Identifies a file from its first bytes. Never throws. */
export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (bytes.length === 0) return result('empty');
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return result('png');
  // A damaged signature (text-mode transfer, bit flips) still has IHDR right after it: call it
  // PNG so that the refusal says the signature is damaged rather than "unknown format".
  if (ascii(bytes, 0, 24).includes('IHDR')) return result('png');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return result('jpeg');
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return result('webp');
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return result('gif');
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 14) return result('bmp');
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return result('tiff');
  if (startsWith(bytes, [0x49, 0x49, 0x2b, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2b])) return result('tiff');
  if (ascii(bytes, 4, 8) === 'ftyp') {
    const brand = ascii(bytes, 8, 12);
    if (brand === 'avif' || brand === 'avis') return result('avif');
    if (['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return result('heic');
  }
  if (startsWith(bytes, [0xff, 0x0a]) || startsWith(bytes, [0, 0, 0, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) {
    return result('jxl');
  }
  if (startsWith(bytes, [0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]) || startsWith(bytes, [0xff, 0x4f, 0xff, 0x51])) {
    return result('jpeg2000');
  }
  if (ascii(bytes, 0, 4) === 'qoif') return result('qoi');
  if (ascii(bytes, 0, 4) === '8BPS') return result('psd');
  if (startsWith(bytes, [0, 0, 1, 0]) || startsWith(bytes, [0, 0, 2, 0])) return result('ico');
  if (startsWith(bytes, [0x76, 0x2f, 0x31, 0x01])) return result('exr');
  if (ascii(bytes, 0, 5) === '%PDF-') return result('pdf');
  if (bytes[0] === 0x50 && bytes.length > 2 && bytes[1] >= 0x31 && bytes[1] <= 0x37 && /\s/.test(String.fromCharCode(bytes[2]))) {
    return result('pnm');
  }
  if (looksLikeText(bytes)) {
    const head = ascii(bytes, 0, 1024).toLowerCase();
    if (head.includes('<svg')) return result('svg');
    return result('text');
  }
  return result('unknown');
}
