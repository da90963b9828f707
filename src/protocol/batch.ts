/**
 * Messages between the batch results view (webview/batch) and its controller in the extension host
 * (src/extension/batch/batchPanel.ts). Every message is a discriminated union member tagged by
 * `type`; the lists of types below feed the channel's guards (src/protocol/channel.ts). The webview
 * says `ready` before the host posts anything; on `ready` the host (re)sends everything, so the view
 * needs no `retainContextWhenHidden`.
 */
import type { BatchColumn, BatchPairResult, BatchReport, BatchSettings } from '../core/batchReport';
import type { LpipsBackendSetting } from '../core/registry';
import { messageTypes } from './channel';
import type { WebviewAssetRequest, WebviewAssetResponse } from './lpips';

/** Where a run stands. */
export type BatchRunState = 'running' | 'done' | 'cancelled' | 'failed';

/** Export formats of the view. */
export type BatchExportFormat = 'csv' | 'json';

/** One row of the table: the pair as `imsim batch --json` writes it, plus where it sits in the run. */
export interface BatchRow {
  /** Index of the pair in the run (A's relative path order); stable across sorts. */
  readonly index: number;
  /** Path relative to folder A (the name column). */
  readonly name: string;
  /** The pair, with workspace-relative paths. */
  readonly pair: BatchPairResult;
  /** True when the result came from the cache (same content hashes and recipe). */
  readonly cached?: boolean;
}

/** Progress of a run. */
export interface BatchProgress {
  readonly state: BatchRunState;
  readonly done: number;
  readonly total: number;
  /** Finished pairs per second since the start (cached pairs included). */
  readonly pairsPerSecond: number;
  /** Estimated seconds left; null when unknown. */
  readonly etaSeconds: number | null;
  /** Pairs answered from the cache. */
  readonly cached: number;
  /** LPIPS (computed in the view after the other metrics): pairs answered and queued so far. */
  readonly lpips?: { readonly done: number; readonly total: number };
}

/** A finished run shown next to this one (run over run): its label and report. */
export interface BatchBaseline {
  /** Folder A of that run, as the user named it. */
  readonly label: string;
  readonly report: BatchReport;
}

/** The folders of a view, enough to run it again after a reload (persisted by the webview). */
export interface BatchSource {
  /** URI strings of folder A and folder B. */
  readonly folderA: string;
  readonly folderB: string;
  readonly filter?: string;
}

/** What the view persists with `setState` (restored by the host's WebviewPanelSerializer). */
export interface PersistedBatchState {
  readonly version: 1;
  readonly source?: BatchSource;
  readonly sort?: string;
  readonly direction?: 'worst' | 'best';
  readonly filter?: string;
  readonly mapCount?: number;
}

/** Where the view's LPIPS worker and its data are (asWebviewUri URLs) and how it runs. */
export interface BatchLpipsSetup {
  readonly workerUrl: string;
  readonly modelUrl: string;
  /** Network name shown when the model's metadata has none, e.g. "squeeze v0.1". */
  readonly modelName: string;
  readonly wasmBaseUrl: string;
  /** dist/jpeg-turbo.wasm, for decoding JPEG files in the view. */
  readonly jpegWasmUrl: string;
  readonly backend: LpipsBackendSetting;
  /** imageSimilarity.lpips.maxMegapixels. */
  readonly maxMegapixels: number;
  /** imageSimilarity.maxMegapixels · 1e6, for the decoder. */
  readonly maxPixels: number;
}

/** What the view shows at the top. */
export interface BatchHeader {
  /** The folders, for restoring the view after a reload. */
  readonly source: BatchSource;
  /** "outputs/epoch10 ↔ gt". */
  readonly title: string;
  readonly folderA: string;
  readonly folderB: string;
  /** Metric columns of this run, in CSV order. */
  readonly columns: readonly BatchColumn[];
  /** The column the table is sorted by at first (worst first). */
  readonly worstColumn: BatchColumn;
  /** Recipe, decoder and version (decoder `pending` until the first result). */
  readonly settings: BatchSettings;
  /** Files without a partner (workspace-relative). */
  readonly unmatched: { readonly a: readonly string[]; readonly b: readonly string[] };
  /** The glob filter, if any. */
  readonly filter?: string;
  /** Metrics requested but not computed in this view, with the reason (for example LPIPS). */
  readonly notices: readonly string[];
}

/** Host → view. */
export type HostToBatchMessage =
  /** The run's header; the view clears its rows. */
  | { readonly type: 'init'; readonly header: BatchHeader }
  /** More finished rows (a new row with a known `index` replaces the old one). */
  | { readonly type: 'rows'; readonly rows: readonly BatchRow[] }
  /** Progress of the run. */
  | { readonly type: 'progress'; readonly progress: BatchProgress; readonly settings: BatchSettings }
  /** Another run to compare with (run over run), or null to leave that mode. */
  | { readonly type: 'baseline'; readonly baseline: BatchBaseline | null }
  /** A transient status line (exported, copied). */
  | { readonly type: 'status'; readonly text: string }
  /** LPIPS runs in this view: where its worker and model are. Sent before any `lpipsJob`. */
  | { readonly type: 'lpipsSetup'; readonly setup: BatchLpipsSetup }
  /** Compute LPIPS for the pair with this index (encoded files; the view decodes them). */
  | { readonly type: 'lpipsJob'; readonly index: number; readonly a: Uint8Array; readonly b: Uint8Array; readonly nameA: string; readonly nameB: string; readonly cropBorder: number }
  | WebviewAssetResponse;

/** View → host. */
export type BatchToHostMessage =
  /** The view is listening. */
  | { readonly type: 'ready' }
  /** Open the comparison panel for the pair with this index. */
  | { readonly type: 'openPair'; readonly index: number }
  /** Export the whole run (host builds the file from its own full-precision results). */
  | { readonly type: 'export'; readonly format: BatchExportFormat }
  /** Copy the summary as a Markdown table. */
  | { readonly type: 'copySummary' }
  /** Stop the run. */
  | { readonly type: 'cancel' }
  /** Run again (only changed pairs are recomputed, thanks to the cache). */
  | { readonly type: 'rerun' }
  /** Pick another output folder and compare it with this run against the same ground truth. */
  | { readonly type: 'compareRun' }
  /** Write the heatmaps of the worst pairs as PNG files to a folder. */
  | { readonly type: 'mapOut'; readonly column: BatchColumn; readonly count: number }
  /** LPIPS of pair `index` (network and backend as the worker names them). */
  | { readonly type: 'lpipsResult'; readonly index: number; readonly value: number; readonly network: string; readonly backend: string }
  /** LPIPS of pair `index` could not be computed, with the reason (the pair fails, as in `imsim batch`). */
  | { readonly type: 'lpipsFailed'; readonly index: number; readonly message: string }
  /** The view rendered (for tests and accessibility): row elements in the DOM and rows in total. */
  | { readonly type: 'rendered'; readonly rowElements: number; readonly rows: number; readonly sortColumn: string; readonly firstRow?: string }
  | WebviewAssetRequest;

/** The types of {@link HostToBatchMessage}, for the view's guard. */
export const HOST_TO_BATCH_TYPES = messageTypes<HostToBatchMessage>({ init: true, rows: true, progress: true, baseline: true, status: true, lpipsSetup: true, lpipsJob: true, asset: true });
/** The types of {@link BatchToHostMessage}, for the host's guard. */
export const BATCH_TO_HOST_TYPES = messageTypes<BatchToHostMessage>({
  ready: true, openPair: true, export: true, copySummary: true, cancel: true, rerun: true, compareRun: true, mapOut: true, lpipsResult: true, lpipsFailed: true, rendered: true, readAsset: true,
});
