// Helpers for the decode tests: conformance paths (test/fixtures), hashing, RGBA reconstruction.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DecodeResult } from '../../../src/decode/index';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';
import { CONFORMANCE, FIXTURES } from '../../helpers/fixtures.cjs';

initJpegTurboFromDisk();

/** The repository root (the bundle runs from out/test/unit/decode). */
export const repoRoot = resolve(__dirname, '../../../..');
/** The test data folder (test/fixtures). */
export const fixturesDir = FIXTURES;
export const pngDir = join(CONFORMANCE, 'png');
export const jpegDir = join(CONFORMANCE, 'jpeg');

export function readBytes(path: string): Uint8Array {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * 8-bit RGBA as conformance/README.md defines it: gray expanded to R=G=B, alpha from the alpha
 * plane or 255; 16-bit samples reduced to their high byte. The manifest's hashes were made from
 * RGBA whose fully transparent pixels (alpha 0) have RGB 0 (pngjs and upng-js both write them
 * so), so the same is done here; the stored RGB of such pixels is checked by the rgb-reference test.
 */
export function rgba8(result: DecodeResult): Uint8Array {
  const { width, height, channels, bitDepth, data } = result.image;
  const shift = bitDepth === 16 ? 8 : 0;
  const n = width * height;
  const out = new Uint8Array(n * 4);
  for (let p = 0; p < n; p++) {
    const clear = result.alpha !== undefined && result.alpha[p] === 0;
    for (let c = 0; c < 3; c++) out[4 * p + c] = clear ? 0 : data[channels === 1 ? p : 3 * p + c] >> shift;
    out[4 * p + 3] = result.alpha ? result.alpha[p] >> shift : 255;
  }
  return out;
}

/** 16-bit RGBA as little-endian bytes, alpha 65535 where there is none; stored RGB kept everywhere. */
export function rgba16le(result: DecodeResult): Uint8Array {
  const { width, height, channels, data } = result.image;
  const n = width * height;
  const out = new Uint8Array(n * 8);
  const view = new DataView(out.buffer);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) view.setUint16(8 * p + 2 * c, data[channels === 1 ? p : 3 * p + c], true);
    view.setUint16(8 * p + 6, result.alpha ? result.alpha[p] : 65535, true);
  }
  return out;
}

/** The RGB the metrics see: gray expanded to R=G=B, at the image's own bit depth. */
export function rgbSamples(result: DecodeResult): number[] {
  const { width, height, channels, data } = result.image;
  const out: number[] = new Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) out[3 * p + c] = data[channels === 1 ? p : 3 * p + c];
  }
  return out;
}
