/**
 * The comparison page's model: its shape, defaults and the pure state changes (no DOM), so that
 * they can be tested in Node (test/unit/webview/compareModel.test.ts). The one state object that
 * holds it lives in state.ts.
 */
import type { Recipe } from '../../src/core/recipe';
import type { DecodeResult } from '../../src/decode';
import type {
  ColormapName,
  CompactMap,
  FileSource,
  HeatmapKind,
  PanelFileInfo,
  PanelLpips,
  PanelResources,
  PanelScores,
  PanelSettings,
  PanelViewState,
  ViewMode,
} from '../../src/protocol/compare';
import type { ViewTransform } from './viewMath';

export const DEFAULT_VIEW: PanelViewState = {
  view: 'side',
  heatmap: 'ssim',
  colormap: 'viridis',
  heatmapOverImage: false,
  heatmapOpacity: 0.6,
  overlayOpacity: 0.5,
  swipe: 0.5,
  zoom: 0,
  centerX: 0,
  centerY: 0,
  flickerMs: 0,
};

export const VIEW_LABELS: Record<ViewMode, string> = { side: 'Side by side', swipe: 'Swipe', overlay: 'Overlay', flicker: 'Flicker', heatmap: 'Heatmap' };
export const VIEWS: readonly ViewMode[] = ['side', 'swipe', 'overlay', 'flicker', 'heatmap'];
export const HEATMAP_LABELS: Record<HeatmapKind, string> = { absError: 'Absolute error', ssim: 'SSIM map', lpips: 'LPIPS map' };
export const HEATMAP_UNITS: Record<HeatmapKind, string> = { absError: '|A − B| (code values, mean over channels)', ssim: 'local SSIM (1 = identical)', lpips: 'LPIPS distance (0 = identical)' };

/** What the page knows about the comparison (the persisted part is `sources`, `recipe` and `view`). */
export interface Model {
  files?: readonly [PanelFileInfo, PanelFileInfo];
  /** The encoded bytes of `files` (the `files` message). */
  bytes?: readonly [Uint8Array, Uint8Array];
  sources?: readonly [FileSource, FileSource];
  settings?: PanelSettings;
  /** Settings that changed while the panel was open: adopted with the next `computing`. */
  nextSettings?: PanelSettings;
  resources?: PanelResources;
  recipe: Recipe;
  decoded?: readonly [DecodeResult, DecodeResult];
  /** Size of whichever file decoded, when only one did. */
  displaySize?: { width: number; height: number };
  decodeError?: string;
  scores?: PanelScores;
  scoresRecipe?: Recipe;
  scoresMs?: number;
  /** Metrics (and `maps`) still computing after the first scores. */
  pending: readonly string[];
  computing: boolean;
  error?: { message: string; file?: string };
  lpips?: PanelLpips;
  lpipsMap?: CompactMap;
  /** The LPIPS map's exact values (it is computed here, so the inspector needs no round trip). */
  lpipsMapExact?: { readonly width: number; readonly height: number; readonly data: Float32Array };
  lpipsState: 'off' | 'running' | 'done' | 'unavailable';
  lpipsReason?: string;
  lpipsNotices: string[];
  view: PanelViewState;
  flickerShowB: boolean;
  transform?: ViewTransform;
}

/** The model of a page that has not heard from the host yet, from its persisted view and recipe. */
export function initialModel(persisted: { readonly recipe?: Recipe; readonly view?: Partial<PanelViewState> } | undefined): Model {
  return {
    recipe: persisted?.recipe ?? { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 },
    computing: false,
    pending: [],
    lpipsState: 'off',
    lpipsNotices: [],
    view: { ...DEFAULT_VIEW, ...(persisted?.view ?? {}) },
    flickerShowB: false,
  };
}

/**
 * The view after `init`: the host's (a restored panel) wins; else the page's own persisted view;
 * a page with neither starts with the colormap of the settings.
 */
export function viewOnInit(current: PanelViewState, restored: PanelViewState | undefined, hasPersistedView: boolean, settings: PanelSettings): PanelViewState {
  if (restored) return { ...DEFAULT_VIEW, ...restored };
  if (!hasPersistedView) return { ...current, colormap: settings.colormap };
  return current;
}

/**
 * Settings changed while the panel is open. The colormap setting applies at once (when it is the
 * setting that changed: a colormap the user picked in the panel stays until the setting changes);
 * everything else waits for the next comparison (`nextSettings`, adopted by {@link onComputing}).
 */
export function onSettingsChanged(model: Model, settings: PanelSettings): { readonly view: PanelViewState; readonly nextSettings: PanelSettings; readonly colormapChanged: boolean } {
  const previous: ColormapName | undefined = (model.nextSettings ?? model.settings)?.colormap;
  const colormapChanged = previous !== settings.colormap && model.view.colormap !== settings.colormap;
  return { view: colormapChanged ? { ...model.view, colormap: settings.colormap } : model.view, nextSettings: settings, colormapChanged };
}

/** A new comparison starts: settings that changed meanwhile apply from now on. */
export function onComputing(model: Model): { readonly settings: PanelSettings | undefined; readonly nextSettings: undefined } {
  return { settings: model.nextSettings ?? model.settings, nextSettings: undefined };
}

/** The zoom as people read it: image pixels to screen pixels, in per cent ('' before there is one). */
export function zoomText(zoom: number | undefined): string {
  if (zoom === undefined) return '';
  const percent = zoom * 100;
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1)} %`;
}

/** The status line: computing, or size, time and what is still computing. */
export function statusText(model: Pick<Model, 'computing' | 'scores' | 'scoresMs' | 'pending'>): string {
  if (model.computing) return 'Computing…';
  if (model.scores && model.scoresMs !== undefined) {
    const more = model.pending.length > 0 ? ` · computing ${model.pending.map((p) => (p === 'msssim' ? 'MS-SSIM' : p)).join(', ')}…` : '';
    return `${model.scores.width}×${model.scores.height} · ${model.scoresMs} ms${more}`;
  }
  return '';
}
