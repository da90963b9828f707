/**
 * What an `.imsim` notebook cell's output holds (the JSON under NOTEBOOK_RESULT_MIME, saved in the
 * file) and the messages between the notebook renderer (webview/renderer) and the extension.
 * Type-only apart from the ids; every message is a discriminated union member tagged by `type`.
 * Thumbnails are small PNGs as base64 text, so a saved notebook shows its results without files.
 */
import type { BatchColumn, BatchSettings } from '../core/batchReport';
import type { MetricSummary } from '../core/summary';

/** The notebook type (package.json `notebooks`), for `*.imsim` files. */
export const NOTEBOOK_TYPE = 'image-similarity-notebook';
/** The cell language id. */
export const CELL_LANGUAGE = 'imsim';
/** The output MIME type the renderer draws. */
export const NOTEBOOK_RESULT_MIME = 'application/vnd.image-similarity.result+json';
/** The renderer id (package.json `notebookRenderer`). */
export const NOTEBOOK_RENDERER_ID = 'image-similarity-renderer';

/** A small PNG (longest side at most THUMBNAIL_SIZE), base64. */
export interface Thumbnail {
  readonly png: string;
  readonly width: number;
  readonly height: number;
}

/** Longest side of a thumbnail in pixels. */
export const THUMBNAIL_SIZE = 256;

/** The images of one pair: A, B and the heatmap (SSIM map, else absolute error). */
export interface PairThumbnails {
  readonly a?: Thumbnail;
  readonly b?: Thumbnail;
  readonly heatmap?: Thumbnail;
  /** What the heatmap shows: "1 − SSIM (wang2004)" or "|A − B|". */
  readonly heatmapLabel?: string;
}

/** A single-pair cell's result. */
export interface PairResultOutput {
  readonly type: 'pair';
  readonly version: 1;
  /** Workspace-relative paths. */
  readonly a: string;
  readonly b: string;
  readonly width: number;
  readonly height: number;
  readonly identical: boolean;
  /** Plain numbers as `imsim compare --json` (psnr null when infinite). */
  readonly metrics: { readonly mse?: number; readonly psnr?: number | null; readonly ssim?: number; readonly msssim?: number; readonly lpips?: number };
  readonly psnrInfinite: boolean;
  /** Requested metrics that were not computed, with the reason. */
  readonly unavailable: { readonly [metric: string]: string };
  readonly notices: readonly string[];
  readonly settings: BatchSettings;
  readonly thumbnails: PairThumbnails;
  /** When the cell ran (ISO 8601), shown under the cards. */
  readonly ranAt: string;
}

/** One of the worst pairs of a folder cell. */
export interface WorstPairOutput {
  /** Path relative to folder A. */
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly value: number | null;
  readonly thumbnails: PairThumbnails;
}

/** Histogram of one metric. */
export interface HistogramOutput {
  readonly min: number;
  readonly max: number;
  readonly counts: readonly number[];
  readonly nInfinite: number;
}

/** A folder cell's result: the batch summary, histograms and the worst pairs. */
export interface FolderResultOutput {
  readonly type: 'folder';
  readonly version: 1;
  readonly folderA: string;
  readonly folderB: string;
  readonly pairs: number;
  readonly failed: number;
  readonly unmatched: { readonly a: number; readonly b: number };
  readonly columns: readonly BatchColumn[];
  readonly summary: { readonly [column: string]: MetricSummary };
  readonly histograms: { readonly [column: string]: HistogramOutput };
  /** The column the worst pairs are chosen by. */
  readonly worstColumn: BatchColumn;
  readonly worst: readonly WorstPairOutput[];
  /** The first failures (path and reason), at most 20. */
  readonly errors: readonly { readonly a: string; readonly error: string }[];
  readonly notices: readonly string[];
  readonly settings: BatchSettings;
  readonly ranAt: string;
}

/** The JSON of an output item under NOTEBOOK_RESULT_MIME. */
export type NotebookResultOutput = PairResultOutput | FolderResultOutput;

/** Renderer → extension (requiresMessaging: optional). */
export type RendererToExtensionMessage =
  /** Open the comparison panel for these workspace-relative paths. */
  | { readonly type: 'openPair'; readonly a: string; readonly b: string }
  /** Open the batch view for these folders. */
  | { readonly type: 'openFolders'; readonly a: string; readonly b: string };
