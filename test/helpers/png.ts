/**
 * A minimal PNG writer for tests that need files no corpus has (huge headers, 8K images, many
 * small files): one IDAT, no filters (filter byte 0 per row, supplied by the caller's raw data).
 */
import { crc32, deflateSync } from 'node:zlib';

/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * An 8-bit PNG of colour type `colorType` (0 gray, 2 RGB) from raw scanlines (each row starting
 * with its filter byte). `raw` null writes a tiny IDAT that does not match the header (bomb tests).
 */
export function encodePng(width: number, height: number, colorType: 0 | 2, raw: Uint8Array | null): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  const idat = raw ? deflateSync(raw, { level: 1 }) : deflateSync(Buffer.alloc(64));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}
