/**
 * The comparison page's one state object: the model (model.ts; its persisted part, `sources`,
 * `recipe` and `view`, goes to `setState`) plus what the page holds at run time (canvases, the
 * LPIPS client, pending requests). Every other module of webview/compare reads and writes `state`
 * and keeps no mutable binding of its own.
 */
import type { PanelToHostMessage, PersistedPanelState } from '../../src/protocol/compare';
import { Requests } from '../../src/protocol/channel';
import { HostAssetLoader } from '../lpips/hostAssets';
import type { LpipsClient } from '../lpips/lpipsClient';
import { initialModel, type Model } from './model';
import { viewCenter } from './viewMath';

interface VsCodeApi {
  postMessage(message: PanelToHostMessage, transfer?: Transferable[]): void;
  getState(): unknown;
  setState(state: PersistedPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** Sends a message to the extension host. */
export function post(message: PanelToHostMessage, transfer?: Transferable[]): void {
  vscode.postMessage(message, transfer);
}

/** One drawing surface of the stage. */
export interface Viewport {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Which image this viewport shows in side-by-side mode. */
  readonly side?: 'a' | 'b';
}

/** What the page persisted last time (the view and recipe survive a reload). */
export const persisted = vscode.getState() as Partial<PersistedPanelState> | undefined;

/** The page's state. */
export interface PageState extends Model {
  /** The LPIPS Web Worker's client, started on the first run. */
  lpipsClient?: LpipsClient;
  /** Increases with every LPIPS run; a result of an older run is dropped. */
  lpipsRun: number;
  /** Images A and B as canvases, once decoded. */
  sourceCanvases?: [HTMLCanvasElement, HTMLCanvasElement];
  /** Colourised heatmaps by `kind:colormap`. */
  readonly heatmapCanvases: Map<string, HTMLCanvasElement>;
  viewports: Viewport[];
  /** The swipe view's divider. */
  divider?: HTMLElement;
  flickerTimer?: ReturnType<typeof setInterval>;
  drawPending: boolean;
  /** `inspect` request ids (only the answer to the latest request is shown). */
  readonly inspectRequests: Requests<never>;
  lastInspect?: { x: number; y: number };
  /** Lets the deferred decode start now (first scores arrived). */
  releaseDecode?: () => void;
}

/** The one state object. */
export const state: PageState = {
  ...initialModel(persisted),
  lpipsRun: 0,
  heatmapCanvases: new Map(),
  viewports: [],
  drawPending: false,
  inspectRequests: new Requests<never>(),
};

/** Loads the LPIPS worker's files through the host (`readAsset`). */
export const hostAssets = new HostAssetLoader(post);

/** Persists the pair, the recipe and the view (with the current zoom and centre). */
export function saveState(): void {
  if (!state.sources) return;
  let view = state.view;
  const t = state.transform;
  const stage = document.querySelector<HTMLElement>('.viewport');
  if (t && view.zoom > 0 && stage) {
    const dpr = window.devicePixelRatio || 1;
    const c = viewCenter(t, stage.clientWidth * dpr, stage.clientHeight * dpr);
    view = { ...view, zoom: t.zoom, centerX: c.x, centerY: c.y };
  }
  vscode.setState({ version: 1, sources: state.sources, recipe: state.recipe, view });
}
