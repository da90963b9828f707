/**
 * The comparison panel's page: score cards with recipe lines, recipe controls, the views (side by
 * side, swipe, overlay, flicker, heatmap), pixel inspector, worst regions and the actions. It
 * decodes the encoded files itself (src/decode), gets the scores from the host (worker pool) and
 * runs LPIPS in a Web Worker (webview/lpips/lpipsClient.ts). UI state lives in getState/setState.
 */
import { colormapLut, COLORMAP_NAMES } from '../../src/core/colormaps';
import type { DecodedImage } from '../../src/core/image';
import { CHANNEL_MODES, SSIM_VARIANTS } from '../../src/core/recipe';
import type { Recipe } from '../../src/core/recipe';
import type { DecodeResult } from '../../src/decode';
import type {
  ColormapName,
  CompactMap,
  CopyFormat,
  FileSource,
  HeatmapKind,
  HostToPanelMessage,
  PanelFileInfo,
  PanelLpips,
  PanelResources,
  PanelScores,
  PanelSettings,
  PanelToHostMessage,
  PanelViewState,
  PersistedPanelState,
  ViewMode,
} from '../../src/protocol/compare';
import { HostAssetLoader } from '../lpips/hostAssets';
import { LpipsClient } from '../lpips/lpipsClient';
import { decodeFile } from './decode';
import { exportJson, exportMarkdown, exportPython } from './exports';
import { compactValueAt, heatmapRgba, mapToImageScale, quantiseMap, worstRegions } from './heatmap';
import type { Region } from './heatmap';
import { CHANNEL_LABELS, SSIM_VARIANT_LABELS, lpipsRecipeLine, recipeLines } from './recipeText';
import {
  centeredTransform,
  colorbarTicks,
  fitTransform,
  formatPsnr,
  formatScore,
  formatTick,
  pan,
  pixelAt,
  regionTransform,
  viewCenter,
  zoomAround,
} from './viewMath';
import type { ViewTransform } from './viewMath';
import { el } from '../dom';

interface VsCodeApi {
  postMessage(message: PanelToHostMessage, transfer?: Transferable[]): void;
  getState(): unknown;
  setState(state: PersistedPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

const DEFAULT_VIEW: PanelViewState = {
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

const VIEW_LABELS: Record<ViewMode, string> = { side: 'Side by side', swipe: 'Swipe', overlay: 'Overlay', flicker: 'Flicker', heatmap: 'Heatmap' };
const VIEWS: readonly ViewMode[] = ['side', 'swipe', 'overlay', 'flicker', 'heatmap'];
const HEATMAP_LABELS: Record<HeatmapKind, string> = { absError: 'Absolute error', ssim: 'SSIM map', lpips: 'LPIPS map' };
const HEATMAP_UNITS: Record<HeatmapKind, string> = { absError: '|A − B| (code values, mean over channels)', ssim: 'local SSIM (1 = identical)', lpips: 'LPIPS distance (0 = identical)' };

// ---------------------------------------------------------------------------------------------
// Model

interface Model {
  files?: readonly [PanelFileInfo, PanelFileInfo];
  /** The encoded bytes of `files` (the `files` message). */
  bytes?: readonly [Uint8Array, Uint8Array];
  sources?: readonly [FileSource, FileSource];
  settings?: PanelSettings;
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

const persisted = vscode.getState() as Partial<PersistedPanelState> | undefined;
const model: Model = {
  recipe: persisted?.recipe ?? { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 },
  computing: false,
  pending: [],
  lpipsState: 'off',
  lpipsNotices: [],
  view: { ...DEFAULT_VIEW, ...(persisted?.view ?? {}) },
  flickerShowB: false,
};

let lpipsClient: LpipsClient | undefined;
const hostAssets = new HostAssetLoader(post);
let lpipsRun = 0;
let sourceCanvases: [HTMLCanvasElement, HTMLCanvasElement] | undefined;
const heatmapCanvases = new Map<string, HTMLCanvasElement>();

function post(message: PanelToHostMessage, transfer?: Transferable[]): void {
  vscode.postMessage(message, transfer);
}

function saveState(): void {
  if (!model.sources) return;
  let view = model.view;
  const t = model.transform;
  const stage = document.querySelector<HTMLElement>('.viewport');
  if (t && view.zoom > 0 && stage) {
    const dpr = window.devicePixelRatio || 1;
    const c = viewCenter(t, stage.clientWidth * dpr, stage.clientHeight * dpr);
    view = { ...view, zoom: t.zoom, centerX: c.x, centerY: c.y };
  }
  vscode.setState({ version: 1, sources: model.sources, recipe: model.recipe, view });
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

function button(label: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text: label, title, className });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

function select<T extends string>(label: string, options: readonly T[], labels: (v: T) => string, value: T, onChange: (v: T) => void, id: string): HTMLLabelElement {
  const s = el('select');
  s.id = id;
  for (const o of options) {
    const opt = el('option', { text: labels(o) });
    opt.value = o;
    s.append(opt);
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { className: 'control' }, el('span', { text: label }), s);
}

// ---------------------------------------------------------------------------------------------
// Layout (built once)

const app = document.getElementById('app') as HTMLElement;
app.textContent = '';
const header = el('header', { className: 'toolbar' });
const titleEl = el('h1', { className: 'title', text: app.dataset.title ?? 'Image Similarity' });
const actions = el('div', { className: 'actions' });
const cardsEl = el('section', { className: 'cards' });
cardsEl.setAttribute('aria-label', 'Scores');
const recipeEl = el('section', { className: 'recipe' });
const statusEl = el('span', { className: 'status' });
statusEl.setAttribute('role', 'status');
const errorEl = el('div', { className: 'error' });
errorEl.setAttribute('role', 'alert');
const noticesEl = el('ul', { className: 'notices' });
const viewBar = el('div', { className: 'viewbar' });
viewBar.setAttribute('role', 'toolbar');
const viewOptions = el('div', { className: 'viewoptions' });
const stageEl = el('div', { className: 'stage' });
const sideEl = el('aside', { className: 'side' });
const colorbarEl = el('div', { className: 'colorbar' });
const worstEl = el('div', { className: 'worst' });
const inspectorEl = el('div', { className: 'inspector', text: 'Hover the image to inspect pixels.' });
inspectorEl.setAttribute('aria-live', 'off');
const helpEl = el('div', { className: 'help hidden' });
helpEl.setAttribute('role', 'dialog');
sideEl.append(colorbarEl, worstEl);
header.append(titleEl, actions);
app.append(header, cardsEl, el('div', { className: 'recipebar' }, recipeEl, statusEl), errorEl, noticesEl, el('div', { className: 'viewrow' }, viewBar, viewOptions), el('div', { className: 'main' }, stageEl, sideEl), inspectorEl, helpEl);

function buildActions(): void {
  actions.textContent = '';
  actions.append(
    button('Swap A ↔ B', 'Swap A and B (S)', () => post({ type: 'swap' })),
    button('Open A', 'Open image A in an editor', () => post({ type: 'open', side: 'a' })),
    button('Open B', 'Open image B in an editor', () => post({ type: 'open', side: 'b' })),
    button('Copy Markdown', 'Copy the results as a Markdown table', () => copy('markdown')),
    button('Copy JSON', 'Copy the results as JSON (the imsim CLI shape, full precision)', () => copy('json')),
    button('Copy Python', 'Copy a Python snippet that reproduces the numbers', () => copy('python')),
    button('Save Heatmap…', 'Save the current heatmap as PNG', () => void saveHeatmap()),
    button('?', 'Keyboard shortcuts', () => toggleHelp(), 'help-button'),
  );
}

function buildRecipeControls(): void {
  recipeEl.textContent = '';
  const crop = el('input');
  crop.type = 'number';
  crop.min = '0';
  crop.step = '1';
  crop.id = 'crop-border';
  crop.value = String(model.recipe.cropBorder);
  crop.addEventListener('change', () => {
    const n = Math.max(0, Math.floor(Number(crop.value) || 0));
    crop.value = String(n);
    setRecipe({ ...model.recipe, cropBorder: n });
  });
  recipeEl.append(
    select('SSIM', SSIM_VARIANTS, (v) => SSIM_VARIANT_LABELS[v], model.recipe.ssimVariant, (v) => setRecipe({ ...model.recipe, ssimVariant: v }), 'ssim-variant'),
    select('Channel', CHANNEL_MODES, (v) => CHANNEL_LABELS[v], model.recipe.channel, (v) => setRecipe({ ...model.recipe, channel: v }), 'channel'),
    el('label', { className: 'control' }, el('span', { text: 'Crop border (px)' }), crop),
  );
}

function setRecipe(recipe: Recipe): void {
  const cropChanged = recipe.cropBorder !== model.recipe.cropBorder;
  model.recipe = recipe;
  saveState();
  post({ type: 'recompute', recipe });
  // LPIPS always sees RGB: only the crop changes it.
  if (cropChanged) startLpips();
}

function buildViewBar(): void {
  viewBar.textContent = '';
  VIEWS.forEach((v, i) => {
    const b = button(VIEW_LABELS[v], `${VIEW_LABELS[v]} (${i + 1})`, () => setView({ view: v }), 'view-button');
    b.dataset.view = v;
    b.setAttribute('aria-pressed', String(model.view.view === v));
    viewBar.append(b);
  });
  viewBar.append(
    el('span', { className: 'sep' }),
    button('Fit', 'Fit to window (F)', () => fit()),
    button('1:1', 'One image pixel per screen pixel (Z)', () => oneToOne()),
    el('span', { className: 'zoom-readout', text: zoomText() }),
  );
}

function updateZoomReadout(): void {
  const readout = viewBar.querySelector('.zoom-readout');
  if (readout) readout.textContent = zoomText();
}

/** The zoom as people read it: image pixels to screen pixels, in per cent. */
function zoomText(): string {
  const zoom = model.transform?.zoom;
  if (zoom === undefined) return '';
  const percent = zoom * 100;
  return `${percent >= 10 ? Math.round(percent) : percent.toFixed(1)} %`;
}

function range(label: string, value: number, onInput: (v: number) => void, id: string): HTMLLabelElement {
  const r = el('input');
  r.type = 'range';
  r.min = '0';
  r.max = '100';
  r.id = id;
  r.value = String(Math.round(value * 100));
  r.addEventListener('input', () => onInput(Number(r.value) / 100));
  return el('label', { className: 'control' }, el('span', { text: label }), r);
}

function buildViewOptions(): void {
  viewOptions.textContent = '';
  const v = model.view;
  switch (v.view) {
    case 'side':
    case 'swipe':
      break;
    case 'overlay':
      viewOptions.append(range('B opacity', v.overlayOpacity, (x) => setView({ overlayOpacity: x }, false), 'overlay-opacity'));
      break;
    case 'flicker':
      viewOptions.append(
        select('Flicker', ['0', '250', '500', '1000'] as const, (ms) => (ms === '0' ? 'by key (Space)' : `every ${ms} ms`), String(v.flickerMs) as '0', (ms) => setView({ flickerMs: Number(ms) }), 'flicker-ms'),
        el('span', { className: 'flicker-label', text: `showing ${model.flickerShowB ? 'B' : 'A'}` }),
      );
      break;
    case 'heatmap': {
      const over = el('input');
      over.type = 'checkbox';
      over.id = 'heatmap-over';
      over.checked = v.heatmapOverImage;
      over.addEventListener('change', () => setView({ heatmapOverImage: over.checked }));
      viewOptions.append(
        select('Map', ['absError', 'ssim', 'lpips'] as const, (k) => HEATMAP_LABELS[k], v.heatmap, (k) => setView({ heatmap: k }), 'heatmap-kind'),
        select('Colormap', COLORMAP_NAMES, (c) => c, v.colormap, (c) => setView({ colormap: c as ColormapName }), 'colormap'),
        el('label', { className: 'control' }, over, el('span', { text: 'over image A' })),
      );
      if (v.heatmapOverImage) viewOptions.append(range('Opacity', v.heatmapOpacity, (x) => setView({ heatmapOpacity: x }, false), 'heatmap-opacity'));
      break;
    }
    default: {
      const never: never = v.view;
      void never;
    }
  }
}

let flickerTimer: ReturnType<typeof setInterval> | undefined;

function setView(patch: Partial<PanelViewState>, rebuild = true): void {
  const before = model.view;
  model.view = { ...model.view, ...patch };
  if (patch.view !== undefined && patch.view !== before.view) {
    buildStage();
  }
  if (patch.flickerMs !== undefined || patch.view !== undefined) {
    if (flickerTimer) clearInterval(flickerTimer);
    flickerTimer = undefined;
    if (model.view.view === 'flicker' && model.view.flickerMs > 0) {
      flickerTimer = setInterval(() => {
        model.flickerShowB = !model.flickerShowB;
        updateFlickerLabel();
        scheduleDraw();
      }, model.view.flickerMs);
    }
  }
  if (patch.heatmap !== undefined && model.view.view === 'heatmap') {
    for (const tag of stageEl.querySelectorAll('.tag')) tag.textContent = HEATMAP_LABELS[model.view.heatmap];
  }
  if (rebuild) {
    buildViewBar();
    buildViewOptions();
  }
  renderSide();
  saveState();
  scheduleDraw();
}

function updateFlickerLabel(): void {
  const label = viewOptions.querySelector('.flicker-label');
  if (label) label.textContent = `showing ${model.flickerShowB ? 'B' : 'A'}`;
  for (const tag of stageEl.querySelectorAll('.tag')) tag.textContent = model.flickerShowB ? `B: ${model.files?.[1].label ?? ''}` : `A: ${model.files?.[0].label ?? ''}`;
}

// ---------------------------------------------------------------------------------------------
// Cards

function card(metric: string, name: string, value: string, unit: string, direction: string, recipe: string, extra?: HTMLElement): HTMLElement {
  const c = el('div', { className: 'card' });
  c.dataset.metric = metric;
  const v = el('div', { className: 'value', text: value });
  v.dataset.metric = metric;
  c.append(el('div', { className: 'name' }, el('span', { text: name }), el('span', { className: 'direction', text: direction })), el('div', { className: 'valueline' }, v, el('span', { className: 'unit', text: unit })), el('div', { className: 'recipe-line', text: recipe }));
  if (extra) c.append(extra);
  return c;
}

function perChannel(values: readonly number[] | undefined): HTMLElement | undefined {
  if (!values || values.length !== 3) return undefined;
  const d = el('details', { className: 'channels' });
  d.append(el('summary', { text: 'per channel' }), el('div', { text: `R ${formatScore(values[0])} · G ${formatScore(values[1])} · B ${formatScore(values[2])}` }));
  return d;
}

function renderCards(): void {
  cardsEl.textContent = '';
  const metrics = model.settings?.metrics ?? ['psnr', 'ssim', 'msssim', 'lpips'];
  const s = model.scores;
  const r = model.scoresRecipe ?? model.recipe;
  const lines = s ? recipeLines(r, s.dataRange, s.width, s.height) : undefined;
  const pending = model.computing ? 'computing…' : model.error ? 'failed' : 'waiting…';
  const displayed: Record<string, string> = {};
  const unavailable = (m: string) => s?.unavailable[m];
  const none = model.error && !s ? '—' : '…';
  if (metrics.includes('psnr')) {
    const value = s ? (unavailable('psnr') ? 'n/a' : formatPsnr(s.metrics.psnr, s.psnrInfinite)) : none;
    displayed.psnr = value;
    const mse = s?.metrics.mse;
    c(card('psnr', 'PSNR', value, 'dB', 'higher is more similar', unavailable('psnr') ?? lines?.psnr ?? pending, typeof mse === 'number' ? el('div', { className: 'sub', text: `MSE ${mse.toPrecision(6)}` }) : undefined));
  }
  if (metrics.includes('ssim')) {
    const value = s ? (unavailable('ssim') ? 'n/a' : formatScore(s.metrics.ssim)) : none;
    displayed.ssim = value;
    c(card('ssim', 'SSIM', value, '', 'higher is more similar', unavailable('ssim') ?? lines?.ssim ?? pending, perChannel(s?.perChannel.ssim)));
  }
  if (metrics.includes('msssim')) {
    const stillComputing = !s || model.pending.includes('msssim');
    const value = !s ? none : stillComputing ? '…' : unavailable('msssim') ? 'n/a' : formatScore(s.metrics.msssim);
    displayed.msssim = value;
    const mc = card('msssim', 'MS-SSIM', value, '', 'higher is more similar', (stillComputing ? undefined : unavailable('msssim')) ?? lines?.msssim ?? pending, perChannel(s?.perChannel.msssim));
    if (s && stillComputing) mc.querySelector('.value')?.prepend(el('span', { className: 'spinner' }));
    c(mc);
  }
  if (metrics.includes('lpips')) {
    let value = '…';
    let line = 'waiting for the images…';
    if (model.lpipsState === 'running') line = 'running in a Web Worker…';
    if (model.lpipsState === 'done' && model.lpips) {
      value = formatScore(model.lpips.value);
      line = lpipsRecipeLine(model.lpips, r.cropBorder);
    }
    if (model.lpipsState === 'unavailable') {
      value = 'n/a';
      line = model.lpipsReason ?? 'not available';
    }
    displayed.lpips = value;
    const lc = card('lpips', 'LPIPS', value, '', 'lower is more similar', line);
    if (model.lpipsState === 'running') lc.querySelector('.value')?.prepend(el('span', { className: 'spinner' }));
    c(lc);
  }
  function c(node: HTMLElement) {
    cardsEl.append(node);
  }
  post({ type: 'rendered', cards: displayed });
}

function renderStatus(text?: string): void {
  if (text !== undefined) {
    statusEl.textContent = text;
    return;
  }
  if (model.computing) statusEl.textContent = 'Computing…';
  else if (model.scores && model.scoresMs !== undefined) {
    const more = model.pending.length > 0 ? ` · computing ${model.pending.map((p) => (p === 'msssim' ? 'MS-SSIM' : p)).join(', ')}…` : '';
    statusEl.textContent = `${model.scores.width}×${model.scores.height} · ${model.scoresMs} ms${more}`;
  }
  else statusEl.textContent = '';
}

function renderError(): void {
  const messages: string[] = [];
  if (model.error) messages.push(model.error.message);
  if (model.decodeError && model.decodeError !== model.error?.message) messages.push(model.decodeError);
  errorEl.textContent = messages.join('\n');
  errorEl.classList.toggle('hidden', messages.length === 0);
  const d = model.decoded;
  if (model.error && d && (d[0].image.width !== d[1].image.width || d[0].image.height !== d[1].image.height)) {
    const [a, b] = [d[0].image, d[1].image];
    const w = Math.min(a.width, b.width);
    const h = Math.min(a.height, b.height);
    const offer = el('div', { className: 'offer' });
    if (a.bitDepth === 8 && b.bitDepth === 8) {
      offer.append(
        button(`Crop both to the common top-left ${w}×${h}`, 'Compare the top-left region both images share', () => void deriveCrop(w, h), 'offer-crop'),
        button(`Scale B to A's size (${a.width}×${a.height})`, 'Resample B (bilinear); the numbers are then about the scaled image', () => void deriveScale(), 'offer-scale'),
      );
    } else {
      offer.append(el('span', { text: 'Crop or resize one of the 16-bit images first (the panel only crops or scales 8-bit images).' }));
    }
    errorEl.append(offer);
  }
}

async function pngFromCanvas(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode a PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

function stemOf(label: string): string {
  return label.replace(/ \(.*\)$/, '');
}

async function deriveCrop(w: number, h: number): Promise<void> {
  const d = model.decoded;
  if (!d || !model.files) return;
  const crop = async (image: DecodedImage) => {
    const full = toRgba(image);
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    (c.getContext('2d') as CanvasRenderingContext2D).putImageData(full, 0, 0, 0, 0, w, h);
    return pngFromCanvas(c);
  };
  const [a, b] = await Promise.all([crop(d[0].image), crop(d[1].image)]);
  const note = `Both images were cropped to their common top-left ${w}×${h} region; the numbers are about that region.`;
  post({ type: 'derive', files: [{ label: `${stemOf(model.files[0].label)} (cropped ${w}×${h})`, bytes: a }, { label: `${stemOf(model.files[1].label)} (cropped ${w}×${h})`, bytes: b }], note }, [a.buffer, b.buffer]);
}

async function deriveScale(): Promise<void> {
  const d = model.decoded;
  if (!d || !model.files || !model.bytes) return;
  const bytesA = model.bytes[0];
  const target = d[0].image;
  const source = canvasFrom(toRgba(d[1].image));
  const c = document.createElement('canvas');
  c.width = target.width;
  c.height = target.height;
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, target.width, target.height);
  const b = await pngFromCanvas(c);
  const a = new Uint8Array(bytesA);
  const note = `B was scaled from ${d[1].image.width}×${d[1].image.height} to ${target.width}×${target.height} by the browser's canvas resampling; the numbers are about the scaled image, not the file.`;
  post({ type: 'derive', files: [{ label: stemOf(model.files[0].label), bytes: a }, { label: `${stemOf(model.files[1].label)} (scaled to ${target.width}×${target.height})`, bytes: b }], note }, [a.buffer, b.buffer]);
}

function renderNotices(): void {
  noticesEl.textContent = '';
  const notices = new Set<string>();
  for (const n of model.scores?.notices ?? []) notices.add(n);
  const s = model.scores;
  if (s) {
    const [fa, fb] = s.files;
    notices.add(`Decoder: ${s.decoder}.`);
    if ((fa.colorProfile ?? '') !== (fb.colorProfile ?? '')) {
      notices.add(`The files carry different colour profiles (A: ${fa.colorProfile ?? 'none'}, B: ${fb.colorProfile ?? 'none'}); the metrics use code values.`);
    }
    if (fa.bitDepth === 16 || fb.bitDepth === 16) notices.add('16-bit data: data range 65535 (Y modes: 255).');
  }
  for (const n of model.lpipsNotices) notices.add(n);
  const derived = model.files?.[0].derivedNote ?? model.files?.[1].derivedNote;
  if (derived) notices.add(derived);
  if (model.lpipsState === 'unavailable' && model.lpipsReason?.startsWith('LPIPS skipped')) notices.add(model.lpipsReason);
  for (const n of notices) noticesEl.append(el('li', { text: n }));
  noticesEl.classList.toggle('hidden', notices.size === 0);
}

// ---------------------------------------------------------------------------------------------
// Stage: viewports and drawing

interface Viewport {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  /** Which image this viewport shows in side-by-side mode. */
  readonly side?: 'a' | 'b';
}
let viewports: Viewport[] = [];
let divider: HTMLElement | undefined;

function makeViewport(side: 'a' | 'b' | undefined, tag: string): Viewport {
  const root = el('div', { className: 'viewport' });
  root.tabIndex = 0;
  root.setAttribute('aria-label', tag);
  const canvas = el('canvas');
  root.append(canvas, el('div', { className: 'tag', text: tag }));
  const vp: Viewport = { root, canvas, side };
  attachInteraction(vp);
  return vp;
}

function buildStage(): void {
  stageEl.textContent = '';
  divider = undefined;
  const la = model.files?.[0].label ?? 'A';
  const lb = model.files?.[1].label ?? 'B';
  switch (model.view.view) {
    case 'side':
      viewports = [makeViewport('a', `A: ${la}`), makeViewport('b', `B: ${lb}`)];
      break;
    case 'swipe': {
      viewports = [makeViewport(undefined, `A: ${la} | B: ${lb}`)];
      divider = el('div', { className: 'divider' });
      divider.setAttribute('role', 'slider');
      divider.setAttribute('aria-label', 'Swipe divider');
      divider.tabIndex = 0;
      attachDivider(divider, viewports[0]);
      viewports[0].root.append(divider);
      break;
    }
    case 'overlay':
      viewports = [makeViewport(undefined, `B: ${lb} over A: ${la}`)];
      break;
    case 'flicker':
      viewports = [makeViewport(undefined, model.flickerShowB ? `B: ${lb}` : `A: ${la}`)];
      break;
    case 'heatmap':
      viewports = [makeViewport(undefined, HEATMAP_LABELS[model.view.heatmap])];
      break;
    default: {
      const never: never = model.view.view;
      void never;
    }
  }
  stageEl.classList.toggle('two', viewports.length === 2);
  for (const vp of viewports) stageEl.append(vp.root);
  resizeCanvases();
}

function imageSize(): { width: number; height: number } | undefined {
  const d = model.decoded;
  if (d) return { width: d[0].image.width, height: d[0].image.height };
  if (model.displaySize) return model.displaySize;
  const s = model.scores;
  return s ? { width: s.width, height: s.height } : undefined;
}

function resizeCanvases(): void {
  const dpr = window.devicePixelRatio || 1;
  let resized = false;
  for (const vp of viewports) {
    const w = Math.max(1, Math.round(vp.root.clientWidth * dpr));
    const h = Math.max(1, Math.round(vp.root.clientHeight * dpr));
    if (vp.canvas.width !== w || vp.canvas.height !== h) {
      vp.canvas.width = w;
      vp.canvas.height = h;
      resized = true;
    }
  }
  const size = imageSize();
  const vp = viewports[0];
  if (size && vp) {
    if (model.view.zoom <= 0 || !model.transform) {
      model.transform = model.view.zoom <= 0
        ? fitTransform(size.width, size.height, vp.canvas.width, vp.canvas.height, true)
        : centeredTransform(model.view.zoom, model.view.centerX, model.view.centerY, vp.canvas.width, vp.canvas.height);
    }
  }
  updateZoomReadout();
  // Resizing cleared the canvases: repaint now rather than leave a blank frame.
  if (resized) draw();
  else scheduleDraw();
}

function fit(): void {
  model.view = { ...model.view, zoom: 0 };
  model.transform = undefined;
  resizeCanvases();
  saveState();
}

function oneToOne(): void {
  const vp = viewports[0];
  if (!vp || !model.transform) return;
  const c = viewCenter(model.transform, vp.canvas.width, vp.canvas.height);
  setTransform(centeredTransform(1, c.x, c.y, vp.canvas.width, vp.canvas.height));
}

function setTransform(t: ViewTransform): void {
  model.transform = t;
  model.view = { ...model.view, zoom: t.zoom };
  updateZoomReadout();
  saveState();
  scheduleDraw();
}

let drawPending = false;
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    draw();
  });
}

function toRgba(image: DecodedImage): ImageData {
  const { width, height, channels, data, bitDepth } = image;
  const out = new ImageData(width, height);
  const px = out.data;
  const shift = bitDepth === 16 ? 8 : 0;
  for (let i = 0, n = width * height; i < n; i++) {
    if (channels === 3) {
      px[i * 4] = data[i * 3] >> shift;
      px[i * 4 + 1] = data[i * 3 + 1] >> shift;
      px[i * 4 + 2] = data[i * 3 + 2] >> shift;
    } else {
      const g = data[i] >> shift;
      px[i * 4] = g;
      px[i * 4 + 1] = g;
      px[i * 4 + 2] = g;
    }
    px[i * 4 + 3] = 255;
  }
  return out;
}

function canvasFrom(image: ImageData): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = image.width;
  c.height = image.height;
  (c.getContext('2d') as CanvasRenderingContext2D).putImageData(image, 0, 0);
  return c;
}

function currentMap(kind: HeatmapKind = model.view.heatmap): CompactMap | undefined {
  switch (kind) {
    case 'absError':
      return model.scores?.maps.absError;
    case 'ssim':
      return model.scores?.maps.ssim;
    case 'lpips':
      return model.lpipsMap;
    default: {
      const never: never = kind;
      return never;
    }
  }
}

function heatmapCanvas(): HTMLCanvasElement | undefined {
  const map = currentMap();
  if (!map) return undefined;
  const key = `${model.view.heatmap}:${model.view.colormap}`;
  let c = heatmapCanvases.get(key);
  if (!c) {
    const rgba = heatmapRgba(map, colormapLut(model.view.colormap));
    c = canvasFrom(new ImageData(rgba, map.width, map.height));
    heatmapCanvases.set(key, c);
  }
  return c;
}

function drawHeat(ctx: CanvasRenderingContext2D, heat: HTMLCanvasElement, map: CompactMap, size: { width: number; height: number }): void {
  const off = map.offset;
  ctx.drawImage(heat, 0, 0, heat.width, heat.height, off, off, size.width - 2 * off, size.height - 2 * off);
}

function draw(): void {
  const size = imageSize();
  const t = model.transform;
  for (const vp of viewports) {
    const ctx = vp.canvas.getContext('2d');
    if (!ctx) continue;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, vp.canvas.width, vp.canvas.height);
    if (!sourceCanvases && model.bytes && !model.decodeError) {
      // The scores come first; the images follow once decoded here.
      ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-descriptionForeground') || 'gray';
      ctx.font = getComputedStyle(document.body).font;
      ctx.textAlign = 'center';
      ctx.fillText('Decoding the images…', vp.canvas.width / 2, vp.canvas.height / 2);
    }
    if (!size || !t || !sourceCanvases) continue;
    // Pixel-exact when magnified; smoothing only when minifying (avoids aliasing at fit).
    ctx.imageSmoothingEnabled = t.zoom < 1;
    ctx.setTransform(t.zoom, 0, 0, t.zoom, t.offsetX, t.offsetY);
    const [a, b] = sourceCanvases;
    switch (model.view.view) {
      case 'side':
        ctx.drawImage(vp.side === 'b' ? b : a, 0, 0);
        break;
      case 'swipe': {
        ctx.drawImage(a, 0, 0);
        const splitX = model.view.swipe * vp.canvas.width;
        ctx.save();
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.beginPath();
        ctx.rect(splitX, 0, vp.canvas.width - splitX, vp.canvas.height);
        ctx.clip();
        ctx.setTransform(t.zoom, 0, 0, t.zoom, t.offsetX, t.offsetY);
        ctx.drawImage(b, 0, 0);
        ctx.restore();
        if (divider) divider.style.left = `${model.view.swipe * 100}%`;
        break;
      }
      case 'overlay':
        ctx.drawImage(a, 0, 0);
        ctx.globalAlpha = model.view.overlayOpacity;
        ctx.drawImage(b, 0, 0);
        ctx.globalAlpha = 1;
        break;
      case 'flicker':
        ctx.drawImage(model.flickerShowB ? b : a, 0, 0);
        break;
      case 'heatmap': {
        const map = currentMap();
        const heat = heatmapCanvas();
        if (model.view.heatmapOverImage) ctx.drawImage(a, 0, 0);
        if (map && heat) {
          ctx.globalAlpha = model.view.heatmapOverImage ? model.view.heatmapOpacity : 1;
          drawHeat(ctx, heat, map, size);
          ctx.globalAlpha = 1;
        }
        break;
      }
      default: {
        const never: never = model.view.view;
        void never;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Interaction: wheel zoom around the cursor, drag to pan, swipe divider, inspector

function devicePoint(vp: Viewport, event: MouseEvent): { x: number; y: number } {
  const rect = vp.canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  return { x: (event.clientX - rect.left) * dpr, y: (event.clientY - rect.top) * dpr };
}

function attachInteraction(vp: Viewport): void {
  vp.root.addEventListener('wheel', (event) => {
    if (!model.transform) return;
    event.preventDefault();
    const p = devicePoint(vp, event);
    setTransform(zoomAround(model.transform, Math.exp(-event.deltaY * 0.0015), p.x, p.y));
  }, { passive: false });
  let dragging: { x: number; y: number } | undefined;
  vp.root.addEventListener('pointerdown', (event) => {
    if (event.button !== 0 || event.target === divider) return;
    dragging = devicePoint(vp, event);
    vp.root.setPointerCapture(event.pointerId);
    vp.root.classList.add('dragging');
  });
  vp.root.addEventListener('pointermove', (event) => {
    const p = devicePoint(vp, event);
    if (dragging && model.transform) {
      setTransform(pan(model.transform, p.x - dragging.x, p.y - dragging.y));
      dragging = p;
    }
    inspect(p.x, p.y);
  });
  const stop = (event: PointerEvent) => {
    dragging = undefined;
    vp.root.classList.remove('dragging');
    if (vp.root.hasPointerCapture(event.pointerId)) vp.root.releasePointerCapture(event.pointerId);
  };
  vp.root.addEventListener('pointerup', stop);
  vp.root.addEventListener('pointercancel', stop);
  vp.root.addEventListener('dblclick', () => fit());
}

function attachDivider(handle: HTMLElement, vp: Viewport): void {
  handle.addEventListener('pointerdown', (event) => {
    event.stopPropagation();
    handle.setPointerCapture(event.pointerId);
  });
  handle.addEventListener('pointermove', (event) => {
    if (!handle.hasPointerCapture(event.pointerId)) return;
    const rect = vp.root.getBoundingClientRect();
    setView({ swipe: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)) }, false);
  });
  handle.addEventListener('pointerup', (event) => handle.releasePointerCapture(event.pointerId));
  handle.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      event.stopPropagation();
      setView({ swipe: Math.min(1, Math.max(0, model.view.swipe + (event.key === 'ArrowLeft' ? -0.02 : 0.02))) }, false);
    }
  });
}

let inspectRequest = 0;
let lastInspect: { x: number; y: number } | undefined;

function sampleText(result: DecodeResult, x: number, y: number): string {
  const { width, channels, data } = result.image;
  const i = (y * width + x) * channels;
  return channels === 3 ? `${data[i]}, ${data[i + 1]}, ${data[i + 2]}` : String(data[i]);
}

function mapValueText(map: CompactMap | undefined, x: number, y: number, size: { width: number; height: number }): number | undefined {
  if (!map) return undefined;
  const { sx, sy, offset } = mapToImageScale(map, size.width, size.height);
  return compactValueAt(map, Math.floor((x - offset) / sx), Math.floor((y - offset) / sy));
}

function inspect(sx: number, sy: number): void {
  const size = imageSize();
  if (!size || !model.transform) return;
  const p = pixelAt(model.transform, sx, sy, size.width, size.height);
  if (!p) {
    inspectorEl.textContent = 'Hover the image to inspect pixels.';
    return;
  }
  lastInspect = p;
  renderInspector(p.x, p.y);
  if (model.scores) post({ type: 'inspect', requestId: ++inspectRequest, x: p.x, y: p.y });
}

function renderInspector(x: number, y: number, exact?: { absError?: number; ssim?: number }): void {
  const size = imageSize();
  if (!size) return;
  const parts: string[] = [`x ${x}, y ${y}`];
  const d = model.decoded;
  if (d) {
    const bits = d[0].image.bitDepth;
    parts.push(`A (${bits}-bit) ${sampleText(d[0], x, y)}`, `B ${sampleText(d[1], x, y)}`);
    const { channels, data, width } = d[0].image;
    const other = d[1].image;
    const diffs: number[] = [];
    for (let c = 0; c < Math.max(channels, other.channels); c++) {
      const va = data[(y * width + x) * channels + Math.min(c, channels - 1)];
      const vb = other.data[(y * other.width + x) * other.channels + Math.min(c, other.channels - 1)];
      diffs.push(Math.abs(va - vb));
    }
    parts.push(`|A−B| ${diffs.join(', ')}`);
  }
  const ssim = exact?.ssim ?? mapValueText(model.scores?.maps.ssim, x, y, size);
  parts.push(`local SSIM ${ssim === undefined ? '—' : `${exact?.ssim !== undefined ? '' : '≈'}${ssim.toFixed(4)}`}`);
  const lpMap = model.lpipsMap;
  const exactMap = model.lpipsMapExact;
  let lp: number | undefined;
  if (lpMap && exactMap) {
    const { sx, sy, offset } = mapToImageScale(lpMap, size.width, size.height);
    const mx = Math.floor((x - offset) / sx);
    const my = Math.floor((y - offset) / sy);
    if (mx >= 0 && my >= 0 && mx < exactMap.width && my < exactMap.height) lp = exactMap.data[my * exactMap.width + mx];
  }
  parts.push(`LPIPS map ${lp === undefined ? '—' : lp.toFixed(4)}`);
  inspectorEl.textContent = parts.join('  ·  ');
}

// ---------------------------------------------------------------------------------------------
// Side panel: colorbar and worst regions

function renderSide(): void {
  colorbarEl.textContent = '';
  worstEl.textContent = '';
  const size = imageSize();
  const isHeat = model.view.view === 'heatmap';
  sideEl.classList.toggle('hidden', !model.scores);
  if (isHeat) {
    const map = currentMap();
    colorbarEl.append(el('div', { className: 'side-title', text: HEATMAP_LABELS[model.view.heatmap] }));
    if (!map) {
      colorbarEl.append(el('div', { className: 'sub', text: model.view.heatmap === 'lpips' ? (model.lpipsState === 'running' ? 'LPIPS is running…' : model.lpipsReason ?? 'No LPIPS map.') : 'No map for this recipe.' }));
    } else {
      const bar = el('canvas', { className: 'bar' });
      bar.width = 16;
      bar.height = 256;
      const ctx = bar.getContext('2d') as CanvasRenderingContext2D;
      const lut = colormapLut(model.view.colormap);
      for (let i = 0; i < 256; i++) {
        ctx.fillStyle = `rgb(${lut[i * 3]}, ${lut[i * 3 + 1]}, ${lut[i * 3 + 2]})`;
        ctx.fillRect(0, 255 - i, 16, 1);
      }
      const labels = el('div', { className: 'ticks' });
      const span = map.max - map.min;
      for (const tick of colorbarTicks(map.min, map.max, 5)) {
        const label = el('span', { text: formatTick(tick, span) });
        label.style.bottom = `${span > 0 ? ((tick - map.min) / span) * 100 : 0}%`;
        labels.append(label);
      }
      colorbarEl.append(el('div', { className: 'barwrap' }, bar, labels), el('div', { className: 'units', text: HEATMAP_UNITS[model.view.heatmap] }));
    }
  }
  if (!size) return;
  const kind: HeatmapKind = isHeat ? model.view.heatmap : 'ssim';
  const map = currentMap(kind) ?? currentMap('absError');
  const usedKind: HeatmapKind = currentMap(kind) ? kind : 'absError';
  if (!map) return;
  const regions = worstRegions(map, size.width, size.height, usedKind === 'ssim' ? 'low' : 'high', 5);
  worstEl.append(el('div', { className: 'side-title', text: usedKind === 'ssim' ? 'Lowest local SSIM' : usedKind === 'lpips' ? 'Highest LPIPS' : 'Largest error' }));
  const list = el('ol');
  for (const r of regions) {
    const item = button(`${r.x}, ${r.y} (${r.width}×${r.height}) ≈ ${r.value.toFixed(usedKind === 'absError' ? 1 : 4)}`, 'Zoom to this region', () => zoomToRegion(r), 'region');
    list.append(el('li', {}, item));
  }
  worstEl.append(list);
}

function zoomToRegion(r: Region): void {
  const vp = viewports[0];
  if (!vp) return;
  setTransform(regionTransform(r.x, r.y, r.width, r.height, vp.canvas.width, vp.canvas.height));
}

// ---------------------------------------------------------------------------------------------
// Actions

function exportInput() {
  if (!model.scores || !model.files) return undefined;
  const derived = model.files[0].derivedNote ?? model.files[1].derivedNote;
  const scores = derived ? { ...model.scores, notices: [...model.scores.notices, derived] } : model.scores;
  return { pathA: model.files[0].path, pathB: model.files[1].path, recipe: model.scoresRecipe ?? model.recipe, scores, lpips: model.lpips, version: model.resources?.version ?? '' };
}

function copy(format: CopyFormat): void {
  const input = exportInput();
  if (!input) {
    renderStatus('No results to copy yet.');
    return;
  }
  const text = format === 'json' ? exportJson(input) : format === 'python' ? exportPython(input) : exportMarkdown(input);
  post({ type: 'copy', format, text });
}

async function saveHeatmap(): Promise<void> {
  const map = currentMap();
  if (!map) {
    renderStatus(`No ${HEATMAP_LABELS[model.view.heatmap]} to save.`);
    return;
  }
  const rgba = heatmapRgba(map, colormapLut(model.view.colormap));
  const c = canvasFrom(new ImageData(rgba, map.width, map.height));
  const blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const png = new Uint8Array(await blob.arrayBuffer());
  const stem = (model.files?.[1].label ?? 'image').replace(/\.[^.]+$/, '');
  post({ type: 'saveHeatmap', png, suggestedName: `${stem}-${model.view.heatmap}-${model.view.colormap}.png` }, [png.buffer]);
}

function toggleHelp(): void {
  helpEl.classList.toggle('hidden');
  if (!helpEl.classList.contains('hidden')) helpEl.focus();
}

function buildHelp(): void {
  helpEl.tabIndex = -1;
  const rows: [string, string][] = [
    ['1 – 5', 'side by side, swipe, overlay, flicker, heatmap'],
    ['F or double-click', 'fit to window'],
    ['Z', '1:1 (one image pixel per screen pixel)'],
    ['+ / − or mouse wheel', 'zoom (around the cursor)'],
    ['arrows or drag', 'pan'],
    ['Space', 'flicker: show the other image'],
    ['M', 'heatmap: next map (error, SSIM, LPIPS)'],
    ['C', 'heatmap: next colormap'],
    ['S', 'swap A and B'],
    ['?', 'this help'],
  ];
  const table = el('table');
  for (const [k, v] of rows) table.append(el('tr', {}, el('th', { text: k }), el('td', { text: v })));
  helpEl.append(el('div', { className: 'side-title', text: 'Keyboard shortcuts' }), table, button('Close', 'Close the help', () => toggleHelp()));
}

document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const vp = viewports[0];
  const t = model.transform;
  const step = 40 * (window.devicePixelRatio || 1);
  switch (event.key) {
    case '1': case '2': case '3': case '4': case '5':
      setView({ view: VIEWS[Number(event.key) - 1] });
      break;
    case 'f': case 'F': case '0':
      fit();
      break;
    case 'z': case 'Z':
      oneToOne();
      break;
    case '+': case '=':
      if (t && vp) setTransform(zoomAround(t, 1.25, vp.canvas.width / 2, vp.canvas.height / 2));
      break;
    case '-': case '_':
      if (t && vp) setTransform(zoomAround(t, 0.8, vp.canvas.width / 2, vp.canvas.height / 2));
      break;
    case 'ArrowLeft': if (t) setTransform(pan(t, step, 0)); break;
    case 'ArrowRight': if (t) setTransform(pan(t, -step, 0)); break;
    case 'ArrowUp': if (t) setTransform(pan(t, 0, step)); break;
    case 'ArrowDown': if (t) setTransform(pan(t, 0, -step)); break;
    case ' ':
      if (model.view.view !== 'flicker') return;
      model.flickerShowB = !model.flickerShowB;
      updateFlickerLabel();
      scheduleDraw();
      break;
    case 'm': case 'M': {
      const kinds: HeatmapKind[] = ['absError', 'ssim', 'lpips'];
      setView({ view: 'heatmap', heatmap: kinds[(kinds.indexOf(model.view.heatmap) + 1) % kinds.length] });
      break;
    }
    case 'c': case 'C':
      setView({ colormap: COLORMAP_NAMES[(COLORMAP_NAMES.indexOf(model.view.colormap) + 1) % COLORMAP_NAMES.length] });
      break;
    case 's': case 'S':
      post({ type: 'swap' });
      break;
    case '?':
      toggleHelp();
      break;
    case 'Escape':
      helpEl.classList.add('hidden');
      return;
    default:
      return;
  }
  event.preventDefault();
});

new ResizeObserver(() => resizeCanvases()).observe(stageEl);
// Stop LPIPS when the panel closes or hides: its worker would otherwise keep a core busy.
window.addEventListener('pagehide', () => {
  lpipsClient?.dispose();
  lpipsClient = undefined;
});

// ---------------------------------------------------------------------------------------------
// LPIPS in a Web Worker

function startLpips(): void {
  const settings = model.settings;
  const resources = model.resources;
  const decoded = model.decoded;
  model.lpips = undefined;
  model.lpipsMap = undefined;
  model.lpipsMapExact = undefined;
  heatmapCanvases.delete(`lpips:${model.view.colormap}`);
  for (const key of [...heatmapCanvases.keys()]) if (key.startsWith('lpips:')) heatmapCanvases.delete(key);
  if (!settings || !resources || !settings.metrics.includes('lpips')) {
    model.lpipsState = 'off';
    return;
  }
  const run = ++lpipsRun;
  const fail = (reason: string) => {
    if (run !== lpipsRun) return;
    model.lpipsState = 'unavailable';
    model.lpipsReason = reason;
    post({ type: 'lpipsUnavailable', reason });
    renderCards();
    renderNotices();
    renderSide();
  };
  if (!decoded) {
    if (model.decodeError) fail(`LPIPS needs the decoded images: ${model.decodeError}`);
    return;
  }
  const [a, b] = decoded;
  if (a.image.width !== b.image.width || a.image.height !== b.image.height) {
    fail(`LPIPS needs images of the same size (A ${a.image.width}×${a.image.height}, B ${b.image.width}×${b.image.height}).`);
    return;
  }
  if (a.image.bitDepth !== b.image.bitDepth) {
    fail('LPIPS: a 16-bit image cannot be compared with an 8-bit one.');
    return;
  }
  const crop = model.recipe.cropBorder;
  const pixels = Math.max(0, a.image.width - 2 * crop) * Math.max(0, a.image.height - 2 * crop);
  if (pixels > settings.lpipsMaxPixels) {
    fail(`LPIPS skipped: ${(pixels / 1e6).toFixed(1)} MP is over imageSimilarity.lpips.maxMegapixels (${settings.lpipsMaxPixels / 1e6} MP).`);
    return;
  }
  lpipsClient ??= new LpipsClient({
    loadBytes: hostAssets.load,
    workerUrl: resources.lpipsWorker,
    modelUrl: resources.lpipsModel,
    modelName: resources.lpipsNetwork,
    wasmBaseUrl: resources.ortWasmBase,
    backend: settings.lpipsBackend,
    maxMegapixels: settings.lpipsMaxPixels / 1e6,
  });
  model.lpipsState = 'running';
  renderCards();
  lpipsClient.run(a.image, b.image, { cropBorder: crop, map: true }).then(
    (result) => {
      if (run !== lpipsRun) return;
      const adapter = result.adapter ? [result.adapter.vendor, result.adapter.architecture, result.adapter.description].filter(Boolean).join(' ') : undefined;
      const lpips: PanelLpips = {
        value: result.distance,
        network: [result.network, result.networkVersion ? `v${result.networkVersion}` : ''].filter(Boolean).join(' '),
        backend: result.backend,
        adapter: adapter ? `${adapter}${result.adapter?.isFallbackAdapter ? ', software fallback' : ''}` : undefined,
        ms: result.millis,
      };
      model.lpips = lpips;
      model.lpipsState = 'done';
      model.lpipsNotices = [...result.notices];
      if (result.map) {
        model.lpipsMap = quantiseMap(result.map.width, result.map.height, result.map.data, crop);
        model.lpipsMapExact = { width: result.map.width, height: result.map.height, data: result.map.data };
      }
      post({ type: 'lpipsResult', lpips });
      renderCards();
      renderNotices();
      renderSide();
      scheduleDraw();
    },
    (error: unknown) => fail(error instanceof Error ? error.message : String(error)),
  );
}

// ---------------------------------------------------------------------------------------------
// Messages from the host

/** How long the panel waits for the first scores before decoding anyway (ms). */
const DECODE_DEFER_MS = 800;
let releaseDecode: (() => void) | undefined;

/** Resolves when the first scores or an error have arrived, or after `ms`. */
function firstScoresOrTimeout(ms: number): Promise<void> {
  releaseDecode?.();
  if (model.scores || model.error) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (releaseDecode === done) releaseDecode = undefined;
      resolve();
    };
    const timer = setTimeout(done, ms);
    releaseDecode = done;
  });
}

/** Resolves after the next frame has been painted (or 50 ms, when the panel is hidden and frames stop). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer);
      resolve();
    }, 0));
  });
}

function onInit(message: Extract<HostToPanelMessage, { type: 'init' }>): void {
  model.files = message.files;
  model.sources = message.sources;
  model.settings = message.settings;
  model.resources = message.resources;
  model.recipe = message.recipe;
  if (message.view) model.view = { ...DEFAULT_VIEW, ...message.view };
  else if (!persisted?.view) model.view = { ...model.view, colormap: message.settings.colormap };
  model.bytes = undefined;
  model.decoded = undefined;
  model.displaySize = undefined;
  model.decodeError = undefined;
  model.scores = undefined;
  model.transform = undefined;
  sourceCanvases = undefined;
  heatmapCanvases.clear();
  titleEl.textContent = `${message.files[0].label} ↔ ${message.files[1].label}`;
  titleEl.title = `A: ${message.files[0].path}\nB: ${message.files[1].path}`;
  buildRecipeControls();
  buildViewBar();
  buildViewOptions();
  buildStage();
  renderCards();
  renderNotices();
  saveState();
}

/** The encoded pair arrived: decode it here (the same decoders as the workers). */
async function onFiles(message: Extract<HostToPanelMessage, { type: 'files' }>): Promise<void> {
  const files = model.files;
  const settings = model.settings;
  const resources = model.resources;
  if (!files || !settings || !resources) return;
  model.bytes = message.bytes;
  scheduleDraw();
  // The first scores come from the host's worker; on a small machine decoding here competes with
  // it for the CPU. Decode once they (or an error) have arrived and been painted, or after a
  // moment when they take long (big images).
  await firstScoresOrTimeout(DECODE_DEFER_MS);
  await nextPaint();
  if (model.bytes !== message.bytes) return;
  // Decode each file on its own: when one is broken, the other is still shown.
  const results = await Promise.allSettled(message.bytes.map((bytes, i) => decodeFile(bytes, files[i].path, settings.maxPixels, resources.jpegWasm)));
  if (model.bytes !== message.bytes) return;
  const ok = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
  if (ok[0] && ok[1]) model.decoded = [ok[0], ok[1]];
  if (errors.length > 0) {
    model.decodeError = errors.join('\n');
    renderError();
  }
  if (model.error) renderError();
  const shown = ok[0] ?? ok[1];
  if (shown) {
    model.displaySize = { width: shown.image.width, height: shown.image.height };
    const blank = () => canvasFrom(new ImageData(1, 1));
    sourceCanvases = [ok[0] ? canvasFrom(toRgba(ok[0].image)) : blank(), ok[1] ? canvasFrom(toRgba(ok[1].image)) : blank()];
  }
  resizeCanvases();
  // LPIPS waits for the first scores: on a small machine it would compete with them for the CPU.
  if (model.scores || model.error || model.decodeError) startLpips();
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const raw = event.data;
  if (typeof raw !== 'object' || raw === null || typeof (raw as { type?: unknown }).type !== 'string') return;
  const message = raw as HostToPanelMessage;
  switch (message.type) {
    case 'init':
      onInit(message);
      return;
    case 'files':
      void onFiles(message);
      return;
    case 'computing':
      model.computing = true;
      model.error = undefined;
      renderStatus();
      renderError();
      renderCards();
      return;
    case 'scores':
      model.computing = false;
      model.error = undefined;
      model.scores = message.scores;
      model.scoresRecipe = message.recipe;
      model.scoresMs = message.ms;
      model.pending = message.pending;
      for (const key of [...heatmapCanvases.keys()]) if (!key.startsWith('lpips:')) heatmapCanvases.delete(key);
      renderCards();
      renderStatus();
      renderError();
      renderNotices();
      renderSide();
      if (!model.transform) resizeCanvases();
      scheduleDraw();
      if (model.lpipsState === 'off' && model.decoded) startLpips();
      releaseDecode?.();
      return;
    case 'error':
      model.computing = false;
      model.error = { message: message.message, file: message.file };
      model.scores = undefined;
      renderCards();
      renderStatus();
      renderError();
      renderSide();
      scheduleDraw();
      if (model.lpipsState === 'off' && (model.decoded || model.decodeError)) startLpips();
      releaseDecode?.();
      return;
    case 'inspect':
      if (message.requestId === inspectRequest && lastInspect && lastInspect.x === message.x && lastInspect.y === message.y) {
        renderInspector(message.x, message.y, { absError: message.absError, ssim: message.ssim });
      }
      return;
    case 'status':
      renderStatus(message.text);
      return;
    case 'asset':
      hostAssets.onAsset(message);
      return;
    default: {
      const never: never = message;
      void never;
    }
  }
});

buildActions();
buildRecipeControls();
buildViewBar();
buildViewOptions();
buildHelp();
buildStage();
renderError();
renderNotices();
sideEl.classList.add('hidden');
post({ type: 'ready' });
