/**
 * A small synchronous binding to libjpeg-turbo's TurboJPEG API compiled to WASM
 * (node_modules/@cwasm/jpeg-turbo/jpeg-turbo.wasm, MIT). The package's own index.js reads the
 * file with fs and always outputs RGBA; this binding takes the module or bytes from the caller
 * (so a webview can compile it asynchronously) and outputs gray or RGB.
 *
 * Decoding is ISLOW (TJFLAG_ACCURATEDCT) with fancy upsampling (no TJFLAG_FASTUPSAMPLE): the
 * pixels Pillow, OpenCV and scikit-image read. The build has no arithmetic decoding and no
 * 12-bit support; callers check the header first (jpeg.ts).
 */

/** Decoder name reported in results and `settings.decoder`. */
export const JPEG_TURBO_DECODER = 'libjpeg-turbo 2.0 (WASM, @cwasm/jpeg-turbo 0.1.3)';

/** TurboJPEG pixel formats (turbojpeg.h). */
const TJPF_RGB = 0;
const TJPF_GRAY = 6;
/** Use the accurate integer IDCT (JDCT_ISLOW); also the library default. */
const TJFLAG_ACCURATEDCT = 4096;

interface TurboExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  malloc(size: number): number;
  free(ptr: number): void;
  tjInitDecompress(): number;
  tjDestroy(handle: number): number;
  tjDecompressHeader3(handle: number, src: number, size: number, w: number, h: number, subsamp: number, colorspace: number): number;
  tjDecompress2(handle: number, src: number, size: number, dst: number, width: number, pitch: number, height: number, pixelFormat: number, flags: number): number;
}

/**
 * The parts of the WebAssembly JS API used here. Declared locally (and read from globalThis) so
 * this file compiles under the decode layer's `lib: ES2022` and also inside DOM projects
 * without clashing with lib.dom's declarations.
 */
interface WasmApi {
  Module: new (bytes: ArrayBuffer | Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** A compiled `WebAssembly.Module` of jpeg-turbo.wasm. */
export type JpegTurboWasmModule = object;

function wasmApi(): WasmApi {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('decode/jpeg: this runtime has no WebAssembly');
  return api;
}

/** Thrown by the `longjmp` import: libjpeg reported a fatal error and unwinds through JS. */
class JpegTurboAbort extends Error {}

/** The failure of one decode, with which step failed. Callers turn it into an InputError. */
export class JpegTurboError extends Error {}

/** Decoded samples, and whether libjpeg emitted a warning (recoverable corrupt data). */
export interface JpegTurboOutput {
  readonly data: Uint8Array;
  /**
   * TurboJPEG 2.0 returns -1 after a warning (e.g. extraneous bytes before a marker, a bad
   * Huffman code) but still fills the image; fatal errors exit through longjmp instead.
   */
  readonly warning: boolean;
}

let compiled: JpegTurboWasmModule | undefined;
let exportsCache: TurboExports | undefined;

function instantiate(module: JpegTurboWasmModule): TurboExports {
  const notAvailable = (call: string) => () => {
    throw new JpegTurboAbort(`libjpeg-turbo called ${call}`);
  };
  const imports = {
    // setjmp always "returns 0"; libjpeg's error exit calls longjmp, which we turn into a JS
    // exception that unwinds the WASM stack. The instance is then discarded (see decode).
    env: {
      setjmp: () => 0,
      longjmp: notAvailable('longjmp (a fatal decode error)'),
    },
    wasi_snapshot_preview1: {
      environ_sizes_get: () => 0,
      environ_get: notAvailable('environ_get'),
      proc_exit: notAvailable('proc_exit'),
      fd_close: notAvailable('fd_close'),
      fd_seek: notAvailable('fd_seek'),
      fd_write: notAvailable('fd_write'),
    },
  };
  const instance = new (wasmApi().Instance)(module, imports);
  return instance.exports as unknown as TurboExports;
}

/**
 * Provides the jpeg-turbo.wasm module. Pass a compiled `WebAssembly.Module` (the browser must
 * compile asynchronously: `await WebAssembly.compile(bytes)`) or the file's bytes (compiled here
 * synchronously; fine in Node and in workers). Call once before decoding JPEGs; repeated calls are ignored.
 */
export function initJpegTurbo(moduleOrBytes: JpegTurboWasmModule | Uint8Array | ArrayBuffer): void {
  if (compiled) return;
  const api = wasmApi();
  const module =
    moduleOrBytes instanceof Uint8Array || moduleOrBytes instanceof ArrayBuffer ? new api.Module(moduleOrBytes) : moduleOrBytes;
  exportsCache = instantiate(module);
  compiled = module;
}

/** True once {@link initJpegTurbo} has been called. */
export function isJpegTurboReady(): boolean {
  return compiled !== undefined;
}

function getExports(): TurboExports {
  if (!compiled) {
    throw new Error('decode/jpeg: initJpegTurbo() must be called with jpeg-turbo.wasm before decoding JPEG files');
  }
  exportsCache ??= instantiate(compiled);
  return exportsCache;
}

/**
 * Decodes an 8-bit Huffman-coded (baseline, extended or progressive) JPEG with 1 or 3 components
 * to gray (`channels` 1) or RGB (`channels` 3). `width`/`height` come from the caller's header
 * parse and are checked against libjpeg's. Throws JpegTurboError when libjpeg stops on a fatal error.
 */
export function decodeWithJpegTurbo(bytes: Uint8Array, width: number, height: number, channels: 1 | 3): JpegTurboOutput {
  const wasm = getExports();
  let input = 0;
  let meta = 0;
  let output = 0;
  let handle = 0;
  try {
    input = wasm.malloc(bytes.byteLength);
    meta = wasm.malloc(16);
    const outputSize = width * height * channels;
    output = wasm.malloc(outputSize);
    if (input === 0 || meta === 0 || output === 0) {
      throw new JpegTurboError(`out of WASM memory for a ${width}×${height} image`);
    }
    new Uint8Array(wasm.memory.buffer, input, bytes.byteLength).set(bytes);
    handle = wasm.tjInitDecompress();
    if (handle === 0) throw new JpegTurboError('could not create a decompressor');
    if (wasm.tjDecompressHeader3(handle, input, bytes.byteLength, meta, meta + 4, meta + 8, meta + 12) !== 0) {
      throw new JpegTurboError('libjpeg-turbo could not read the header');
    }
    const [w, h] = new Int32Array(wasm.memory.buffer, meta, 2);
    if (w !== width || h !== height) throw new JpegTurboError(`libjpeg-turbo read ${w}×${h}, the header says ${width}×${height}`);
    const status = wasm.tjDecompress2(handle, input, bytes.byteLength, output, width, width * channels, height, channels === 1 ? TJPF_GRAY : TJPF_RGB, TJFLAG_ACCURATEDCT);
    return { data: new Uint8Array(wasm.memory.buffer, output, outputSize).slice(), warning: status !== 0 };
  } catch (err) {
    if (err instanceof JpegTurboAbort) {
      // The WASM stack was unwound mid-call: its heap may hold half-built state. Start afresh.
      exportsCache = undefined;
      throw new JpegTurboError('libjpeg-turbo stopped on corrupt image data');
    }
    throw err;
  } finally {
    if (exportsCache === wasm) {
      if (handle !== 0) wasm.tjDestroy(handle);
      if (output !== 0) wasm.free(output);
      if (meta !== 0) wasm.free(meta);
      if (input !== 0) wasm.free(input);
    }
  }
}
