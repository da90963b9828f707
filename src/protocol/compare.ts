/**
 * Messages between the comparison panel's webview (webview/compare) and its controller in the
 * extension host (src/extension/comparePanel.ts). Every message is a discriminated union member
 * tagged by `type`; the lists of types below feed the channel's guards (src/protocol/channel.ts).
 * The webview says `ready` before the host posts anything.
 */
import type { MetricName, Recipe } from '../core/recipe';
import { messageTypes } from './channel';
import type { WebviewAssetRequest, WebviewAssetResponse } from './lpips';
import type { DecodedFileInfo } from './worker';

/** How the two images are shown. */
export type ViewMode = 'side' | 'swipe' | 'overlay' | 'flicker' | 'heatmap';
/** Which per-pixel map the heatmap view shows. */
export type HeatmapKind = 'absError' | 'ssim' | 'lpips';
/** Colormaps of the heatmap view (src/core/colormaps.ts). */
export type { ColormapName } from '../core/registry';
import type { ColormapName, LpipsBackendSetting } from '../core/registry';
/** Which file of the pair. */
export type Side = 'a' | 'b';
/** Export formats of the copy actions. */
export type CopyFormat = 'markdown' | 'json' | 'python';

/** Where a compared file came from, enough to read it again after a reload. */
export type FileSource =
  /** A file read with `workspace.fs` (any scheme the workspace has). */
  | { readonly kind: 'file'; readonly uri: string }
  /** The HEAD version of a file in a Git repository, read through the built-in Git extension. */
  | { readonly kind: 'gitHead'; readonly uri: string };

/** What the webview shows about one file of the pair (its bytes come in their own message). */
export interface PanelFileInfo {
  /** Short name shown on the image (file name, or "name (HEAD)"). */
  readonly label: string;
  /** Workspace-relative path or full path, for tooltips and exports. */
  readonly path: string;
  /** Set when the file was derived in the panel (cropped or scaled after a size mismatch). */
  readonly derivedNote?: string;
}

/** One file of the pair as the host holds it: the encoded bytes, decoded in the webview. */
export interface PanelFile extends PanelFileInfo {
  /** The encoded file as read (PNG or JPEG). */
  readonly bytes: Uint8Array;
}

/** The UI state that survives hiding and reloading (webview `setState`, panel serializer). */
export interface PanelViewState {
  readonly view: ViewMode;
  readonly heatmap: HeatmapKind;
  readonly colormap: ColormapName;
  /** Heatmap drawn over image A (true) or alone (false). */
  readonly heatmapOverImage: boolean;
  /** Heatmap opacity when drawn over the image, 0..1. */
  readonly heatmapOpacity: number;
  /** Opacity of B over A in the overlay view, 0..1. */
  readonly overlayOpacity: number;
  /** Swipe divider position as a fraction of the viewport width, 0..1. */
  readonly swipe: number;
  /** Zoom in device pixels per image pixel; 0 means fit to window. */
  readonly zoom: number;
  /** Image coordinate at the viewport centre (used when zoom > 0). */
  readonly centerX: number;
  readonly centerY: number;
  /** Flicker period in ms; 0 means flicker by key only. */
  readonly flickerMs: number;
}

/** What the webview persists with `setState`: the pair and the view. */
export interface PersistedPanelState {
  readonly version: 1;
  readonly sources: readonly [FileSource, FileSource];
  readonly recipe: Recipe;
  readonly view: PanelViewState;
}

/** Settings the webview needs (from `imageSimilarity.*`). */
export interface PanelSettings {
  readonly metrics: readonly MetricName[];
  /** The decoders' limit, in pixels (their unit): `imageSimilarity.maxMegapixels` × 10⁶, converted once in settings.ts. */
  readonly maxPixels: number;
  readonly lpipsBackend: LpipsBackendSetting;
  /** `imageSimilarity.lpips.maxMegapixels`, in megapixels as every LPIPS path takes it. */
  readonly lpipsMaxMegapixels: number;
  readonly colormap: ColormapName;
}

/** Webview URIs of the runtime files the panel loads, and the versions it reports in exports. */
export interface PanelResources {
  /** dist/jpeg-turbo.wasm, for the JPEG decoder. */
  readonly jpegWasm: string;
  /** dist/webview/lpipsWorker.js. */
  readonly lpipsWorker: string;
  /** The LPIPS model (built-in or the configured one) and its network name. */
  readonly lpipsModel: string;
  readonly lpipsNetwork: string;
  /** Folder (with trailing slash) holding onnxruntime-web's wasm files. */
  readonly ortWasmBase: string;
  /** Extension version, for the JSON export's `settings.version`. */
  readonly version: string;
}

/** A per-pixel map quantised to 8 bits over [min, max] (exact values on demand: `inspect`). */
/** A map quantised to 8 bits for display (core's type). */
export type { CompactMap } from '../core/compactMap';
import type { CompactMap } from '../core/compactMap';

/** The worker's scores, as the panel shows them (maps compacted separately). */
export interface PanelScores {
  readonly width: number;
  readonly height: number;
  readonly identical: boolean;
  readonly metrics: { readonly mse?: number; readonly psnr?: number | null; readonly ssim?: number; readonly msssim?: number };
  readonly psnrInfinite: boolean;
  readonly perChannel: { readonly ssim?: readonly number[]; readonly msssim?: readonly number[] };
  readonly dataRange: number;
  readonly decoder: string;
  readonly files: readonly [DecodedFileInfo, DecodedFileInfo];
  readonly notices: readonly string[];
  readonly unavailable: { readonly [metric: string]: string };
  /** The SSIM recipe's downsampling factor as computed (the recipe line shows it; the UI never recomputes it). */
  readonly ssimDownsampleFactor?: number;
  readonly maps: { readonly absError?: CompactMap; readonly ssim?: CompactMap };
}

/** LPIPS as computed in the webview's worker. */
export interface PanelLpips {
  readonly value: number;
  /** Network name, e.g. "squeeze v0.1". */
  readonly network: string;
  /** "webgpu" or "wasm". */
  readonly backend: string;
  /** GPU adapter description when on WebGPU. */
  readonly adapter?: string;
  /** Wall time of the run in ms. */
  readonly ms: number;
}

/** Host → webview. */
export type HostToPanelMessage =
  /** The pair (names), the recipe, settings and the view to restore. */
  | { readonly type: 'init'; readonly files: readonly [PanelFileInfo, PanelFileInfo]; readonly sources: readonly [FileSource, FileSource]; readonly recipe: Recipe; readonly settings: PanelSettings; readonly view?: PanelViewState; readonly resources: PanelResources }
  /**
   * The encoded bytes of the pair `init` named (A, B), decoded in the webview. Sent after the first
   * scores when they are ready, so that megabytes of image data do not hold up the cards.
   */
  | { readonly type: 'files'; readonly bytes: readonly [Uint8Array, Uint8Array] }
  /** A recompute started with this recipe. */
  | { readonly type: 'computing'; readonly jobId: number; readonly recipe: Recipe }
  /** The scores of job `jobId` so far (ms: from the request to these scores); `pending` are still computing (metric names, `maps`). */
  | { readonly type: 'scores'; readonly jobId: number; readonly recipe: Recipe; readonly scores: PanelScores; readonly ms: number; readonly pending: readonly string[] }
  /**
   * Job `jobId` (or reading the files) failed; `file` names the file when known. A channel
   * ErrorReply (src/protocol/channel.ts) with the panel's own `jobId`, not a requestId.
   */
  | { readonly type: 'error'; readonly jobId: number; readonly message: string; readonly file?: string }
  /** Exact map values at an image pixel, answering `inspect`. */
  | { readonly type: 'inspect'; readonly requestId: number; readonly x: number; readonly y: number; readonly absError?: number; readonly ssim?: number }
  /** A transient status line (copied, saved). */
  | { readonly type: 'status'; readonly text: string }
  /**
   * The `imageSimilarity.*` settings changed while the panel is open: the colormap applies now, the
   * rest (metrics, LPIPS backend and limit) from the next comparison on.
   */
  | { readonly type: 'settings'; readonly settings: PanelSettings }
  | WebviewAssetResponse;

/** Webview → host. */
export type PanelToHostMessage =
  /** The webview is listening. */
  | { readonly type: 'ready' }
  /** Recompute with this recipe (a recipe control changed). */
  | { readonly type: 'recompute'; readonly recipe: Recipe }
  /** LPIPS finished in the webview. */
  | { readonly type: 'lpipsResult'; readonly lpips: PanelLpips }
  /** LPIPS failed or was skipped, with the reason. */
  | { readonly type: 'lpipsUnavailable'; readonly reason: string }
  /** Exact map values at an image pixel, please. */
  | { readonly type: 'inspect'; readonly requestId: number; readonly x: number; readonly y: number }
  /** Put this export (built by the webview from the full-precision scores) on the clipboard. */
  | { readonly type: 'copy'; readonly format: CopyFormat; readonly text: string }
  /** Save this PNG (the current heatmap) through a save dialog. */
  | { readonly type: 'saveHeatmap'; readonly png: Uint8Array; readonly suggestedName: string }
  /** Open one of the files in the editor. */
  | { readonly type: 'open'; readonly side: Side }
  /**
   * Compare these files instead (the user chose to crop both to their common region or to scale B
   * to A's size after a size mismatch); `note` says so on the panel and in the exports.
   */
  | { readonly type: 'derive'; readonly files: readonly [{ readonly label: string; readonly bytes: Uint8Array }, { readonly label: string; readonly bytes: Uint8Array }]; readonly note: string }
  /** Swap A and B (recomputes). */
  | { readonly type: 'swap' }
  /** The displayed scores changed (the text on the cards, for tests and accessibility). */
  | { readonly type: 'rendered'; readonly cards: { readonly [metric: string]: string } }
  | WebviewAssetRequest;

/** The types of {@link HostToPanelMessage}, for the page's guard. */
export const HOST_TO_PANEL_TYPES = messageTypes<HostToPanelMessage>({ init: true, files: true, computing: true, scores: true, error: true, inspect: true, status: true, settings: true, asset: true });
/** The types of {@link PanelToHostMessage}, for the host's guard. */
export const PANEL_TO_HOST_TYPES = messageTypes<PanelToHostMessage>({
  ready: true, recompute: true, lpipsResult: true, lpipsUnavailable: true, inspect: true, copy: true, saveHeatmap: true, open: true, derive: true, swap: true, rendered: true, readAsset: true,
});
