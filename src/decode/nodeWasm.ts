/**
 * Node-only: loads jpeg-turbo.wasm from disk and hands it to {@link initJpegTurbo}. Kept out of
 * the main decode path so the browser bundles never see `node:*` imports.
 * Looks next to the running bundle first (the build copies the file into dist/), then in
 * node_modules (tests, scripts run from source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
