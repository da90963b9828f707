/**
 * Test helper: decodes a file of the reference corpus with the product's decoder (src/decode:
 * PNG in TypeScript, JPEG through libjpeg-turbo WASM), as the CLI and the worker do.
 */
import { readFileSync } from 'node:fs';
import type { DecodedImage } from '../../../src/core/image';
import { decodeImage } from '../../../src/decode/index';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';

initJpegTurboFromDisk();

/** Decodes the image file at `path` (PNG or JPEG, by content). */
export function loadImage(path: string): DecodedImage {
  return decodeImage(new Uint8Array(readFileSync(path)), { name: path }).image;
}
