/**
 * Decoding in the panel with the same decoders as the worker (src/decode), so both sides see
 * identical pixels. The JPEG decoder's WASM is fetched from the extension's dist/ folder and
 * compiled asynchronously once (browsers refuse large synchronous compiles on the main thread).
 */
import { decodeImage, initJpegTurbo, isJpegTurboReady, sniffFormat } from '../../src/decode';
import type { DecodeResult } from '../../src/decode';

let jpegReady: Promise<void> | undefined;

async function loadJpegTurbo(url: string): Promise<void> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`cannot load the JPEG decoder (${url}: HTTP ${response.status})`);
  initJpegTurbo(await WebAssembly.compile(await response.arrayBuffer()));
}

/** Decodes one file; throws the decoder's InputError (message names the file) on bad input. */
export async function decodeFile(bytes: Uint8Array, name: string, maxPixels: number, jpegWasmUrl: string): Promise<DecodeResult> {
  if (sniffFormat(bytes).format === 'jpeg' && !isJpegTurboReady()) {
    jpegReady ??= loadJpegTurbo(jpegWasmUrl);
    try {
      await jpegReady;
    } catch (error) {
      jpegReady = undefined;
      throw error;
    }
  }
  return decodeImage(bytes, { name, maxPixels });
}
