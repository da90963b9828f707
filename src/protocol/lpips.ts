/**
 * Messages between a webview page (compare panel, batch view) and its LPIPS Web Worker
 * (webview/lpips/lpipsWorker.ts), which runs onnxruntime-web on WebGPU or WASM. Every message is a
 * discriminated union member tagged by `type`; ids and the error shape are the channel's
 * (src/protocol/channel.ts). Pixel buffers go to the worker and the
 * map comes back as transferred ArrayBuffers, never as JSON number arrays.
 */
import type { DecodedImage } from '../core/image';
import type { LpipsResult } from '../core/lpipsRunner';
import { messageTypes, type ErrorReply } from './channel';

/** The runtime of ort.webgpu.bundle.min.mjs (its WebGPU and WASM execution providers), in `wasmBaseUrl`. */
export const LPIPS_WEBVIEW_WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

/** `imageSimilarity.lpips.backend`: WebGPU when an adapter exists, else WASM (`auto`), or one of them only. */
export type { LpipsBackendSetting } from '../core/registry';
import type { LpipsBackendSetting } from '../core/registry';

/** Where the worker loads its runtime data from (asWebviewUri URLs in VS Code) and how it runs. */
export interface LpipsWorkerConfig {
  /** The LPIPS ONNX model. */
  readonly modelUrl: string;
  /** The model's file name, for the network name when its metadata lacks one. */
  readonly modelName?: string;
  /** Folder URL (ending in `/`) holding `ort-wasm-simd-threaded.asyncify.wasm`. */
  readonly wasmBaseUrl: string;
  readonly backend: LpipsBackendSetting;
  /** `imageSimilarity.lpips.maxMegapixels` (default 4). */
  readonly maxMegapixels?: number;
}

/** A decoded image as posted to the worker (the same shape as core's DecodedImage). */
export type LpipsImage = DecodedImage;

/** What the worker reports for one pair: the runner's result (backend after any fallback) plus notices. */
export interface LpipsRunResult extends LpipsResult {
  /** Sentences for the user, e.g. why WebGPU was not used. */
  readonly notices: readonly string[];
}

/** Page → worker. */
export type LpipsRequest =
  /** Compute LPIPS between `a` and `b`; their pixel buffers are transferred. */
  | {
      readonly type: 'lpips/run';
      readonly requestId: number;
      readonly config: LpipsWorkerConfig;
      readonly a: LpipsImage;
      readonly b: LpipsImage;
      /** Pixels dropped on every side first. */
      readonly cropBorder: number;
      /** Also return the per-pixel map (costs a read-back; off unless a view shows it). */
      readonly wantMap: boolean;
    }
  /** Release the sessions (the page is closing or the settings changed). */
  | { readonly type: 'lpips/dispose' }
  /** The bytes the worker asked for with `lpips/load` (transferred), or why they could not be read. */
  | { readonly type: 'lpips/loaded'; readonly requestId: number; readonly bytes?: ArrayBuffer; readonly error?: string };

/** Worker → page. Errors are values, never thrown across the boundary. */
export type LpipsResponse =
  /** The worker has started and takes requests. */
  | { readonly type: 'lpips/ready' }
  /**
   * The worker needs the bytes at `url` (the runtime's .wasm or the model). The page loads them (in
   * VS Code: from the extension host by message, see {@link WebviewAssetRequest}) and answers `lpips/loaded`.
   */
  | { readonly type: 'lpips/load'; readonly requestId: number; readonly url: string }
  /** Run `requestId` finished; `result.map.data` is transferred. */
  | { readonly type: 'lpips/result'; readonly requestId: number; readonly result: LpipsRunResult }
  | LpipsErrorReply;

/**
 * Run `requestId` failed, in the channel's standard error shape: on its input or a limit (`input`,
 * message for the user) or on a bug or the runtime (`internal`). Without `requestId` (a malformed
 * request) every pending run fails.
 */
export interface LpipsErrorReply extends ErrorReply {
  readonly kind: 'input' | 'internal';
  readonly metric: 'lpips';
}

/** The types of {@link LpipsRequest}, for the worker's guard. */
export const LPIPS_REQUEST_TYPES = messageTypes<LpipsRequest>({ 'lpips/run': true, 'lpips/dispose': true, 'lpips/loaded': true });
/** The types of {@link LpipsResponse}, for the page's guard. */
export const LPIPS_RESPONSE_TYPES = messageTypes<LpipsResponse>({ 'lpips/ready': true, 'lpips/load': true, 'lpips/result': true, error: true });

/**
 * Webview → host: read one of the files the host named by URL in its setup message (the LPIPS
 * worker script, runtime .wasm or model) and send its bytes. The host answers only for URLs it
 * handed out. Messages instead of fetch(): a webview fetch goes through VS Code's service worker,
 * and in a browser-hosted VS Code (code-server) a fetch still running when its panel closes holds
 * that service worker until a 30 s timeout, leaving the next webview blank meanwhile.
 */
export interface WebviewAssetRequest {
  readonly type: 'readAsset';
  readonly requestId: number;
  readonly url: string;
}

/** Host → webview: the answer to a {@link WebviewAssetRequest}. */
export interface WebviewAssetResponse {
  readonly type: 'asset';
  readonly requestId: number;
  readonly bytes?: Uint8Array;
  readonly error?: string;
}
