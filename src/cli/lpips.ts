/**
 * LPIPS for the CLI: one runner per process over onnxruntime-web's WASM backend in Node, loaded
 * only when `--metrics` asks for lpips.
 */
import type { DecodedImage } from '../core/image';
import { MetricError } from '../core/errors';

/** What the CLI needs from an LPIPS run. */
export interface CliLpipsResult {
  readonly distance: number;
  readonly network: string;
  readonly backend: string;
}

/** A loaded LPIPS model. */
export interface CliLpips {
  run(a: DecodedImage, b: DecodedImage, cropBorder: number): Promise<CliLpipsResult>;
  dispose(): Promise<void>;
}

/** Loads the LPIPS runner. Throws MetricError when it cannot. */
export async function loadLpips(): Promise<CliLpips> {
  throw new MetricError('lpips', 'LPIPS is not available in this build of imsim yet');
}
