// Refusals: every bad input is an InputError that names the file and a specific reason, and
// limits are enforced from the header before allocating.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { decodeImage, readImageHeader, sniffFormat } from '../../../src/decode/index';
import { jpegDir, pngDir, readBytes } from './helpers';

function refuses(bytes: Uint8Array, pattern: RegExp, options: { name?: string; maxPixels?: number } = {}): void {
  const name = options.name ?? 'input.png';
  assert.throws(
    () => decodeImage(bytes, { name, maxPixels: options.maxPixels }),
    (err: unknown) => {
      assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
      assert.equal(err.file, name);
      assert.ok(err.message.startsWith(`${name}: `), err.message);
      assert.match(err.message, pattern);
      return true;
    },
  );
}

const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));
const concat = (...parts: (Uint8Array | number[])[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function be32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(be32(data.length), body, be32(crc32(body)));
}

/** A PNG with a valid IHDR claiming width×height, a tiny (wrong) IDAT and IEND. */
function hugePngHeader(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array([...be32(width), ...be32(height), 8, 2, 0, 0, 0]);
  return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], pngChunk('IHDR', ihdr), pngChunk('IDAT', new Uint8Array([0x78, 0x9c, 3, 0, 0, 0, 0, 1])), pngChunk('IEND', new Uint8Array(0)));
}

/** SOI, a baseline SOF0 for width×height with 3 components, an empty SOS, EOI. */
function hugeJpegHeader(width: number, height: number): Uint8Array {
  const sof = [0xff, 0xc0, 0, 17, 8, height >> 8, height & 255, width >> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
  const sos = [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0];
  return new Uint8Array([0xff, 0xd8, ...sof, ...sos, 0xff, 0xd9]);
}

describe('decode refusals', () => {
  it('refuses a 0-byte file', () => refuses(new Uint8Array(0), /empty \(0 bytes\)/));

  it('refuses a text file whatever its name', () => refuses(ascii('hello, this is not an image\n'), /not an image: the content is a text file/, { name: 'photo.png' }));

  it('names WebP, GIF, BMP, TIFF, HEIC, AVIF, JPEG XL, QOI, PSD, PDF and SVG', () => {
    const cases: [Uint8Array, RegExp][] = [
      [concat(ascii('RIFF'), [0x24, 0, 0, 0], ascii('WEBPVP8 '), new Uint8Array(20)), /WebP images are not supported/],
      [concat(ascii('GIF89a'), new Uint8Array(20)), /GIF images are not supported/],
      [concat(ascii('BM'), new Uint8Array(52)), /BMP images are not supported/],
      [new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), /TIFF images are not supported/],
      [concat([0, 0, 0, 0x18], ascii('ftypheic'), new Uint8Array(16)), /HEIC\/HEIF images are not supported/],
      [concat([0, 0, 0, 0x18], ascii('ftypavif'), new Uint8Array(16)), /AVIF images are not supported/],
      [new Uint8Array([0xff, 0x0a, 0, 0]), /JPEG XL images are not supported/],
      [concat(ascii('qoif'), new Uint8Array(10)), /QOI images are not supported/],
      [concat(ascii('8BPS'), new Uint8Array(22)), /PSD\) images are not supported/],
      [ascii('%PDF-1.7\n'), /PDF images are not supported/],
      [ascii('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'), /SVG images are not supported/],
    ];
    for (const [bytes, pattern] of cases) refuses(bytes, pattern, { name: 'mystery.jpg' });
  });

  it('decides by content, not by name', () => {
    const png = readBytes(join(pngDir, 'basn2c08.png'));
    assert.equal(decodeImage(png, { name: 'actually-a-png.jpg' }).format, 'png');
    assert.equal(sniffFormat(png).format, 'png');
  });

  it('refuses PNG without image data', () => refuses(readBytes(join(pngDir, 'xdtn0g01.png')), /no image data \(IDAT chunk missing\)/));

  it('refuses truncated PNGs', () => {
    const png = readBytes(join(pngDir, 'basn2c08.png'));
    refuses(png.subarray(0, 20), /truncated PNG: the file ends inside the IHDR/);
    refuses(png.subarray(0, Math.floor(png.length / 2)), /truncated PNG: the IDAT chunk .* file ends first/);
    refuses(png.subarray(0, png.length - 12), /truncated PNG: the file ends before the IEND chunk/);
  });

  it('refuses a PNG whose zlib stream is damaged (CRC recomputed) without leaking a pngjs error', () => {
    const idat = pngChunk('IDAT', new Uint8Array([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff, 0, 1]));
    const ihdr = pngChunk('IHDR', new Uint8Array([...be32(4), ...be32(4), 8, 2, 0, 0, 0]));
    refuses(concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], ihdr, idat, pngChunk('IEND', new Uint8Array(0))), /corrupt PNG image data/);
  });

  it('refuses a PNG whose zlib stream is cut short even when every chunk CRC is valid', () => {
    // Rebuild basn0g08 with its IDAT payload halved (new CRC): pngjs's own reader would pad with zeros.
    const png = readBytes(join(pngDir, 'basn0g08.png'));
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const parts: Uint8Array[] = [png.subarray(0, 8)];
    for (let pos = 8; pos < png.length; ) {
      const length = view.getUint32(pos);
      const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
      const data = png.subarray(pos + 8, pos + 8 + length);
      parts.push(type === 'IDAT' ? pngChunk('IDAT', data.subarray(0, length >> 1)) : png.subarray(pos, pos + 12 + length));
      pos += 12 + length;
    }
    refuses(concat(...parts), /corrupt PNG image data \(zlib: unexpected end of data/);
  });

  it('refuses truncated and damaged JPEGs', () => {
    const jpeg = readBytes(join(jpegDir, 'jpeg-js/grumpycat.jpg'));
    refuses(jpeg.subarray(0, Math.floor(jpeg.length / 2)), /truncated JPEG: the file ends before the end-of-image marker/, { name: 'a.jpg' });
    refuses(jpeg.subarray(0, 300), /truncated JPEG/, { name: 'a.jpg' });
    refuses(jpeg.subarray(0, 3), /truncated JPEG/, { name: 'a.jpg' });
    const damaged = jpeg.slice();
    const mid = Math.floor(jpeg.length / 2);
    for (let i = mid; i < mid + 400; i++) if (damaged[i] !== 0xff && damaged[i - 1] !== 0xff) damaged[i] = (damaged[i] * 7 + 13) & 255;
    refuses(damaged, /corrupt JPEG data \(libjpeg-turbo stopped on corrupt image data\)/, { name: 'a.jpg' });
    // After a fatal error the decoder still works.
    assert.equal(decodeImage(jpeg, { name: 'again.jpg' }).image.width, 320);
  });

  it('refuses a 100000×100000 PNG header at once, before allocating', () => {
    const bytes = hugePngHeader(100000, 100000);
    const t0 = performance.now();
    refuses(bytes, /100000×100000 \(10000 MP\), over the 100 MP limit/);
    assert.ok(performance.now() - t0 < 50, 'the refusal must not decode anything');
    assert.equal(readImageHeader(bytes).width, 100000);
  });

  it('refuses a 65535×65535 JPEG header at once', () => {
    const t0 = performance.now();
    refuses(hugeJpegHeader(65535, 65535), /65535×65535 \(4295 MP\), over the 100 MP limit/, { name: 'big.jpg' });
    assert.ok(performance.now() - t0 < 50);
  });

  it('applies a caller-given pixel limit to real files', () => {
    refuses(readBytes(join(pngDir, 'basn2c08.png')), /32×32 .* over the 0\.0 MP limit/, { maxPixels: 1000 });
    refuses(readBytes(join(jpegDir, 'jpeg-js/skater.jpg')), /256×256 .* over/, { name: 's.jpg', maxPixels: 65535 });
    assert.equal(decodeImage(readBytes(join(jpegDir, 'jpeg-js/skater.jpg')), { name: 's.jpg', maxPixels: 65536 }).image.width, 256);
  });
});
