/**
 * Messages between a caller (extension host, CLI) and a metrics worker thread (src/worker).
 * Every message is a discriminated union member tagged by `type`; request ids and the error
 * shape are the channel's (src/protocol/channel.ts).
 */
import type { CompactMap } from '../core/compactMap';
import type { MetricMap } from '../core/maps';
import type { MetricName, Recipe } from '../core/recipe';
import { messageTypes, type ErrorReply } from './channel';

/** What to compute for one pair. */
export interface CompareJobOptions {
  /** Metrics to compute in the worker (`lpips` is ignored here: it runs through LpipsRunner). */
  readonly metrics: readonly MetricName[];
  /** SSIM variant, channel mode, crop, data range. */
  readonly recipe: Recipe;
  /** Which maps to return (full resolution Float32Array, valid region marked). */
  readonly maps?: { readonly absError?: boolean; readonly ssim?: boolean };
  /** Refuse images above this many pixels (read from the header before allocating). Default 100e6. */
  readonly maxPixels?: number;
  /**
   * true (CLI): a requested metric that cannot be computed is an input error. false (UI): it is
   * recorded in `unavailable` with its reason and the other metrics are still returned. Default true.
   */
  readonly strict?: boolean;
  /** Also return 8-bit RGBA thumbnails of A and B with their longest side at most this (display only). */
  readonly thumbnails?: number;
  /** Also return the maps quantised to 8 bits for display (`compactMaps`), so the host does no per-pixel work. */
  readonly compactMaps?: boolean;
}

/** An 8-bit RGBA thumbnail, for display only. */
export interface ThumbnailImage {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** A per-pixel map, row-major, one float per pixel (the core's own type: protocol may import core types). */
export type { MetricMap } from '../core/maps';

/** What the decoder said about one file. */
export interface DecodedFileInfo {
  readonly format: 'png' | 'jpeg';
  readonly decoder: string;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly bitDepth: 8 | 16;
  readonly hasAlpha: boolean;
  readonly anyTransparent: boolean;
  readonly colorProfile?: string;
  readonly exifOrientation?: number;
}

/** The result of one comparison: numbers as plain values, notices as sentences. */
export interface CompareJobResult {
  readonly width: number;
  readonly height: number;
  readonly identical: boolean;
  /** Exactly the requested metrics (+ mse with psnr); psnr is null when infinite. */
  readonly metrics: { mse?: number; psnr?: number | null; ssim?: number; msssim?: number };
  readonly psnrInfinite: boolean;
  /** Per-channel values in `rgb` mode (R, G, B). */
  readonly perChannel: { ssim?: number[]; msssim?: number[] };
  readonly dataRange: number;
  readonly decoder: string;
  readonly files: readonly [DecodedFileInfo, DecodedFileInfo];
  readonly notices: readonly string[];
  /** Metrics that were requested but could not be computed, with the reason (UI shows them on the card). */
  readonly unavailable: { readonly [metric: string]: string };
  /** The SSIM recipe's downsampling factor, when SSIM or its map was computed (core CompareResult). */
  readonly ssimDownsampleFactor?: number;
  readonly maps: { absError?: MetricMap; ssim?: MetricMap };
  /** The maps quantised for display, when the options asked for them. */
  readonly compactMaps?: { readonly absError?: CompactMap; readonly ssim?: CompactMap };
  /** Thumbnails of A and B when the options asked for them. */
  readonly thumbnails?: readonly [ThumbnailImage, ThumbnailImage];
}

/**
 * A job's failure, in the channel's standard error shape (src/protocol/channel.ts): on its input
 * (`kind: 'input'`, message for the user, naming the file or the metric) or on a bug (`kind: 'internal'`).
 */
export interface WorkerErrorReply extends ErrorReply {
  readonly requestId: number;
  readonly kind: 'input' | 'internal';
  readonly file?: string;
  readonly metric?: string;
}

/** Caller → worker. `requestId` comes from the caller's `Requests` (src/protocol/channel.ts). */
export type WorkerRequest =
  /** Decode both files and compute the metrics. Bytes are transferred. */
  | { readonly type: 'compare'; readonly requestId: number; readonly a: Uint8Array; readonly b: Uint8Array; readonly nameA: string; readonly nameB: string; readonly options: CompareJobOptions };

/** Worker → caller. Errors are values, never thrown across the boundary. */
export type WorkerResponse =
  /** The job finished. */
  | { readonly type: 'result'; readonly requestId: number; readonly result: CompareJobResult }
  | WorkerErrorReply;

/** The types of {@link WorkerRequest}, for the worker's guard. */
export const WORKER_REQUEST_TYPES = messageTypes<WorkerRequest>({ compare: true });
/** The types of {@link WorkerResponse}, for the pool's guard. */
export const WORKER_RESPONSE_TYPES = messageTypes<WorkerResponse>({ result: true, error: true });

/** One LPIPS job for the Node LPIPS worker (src/worker/lpipsNodeWorker.ts): the encoded files, decoded there. */
export interface LpipsJobRequest {
  readonly type: 'lpips';
  readonly requestId: number;
  readonly a: Uint8Array;
  readonly b: Uint8Array;
  readonly nameA: string;
  readonly nameB: string;
  readonly cropBorder: number;
  /** Refuse images above this many pixels (from the header). */
  readonly maxPixels?: number;
  /** Another LPIPS ONNX model (the `lpips.modelPath` setting); default the shipped squeeze model. */
  readonly modelPath?: string;
  /** Refuse pairs above this many megapixels (the `lpips.maxMegapixels` setting). */
  readonly maxMegapixels?: number;
}

/** What the Node LPIPS worker answers. */
export type LpipsJobResponse =
  | { readonly type: 'lpipsResult'; readonly requestId: number; readonly distance: number; readonly network: string; readonly backend: string; readonly ms: number }
  | WorkerErrorReply;

/** The types of {@link LpipsJobResponse}, for the service's guard. */
export const LPIPS_JOB_RESPONSE_TYPES = messageTypes<LpipsJobResponse>({ lpipsResult: true, error: true });
