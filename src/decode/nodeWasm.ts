/**
 * Node-only: loads jpeg-turbo.wasm from disk and hands it to {@link initJpegTurbo}. Kept out of
 * the main decode path so the browser bundles never see `node:*` imports.
 * Looks next to the running bundle first (the build copies the file into dist/), then in
 * node_modules (tests, scripts run from source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { InflateError, setZlibInflater } from './inflate';
import { initJpegTurbo, isJpegTurboReady } from './jpegTurbo';

/** Finds jpeg-turbo.wasm: beside the bundle, else through module resolution. */
export function findJpegTurboWasm(): string {
  const beside = join(__dirname, 'jpeg-turbo.wasm');
  if (existsSync(beside)) return beside;
  return require.resolve('@cwasm/jpeg-turbo/jpeg-turbo.wasm');
}

/** Initialises the JPEG decoder from the file on disk (idempotent). */
export function initJpegTurboFromDisk(path = findJpegTurboWasm()): void {
  if (isJpegTurboReady()) return;
  initJpegTurbo(readFileSync(path));
}

/**
 * Node's zlib as the PNG inflater, with the strict contract of inflate.ts: a truncated stream, a
 * bad Adler-32 or an invalid code throws; more output than the IHDR allows throws; bytes after the
 * end of the zlib stream are ignored, as the TypeScript inflater ignores them.
 */
export function nativeZlibInflate(input: Uint8Array, expectedLength: number): Uint8Array {
  let out: Buffer;
  try {
    out = inflateSync(input, { maxOutputLength: Math.max(1, expectedLength) });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') throw new InflateError('more data than expected');
    throw new InflateError(e.message || 'damaged zlib stream');
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Uses native zlib for PNG data in this thread (worker, CLI). */
export function useNativeInflate(): void {
  setZlibInflater(nativeZlibInflate);
}
