/**
 * Versions baked in at build time by scripts/build.mjs (esbuild `define`), so `imsim --version`
 * and every JSON result name the tool, decoder and onnxruntime-web versions that produced them.
 */
declare const __IMSIM_VERSIONS__: { imsim: string; pngjs: string; jpegTurbo: string; jpegJs: string; onnxruntimeWeb: string } | undefined;

/** Versions of the tool and the libraries that shape its numbers. */
export const VERSIONS = typeof __IMSIM_VERSIONS__ !== 'undefined' && __IMSIM_VERSIONS__
  ? __IMSIM_VERSIONS__
  : { imsim: '0.0.0-dev', pngjs: 'unknown', jpegTurbo: 'unknown', jpegJs: 'unknown', onnxruntimeWeb: 'unknown' };

/** The text of `imsim --version`. */
export function versionText(): string {
  return [
    `imsim ${VERSIONS.imsim}`,
    `decoders: PNG: imsim TypeScript decoder (samples identical to pngjs ${VERSIONS.pngjs}); JPEG: libjpeg-turbo WASM (@cwasm/jpeg-turbo ${VERSIONS.jpegTurbo}), jpeg-js ${VERSIONS.jpegJs} for CMYK/YCCK only`,
    `onnxruntime-web ${VERSIONS.onnxruntimeWeb}`,
  ].join('\n');
}
