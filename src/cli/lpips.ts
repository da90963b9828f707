/**
 * LPIPS for the CLI: one runner per process over onnxruntime-web's WASM backend in Node
 * (src/worker/nodeLpips.ts), loaded only when `--metrics` asks for lpips.
 */
import type { DecodedImage } from '../core/image';

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

/**
 * Loads the LPIPS runner (the model file is read now, the session created on the first run).
 * `IMSIM_LPIPS_MODEL` points at another LPIPS ONNX with the same interface (alex, vgg).
 */
export async function loadLpips(): Promise<CliLpips> {
  const { createNodeLpips } = await import('../worker/nodeLpips');
  const modelPath = process.env.IMSIM_LPIPS_MODEL;
  const lpips = createNodeLpips(modelPath ? { modelPath } : {});
  return {
    async run(a, b, cropBorder) {
      const r = await lpips.runner.run(a, b, { cropBorder });
      return { distance: r.distance, network: r.network, backend: r.backend };
    },
    dispose: () => lpips.runner.dispose(),
  };
}
