/**
 * The comparison panel: one webview per pair, titled "A ↔ B". The controller reads both files,
 * hands the encoded bytes to the webview (which decodes them itself), computes the scores in the
 * worker pool, and answers the webview's requests. A serializer restores panels after a reload.
 */
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import { isRecipe as isRegistryRecipe } from '../core/registry';
import type { MetricName, Recipe } from '../core/recipe';
import { assertNever, errorMessage, isMessageOf } from '../protocol/channel';
import { PANEL_TO_HOST_TYPES } from '../protocol/compare';
import type {
  FileSource,
  HostToPanelMessage,
  PanelFile,
  PanelLpips,
  PanelScores,
  PanelToHostMessage,
  PanelViewState,
  PersistedPanelState,
} from '../protocol/compare';
import type { CompareJobResult } from '../protocol/worker';
import { compactMap, mapValueAt } from '../core/compactMap';
import { compareHtml, compareWebviewOptions } from './compareHtml';
import { Disposable } from './dispose';
import { WebviewPanelBase } from './webviewPanelBase';
import { isFileSource, readSource, sourceLabel, sourcePath, sourceUri } from './fileSources';
import type { MetricsPoolHolder } from './metricsPool';
import { lpipsModelPath, panelSettings, recipeFromSettings, workerMetrics } from './settings';

/** The webview panel type (activation event `onWebviewPanel:imageSimilarity.compare`). */
export const COMPARE_VIEW_TYPE = 'imageSimilarity.compare';

/** Show a cancellable notification when a job runs longer than this (ms). */
const PROGRESS_NOTIFICATION_DELAY_MS = 1500;

/** What every panel shares. */
export interface PanelContext {
  readonly extensionUri: vscode.Uri;
  readonly version: string;
  readonly pool: MetricsPoolHolder;
}

/** The last results of a panel, for tests and the exports. */
export interface PanelSnapshot {
  readonly title: string;
  readonly recipe: Recipe;
  readonly result?: CompareJobResult;
  readonly error?: string;
  readonly lpips?: PanelLpips;
  readonly lpipsUnavailable?: string;
  readonly cards: { readonly [metric: string]: string };
  readonly lastCopy?: { readonly format: string; readonly text: string };
  /** sha256-able copies of the bytes the panel compared (A, B). */
  readonly bytes?: readonly [Uint8Array, Uint8Array];
}

function sourcesKey(sources: readonly [FileSource, FileSource]): string {
  return sources.map((s) => `${s.kind}:${s.uri}`).join('|');
}

/** A recipe from the webview, checked by the registry's one recipe check (and a sane crop bound). */
function isRecipe(value: unknown): value is Recipe {
  return isRegistryRecipe(value) && value.cropBorder < 1e6;
}

/** The quick job's scores completed by the slow job's (MS-SSIM, maps). */
function mergeResults(quick: CompareJobResult, slow: CompareJobResult): CompareJobResult {
  return {
    ...quick,
    metrics: { ...quick.metrics, ...slow.metrics, mse: quick.metrics.mse, psnr: quick.metrics.psnr },
    perChannel: { ...quick.perChannel, msssim: slow.perChannel.msssim },
    notices: [...new Set([...quick.notices, ...slow.notices])],
    unavailable: { ...quick.unavailable, ...slow.unavailable },
    ...(quick.ssimDownsampleFactor ?? slow.ssimDownsampleFactor) !== undefined ? { ssimDownsampleFactor: quick.ssimDownsampleFactor ?? slow.ssimDownsampleFactor } : {},
    maps: slow.maps,
    ...(slow.compactMaps ? { compactMaps: slow.compactMaps } : {}),
  };
}

/** The panel's title, "A ↔ B". */
function pairTitle(sources: readonly [FileSource, FileSource]): string {
  return `${sourceLabel(sources[0])} ↔ ${sourceLabel(sources[1])}`;
}

const isPanelToHost = isMessageOf<PanelToHostMessage>(PANEL_TO_HOST_TYPES);

/** What a freshly loaded webview is sent again (see {@link WebviewPanelBase}). */
interface CompareReplay {
  init?: Extract<HostToPanelMessage, { type: 'init' }>;
  files?: HostToPanelMessage;
  computing?: HostToPanelMessage;
  result?: HostToPanelMessage;
}

/** One open comparison. */
export class ComparePanel extends WebviewPanelBase<HostToPanelMessage, PanelToHostMessage> {
  private files?: readonly [PanelFile, PanelFile];
  private jobId = 0;
  private running?: AbortController;
  private result?: CompareJobResult;
  private error?: string;
  private lpips?: PanelLpips;
  private lpipsUnavailable?: string;
  private cards: { [metric: string]: string } = {};
  private lastCopy?: { format: string; text: string };
  private replayed: CompareReplay = {};

  constructor(
    panel: vscode.WebviewPanel,
    private readonly context: PanelContext,
    private sources: readonly [FileSource, FileSource],
    private recipe: Recipe,
    private readonly view: PanelViewState | undefined,
  ) {
    super(panel, {
      extensionUri: context.extensionUri,
      options: compareWebviewOptions(context.extensionUri),
      html: compareHtml,
      isIncoming: isPanelToHost,
      title: pairTitle(sources),
      name: 'panel',
    });
    // Read and compute while the webview loads (it takes about a second in a browser).
    void this.start();
  }

  /** Stable identity of the pair (one panel per pair). */
  get key(): string {
    return sourcesKey(this.sources);
  }

  /** The last results, for tests and the exports. */
  snapshot(): PanelSnapshot {
    return {
      title: this.panel.title,
      recipe: this.recipe,
      result: this.result,
      error: this.error,
      lpips: this.lpips,
      lpipsUnavailable: this.lpipsUnavailable,
      cards: { ...this.cards },
      lastCopy: this.lastCopy,
      bytes: this.files ? [this.files[0].bytes, this.files[1].bytes] : undefined,
    };
  }

  protected override onDispose(): void {
    this.running?.abort();
  }

  private updateTitle(): void {
    this.panel.title = pairTitle(this.sources);
  }

  /**
   * Live settings. The colormap applies to the open panel at once (the page switches its heatmap
   * colormap). Metrics, the pixel limit and the LPIPS backend and limit apply from the next
   * comparison on: `compute()` reads them afresh, and the page adopts them with its next
   * `computing`; the scores on screen are not recomputed. The recipe settings (SSIM variant,
   * channel, crop border) only seed new panels: an open panel's recipe belongs to its own recipe
   * controls (`recompute`), as before, so a settings change never recomputes an open comparison.
   */
  protected override onSettingsChanged(): void {
    const settings = panelSettings();
    const init = this.replayed.init;
    // A webview loaded later (hidden and shown again) starts with the new colormap too.
    if (init) this.replayed = { ...this.replayed, init: { ...init, settings: { ...init.settings, colormap: settings.colormap } } };
    this.post({ type: 'settings', settings });
  }

  /**
   * Keeps the last init, progress and result messages, replayed on every `ready`: the webview
   * reloads when the panel is shown again (no retainContextWhenHidden), and the work starts before
   * the webview has loaded.
   */
  protected override remember(message: HostToPanelMessage): void {
    switch (message.type) {
      case 'init':
        this.replayed = { init: message };
        break;
      case 'files':
        this.replayed = { ...this.replayed, files: message };
        break;
      case 'computing':
        this.replayed = { init: this.replayed.init, files: this.replayed.files, computing: message };
        break;
      case 'scores':
      case 'error':
        this.replayed = { ...this.replayed, result: message };
        break;
      case 'inspect':
      case 'status':
      case 'settings':
      case 'asset':
        break;
      default:
        assertNever(message, () => undefined);
    }
  }

  /** The cards first: the scores without their maps go before the megabytes of file bytes and maps. */
  protected override replay(): readonly HostToPanelMessage[] {
    const { init, files, computing, result } = this.replayed;
    const hasMaps = result?.type === 'scores' && (result.scores.maps.absError || result.scores.maps.ssim);
    const cardsFirst = hasMaps ? { ...result, scores: { ...result.scores, maps: {} }, pending: [...result.pending, 'maps'] } : result;
    return [init, computing, cardsFirst, files, hasMaps ? result : undefined].filter((m): m is HostToPanelMessage => m !== undefined);
  }

  protected onMessage(message: PanelToHostMessage): void {
    switch (message.type) {
      case 'ready':
      case 'readAsset':
        // Handled by the base class.
        return;
      case 'recompute':
        if (isRecipe(message.recipe)) {
          this.recipe = { ssimVariant: message.recipe.ssimVariant, channel: message.recipe.channel, cropBorder: message.recipe.cropBorder };
          void this.compute();
        }
        return;
      case 'lpipsResult':
        if (typeof message.lpips?.value === 'number') {
          this.lpips = message.lpips;
          this.lpipsUnavailable = undefined;
          this.onDidUpdateEmitter.fire();
        }
        return;
      case 'lpipsUnavailable':
        this.lpips = undefined;
        this.lpipsUnavailable = String(message.reason);
        this.onDidUpdateEmitter.fire();
        return;
      case 'inspect':
        this.inspect(message.requestId, message.x, message.y);
        return;
      case 'copy':
        if (typeof message.text === 'string') void this.copy(String(message.format), message.text);
        return;
      case 'saveHeatmap':
        if (message.png instanceof Uint8Array) void this.saveHeatmap(message.png, String(message.suggestedName));
        return;
      case 'open':
        void this.open(message.side === 'b' ? 1 : 0);
        return;
      case 'derive':
        this.derive(message.files, message.note);
        return;
      case 'swap':
        this.sources = [this.sources[1], this.sources[0]];
        if (this.files) this.files = [this.files[1], this.files[0]];
        this.updateTitle();
        this.lpips = undefined;
        void this.start();
        return;
      case 'rendered':
        if (typeof message.cards === 'object' && message.cards !== null) {
          this.cards = { ...message.cards };
          this.onDidUpdateEmitter.fire();
        }
        return;
      default:
        this.unknownMessage(message);
    }
  }

  /** Reads the files (once), sends them to the webview, and computes. */
  private async start(): Promise<void> {
    const jobId = ++this.jobId;
    try {
      this.files ??= await this.readFiles();
    } catch (error) {
      if (this.isDisposed) return;
      this.error = errorMessage(error);
      this.post({ type: 'error', jobId, message: this.error });
      this.onDidUpdateEmitter.fire();
      return;
    }
    if (this.isDisposed) return;
    const webview = this.panel.webview;
    const lpips = this.assets.lpips(this.context.extensionUri, lpipsModelPath());
    const [fileA, fileB] = this.files;
    this.post({
      type: 'init',
      files: [
        { label: fileA.label, path: fileA.path, derivedNote: fileA.derivedNote },
        { label: fileB.label, path: fileB.path, derivedNote: fileB.derivedNote },
      ],
      sources: this.sources,
      recipe: this.recipe,
      settings: panelSettings(),
      view: this.view,
      resources: {
        jpegWasm: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'jpeg-turbo.wasm')).toString(),
        lpipsWorker: lpips.workerUrl,
        lpipsModel: lpips.modelUrl,
        lpipsNetwork: lpips.modelName,
        ortWasmBase: lpips.wasmBaseUrl,
        version: this.context.version,
      },
    });
    this.post({ type: 'files', bytes: [fileA.bytes, fileB.bytes] });
    await this.compute();
  }

  private async readFiles(): Promise<readonly [PanelFile, PanelFile]> {
    // Plain Uint8Arrays that own their memory (readFile may return a Node Buffer over a shared pool).
    const [a, b] = (await Promise.all(this.sources.map((s) => readSource(s)))).map((bytes) => new Uint8Array(bytes));
    return [
      { label: sourceLabel(this.sources[0]), path: sourcePath(this.sources[0]), bytes: a },
      { label: sourceLabel(this.sources[1]), path: sourcePath(this.sources[1]), bytes: b },
    ];
  }

  /** Computes the worker metrics with the current recipe; a newer request cancels an older one. */
  private async compute(): Promise<void> {
    if (!this.files) return;
    this.running?.abort();
    const controller = new AbortController();
    this.running = controller;
    const jobId = ++this.jobId;
    const recipe = this.recipe;
    const settings = panelSettings();
    this.post({ type: 'computing', jobId, recipe });
    const started = Date.now();
    const [fileA, fileB] = this.files;
    let done = false;
    // Set once the quick scores are shown: a later Cancel keeps them.
    let quickShown = false;
    let slowMetrics: MetricName[] = [];
    const timer = setTimeout(() => {
      if (done || controller.signal.aborted) return;
      void vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Image Similarity: comparing ${this.panel.title}`, cancellable: true },
        (_progress, token) =>
          new Promise<void>((resolve) => {
            token.onCancellationRequested(() => controller.abort());
            const check = setInterval(() => {
              if (done || controller.signal.aborted) {
                clearInterval(check);
                resolve();
              }
            }, 100);
          }),
      );
    }, PROGRESS_NOTIFICATION_DELAY_MS);
    try {
      const pool = await this.context.pool.get();
      const job = (metrics: MetricName[], maps: { absError?: boolean; ssim?: boolean } | undefined) =>
        pool.compare(
          {
            // The pool transfers its buffers: give it copies, the panel keeps the originals. (Not
            // `.slice()`: on a Node Buffer that is a view of the same memory.)
            a: new Uint8Array(fileA.bytes),
            b: new Uint8Array(fileB.bytes),
            nameA: fileA.path,
            nameB: fileB.path,
            options: { metrics, recipe, maps, maxPixels: settings.maxPixels, strict: false, compactMaps: true },
          },
          controller.signal,
        );
      // Two jobs on two workers: the quick scores (PSNR, SSIM) show first; MS-SSIM and the maps
      // (several times slower) follow and complete the cards and the heatmaps.
      const wanted = workerMetrics(settings.metrics);
      const quick: MetricName[] = wanted.filter((m) => m === 'psnr' || m === 'ssim');
      const slow: MetricName[] = wanted.filter((m) => !quick.includes(m));
      slowMetrics = slow;
      const startSlow = () => job(slow.length > 0 ? slow : quick, { absError: true, ssim: settings.metrics.includes('ssim') });
      // With few cores the quick job gets a core of its own (the webview decodes on another);
      // with more, both jobs run at once.
      let slowJob = availableParallelism() >= 4 ? startSlow() : undefined;
      // Unhandled until awaited below; a rejection here must not be reported twice.
      slowJob?.catch(() => undefined);
      if (quick.length > 0) {
        const first = await job(quick, undefined);
        if (this.isDisposed || jobId !== this.jobId) return;
        this.result = first;
        this.error = undefined;
        this.post({ type: 'scores', jobId, recipe, scores: this.panelScores(first, recipe), ms: Date.now() - started, pending: [...slow, 'maps'] });
        quickShown = true;
        this.onDidUpdateEmitter.fire();
      }
      const second = await (slowJob ??= startSlow());
      if (this.isDisposed || jobId !== this.jobId) return;
      const result = quick.length > 0 && this.result ? mergeResults(this.result, second) : second;
      this.result = result;
      this.error = undefined;
      this.post({ type: 'scores', jobId, recipe, scores: this.panelScores(result, recipe), ms: Date.now() - started, pending: [] });
    } catch (error) {
      if (this.isDisposed || jobId !== this.jobId) return;
      const e = error as { name?: string; file?: string };
      if (e.name === 'AbortError' && quickShown && this.result) {
        // Cancelled after the quick scores: keep them; the rest says it was cancelled.
        const cancelled = Object.fromEntries(slowMetrics.map((m) => [m, 'Cancelled before it finished.']));
        this.result = { ...this.result, unavailable: { ...this.result.unavailable, ...cancelled } };
        this.error = undefined;
        this.post({ type: 'scores', jobId, recipe, scores: this.panelScores(this.result, recipe), ms: Date.now() - started, pending: [] });
        this.post({ type: 'status', text: 'Cancelled: the maps and the remaining metrics were not computed.' });
        return;
      }
      this.result = undefined;
      this.error = e.name === 'AbortError' ? 'Cancelled.' : errorMessage(error);
      if (e.name !== 'InputError' && e.name !== 'MetricError' && e.name !== 'AbortError') {
        console.error('Image Similarity: comparison failed', error);
      }
      this.post({ type: 'error', jobId, message: this.error, file: e.file || undefined });
    } finally {
      done = true;
      clearTimeout(timer);
      if (this.running === controller) this.running = undefined;
      if (!this.isDisposed) this.onDidUpdateEmitter.fire();
    }
  }

  private panelScores(result: CompareJobResult, recipe: Recipe): PanelScores {
    const { maps, compactMaps, ...rest } = result;
    // The worker compacts the maps (compactMaps option); compacting here is only a fallback.
    return {
      ...rest,
      maps: {
        absError: compactMaps?.absError ?? (maps.absError ? compactMap(maps.absError, recipe.cropBorder) : undefined),
        ssim: compactMaps?.ssim ?? (maps.ssim ? compactMap(maps.ssim, recipe.cropBorder) : undefined),
      },
    };
  }

  /** Compares files the webview derived (cropped or scaled) after a size mismatch, labelled as such. */
  private derive(files: unknown, note: unknown): void {
    if (!Array.isArray(files) || files.length !== 2 || typeof note !== 'string' || !this.files) return;
    const [a, b] = files as { label?: unknown; bytes?: unknown }[];
    const valid = (f: { label?: unknown; bytes?: unknown }) => typeof f?.label === 'string' && f.bytes instanceof Uint8Array && f.bytes.length > 0 && f.bytes.length < 1 << 30;
    if (!valid(a) || !valid(b)) return;
    const current = this.files;
    const derivedNote = note.slice(0, 300);
    this.files = [
      { label: String(a.label).slice(0, 200), path: current[0].path, bytes: new Uint8Array(a.bytes as Uint8Array), derivedNote },
      { label: String(b.label).slice(0, 200), path: current[1].path, bytes: new Uint8Array(b.bytes as Uint8Array), derivedNote },
    ];
    void this.start();
  }

  private inspect(requestId: unknown, x: unknown, y: unknown): void {
    const result = this.result;
    if (!result || typeof requestId !== 'number' || typeof x !== 'number' || typeof y !== 'number') return;
    if (!Number.isInteger(x) || !Number.isInteger(y)) return;
    const crop = this.recipe.cropBorder;
    this.post({
      type: 'inspect',
      requestId,
      x,
      y,
      absError: result.maps.absError ? mapValueAt(result.maps.absError, x, y, result.width, result.height, crop) : undefined,
      ssim: result.maps.ssim ? mapValueAt(result.maps.ssim, x, y, result.width, result.height, crop) : undefined,
    });
  }

  private async copy(format: string, text: string): Promise<void> {
    this.lastCopy = { format, text };
    await vscode.env.clipboard.writeText(text);
    this.post({ type: 'status', text: `Copied the results as ${format === 'json' ? 'JSON' : format === 'python' ? 'a Python snippet' : 'a Markdown table'}.` });
    this.onDidUpdateEmitter.fire();
  }

  private async saveHeatmap(png: Uint8Array, suggestedName: string): Promise<void> {
    const safeName = suggestedName.replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'heatmap.png';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.joinPath(sourceUri(this.sources[0]), '..');
    const target = await vscode.window.showSaveDialog({
      title: 'Save Heatmap as PNG',
      defaultUri: vscode.Uri.joinPath(folder, safeName.endsWith('.png') ? safeName : `${safeName}.png`),
      filters: { 'PNG image': ['png'] },
    });
    if (!target || this.isDisposed) return;
    try {
      await vscode.workspace.fs.writeFile(target, png);
      this.post({ type: 'status', text: `Saved ${vscode.workspace.asRelativePath(target, false)}.` });
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not save the heatmap to ${target.fsPath}: ${errorMessage(error)}`);
    }
  }

  private async open(index: 0 | 1): Promise<void> {
    const source = this.sources[index];
    const uri = sourceUri(source);
    if (source.kind === 'gitHead') {
      await vscode.commands.executeCommand('git.openFile', uri).then(undefined, () => vscode.commands.executeCommand('vscode.open', uri));
      return;
    }
    await vscode.commands.executeCommand('vscode.open', uri, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  }
}

/** Opens, tracks and restores comparison panels. */
export class ComparePanelManager extends Disposable implements vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Set<ComparePanel>();
  private readonly onDidOpenEmitter = this._register(new vscode.EventEmitter<ComparePanel>());
  /** Fires when a panel is created (tests). */
  readonly onDidOpen = this.onDidOpenEmitter.event;

  constructor(private readonly context: PanelContext) {
    super();
    this._register(vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, this));
  }

  /** All open panels. */
  get all(): readonly ComparePanel[] {
    return [...this.panels.values()];
  }

  /** Shows the panel of this pair, creating it if needed. */
  open(a: FileSource, b: FileSource): ComparePanel {
    const sources: [FileSource, FileSource] = [a, b];
    const key = sourcesKey(sources);
    const existing = this.all.find((p) => p.key === key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, 'Image Similarity', vscode.ViewColumn.Active, compareWebviewOptions(this.context.extensionUri));
    return this.track(new ComparePanel(panel, this.context, sources, recipeFromSettings(), undefined));
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = state as Partial<PersistedPanelState> | undefined;
    if (!s || s.version !== 1 || !Array.isArray(s.sources) || s.sources.length !== 2 || !s.sources.every(isFileSource)) {
      panel.webview.html = `<!DOCTYPE html><html><body><p>This comparison could not be restored. Open it again from the Explorer.</p></body></html>`;
      return;
    }
    const sources: [FileSource, FileSource] = [s.sources[0], s.sources[1]];
    const recipe = isRecipe(s.recipe) ? s.recipe : recipeFromSettings();
    this.track(new ComparePanel(panel, this.context, sources, recipe, s.view));
  }

  private track(panel: ComparePanel): ComparePanel {
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    this.onDidOpenEmitter.fire(panel);
    return panel;
  }

  override dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    super.dispose();
  }
}
