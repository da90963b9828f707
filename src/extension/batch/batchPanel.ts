/**
 * The batch results view: one webview per folder pair. The controller runs the batch on the worker
 * pool with a cancellable progress notification (count, pairs/s, ETA), streams rows to the view,
 * keeps the full-precision report for the exports (CSV/JSON exactly as `imsim batch`, Markdown
 * summary), opens the comparison panel for a clicked row, and compares a second run against the
 * same ground truth (run over run).
 */
import * as vscode from 'vscode';
import {
  batchCsv,
  batchSummary,
  batchJsonText,
  computedColumns,
  runSummaryMarkdown,
  summaryMarkdown,
  type BatchColumn,
  type BatchReport,
  type BatchSettings,
} from '../../core/batchReport';
import { BATCH_METRIC_COLUMNS } from '../../core/batchReport';
import { isCandidateImage } from '../../core/pairing';
import { BATCH_TO_HOST_TYPES } from '../../protocol/batch';
import type { BatchBaseline, BatchHeader, BatchLpipsSetup, BatchProgress, BatchRow, BatchToHostMessage, HostToBatchMessage } from '../../protocol/batch';
import { errorMessage, isMessageOf } from '../../protocol/channel';
import type { MetricsPoolHolder } from '../metricsPool';
import { lpipsModelPath, panelSettings } from '../settings';
import { WebviewPanelBase } from '../webviewPanelBase';
import { BatchLpipsScheduler } from './batchLpips';
import { batchHtml, batchWebviewOptions } from './batchHtml';
import { planBatch, runBatch, type BatchPlan, type BatchRecipe } from '../../worker/batchEngine';
import { workspaceBatchFiles } from './batchRun';
import type { ResultCache } from './resultCache';

/** What a view compares: two folders and the recipe. */
export interface BatchRunOptions extends BatchRecipe {
  readonly folderA: vscode.Uri;
  readonly folderB: vscode.Uri;
  /** The view always has a pixel limit (the setting): its LPIPS decoder and heatmaps use it too. */
  readonly maxPixels: number;
}

/** What every batch view shares. */
export interface BatchContext {
  readonly extensionUri: vscode.Uri;
  readonly version: string;
  readonly pool: MetricsPoolHolder;
  /** Undefined when `imageSimilarity.batch.cache` is off. */
  readonly cache: () => Promise<ResultCache | undefined>;
}

/** What tests read from a view. */
export interface BatchSnapshot {
  readonly title: string;
  readonly state: BatchProgress['state'] | 'listing';
  readonly report?: BatchReport;
  readonly baseline?: BatchBaseline;
  readonly progress?: BatchProgress;
  readonly lastRendered?: { readonly rowElements: number; readonly rows: number; readonly sortColumn: string; readonly firstRow?: string };
  readonly lastExport?: { readonly format: string; readonly text: string };
  readonly lastCopy?: string;
  readonly error?: string;
}

function folderLabel(uri: vscode.Uri): string {
  const relative = vscode.workspace.asRelativePath(uri, false);
  return relative === '' ? uri.path.split('/').pop() ?? uri.toString() : relative;
}

function formatSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '…';
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The progress line of the notification: "120/500 pairs · 9.8 pairs/s · ETA 39 s". */
export function progressText(p: BatchProgress): string {
  const cached = p.cached > 0 ? ` (${p.cached} cached)` : '';
  const lpips = p.lpips ? ` · LPIPS ${p.lpips.done}/${p.lpips.total}` : '';
  return `${p.done}/${p.total} pairs${cached} · ${p.pairsPerSecond.toFixed(1)} pairs/s · ETA ${formatSeconds(p.etaSeconds)}${lpips}`;
}

const isBatchToHost = isMessageOf<BatchToHostMessage>(BATCH_TO_HOST_TYPES);

/** The view's title: "A ↔ B", or "baseline → A vs B" when comparing runs. */
function runTitle(options: BatchRunOptions, baseline: BatchBaseline | undefined): string {
  const a = folderLabel(options.folderA);
  const b = folderLabel(options.folderB);
  return baseline ? `${baseline.label} → ${a} vs ${b}` : `${a} ↔ ${b}`;
}

/** One batch view and its run. */
export class BatchPanel extends WebviewPanelBase<HostToBatchMessage, BatchToHostMessage> {
  private header?: BatchHeader;
  private rows: BatchRow[] = [];
  private plan?: BatchPlan;
  private progress?: BatchProgress;
  private liveSettings?: BatchSettings;
  private report?: BatchReport;
  private baseline?: BatchBaseline;
  private running?: AbortController;
  private runPromise?: Promise<void>;
  private state: BatchSnapshot['state'] = 'listing';
  private error?: string;
  private lastRendered?: BatchSnapshot['lastRendered'];
  private lastExport?: BatchSnapshot['lastExport'];
  private lastCopy?: string;
  private lpips?: BatchLpipsScheduler;
  private lpipsInfo?: { network: string; backend: string };

  constructor(
    panel: vscode.WebviewPanel,
    private readonly context: BatchContext,
    private options: BatchRunOptions,
  ) {
    super(panel, {
      extensionUri: context.extensionUri,
      options: batchWebviewOptions(context.extensionUri),
      html: batchHtml,
      isIncoming: isBatchToHost,
      title: runTitle(options, undefined),
      name: 'batch view',
    });
    this.runPromise = this.start();
  }

  /** Stable identity: both folders and the filter. */
  get key(): string {
    return `${this.options.folderA.toString()}|${this.options.folderB.toString()}|${this.options.filter ?? ''}`;
  }

  /** Resolves when the current run has ended. */
  whenDone(): Promise<void> {
    return this.runPromise ?? Promise.resolve();
  }

  /** What tests read. */
  snapshot(): BatchSnapshot {
    return {
      title: this.panel.title,
      state: this.state,
      report: this.report ?? this.partialReport(),
      baseline: this.baseline,
      progress: this.progress,
      lastRendered: this.lastRendered,
      lastExport: this.lastExport,
      lastCopy: this.lastCopy,
      error: this.error,
    };
  }

  /** Runs the same folders again (only changed pairs are recomputed when the cache is on). */
  rerun(): Promise<void> {
    this.runPromise = this.start();
    return this.runPromise;
  }

  /** Compares another output folder with this run against the same ground truth. */
  async compareWith(folderA: vscode.Uri): Promise<void> {
    await this.whenDone();
    const current = this.report;
    if (!current) throw new Error('Wait for this run to finish before comparing it with another run.');
    this.baseline = { label: folderLabel(this.options.folderA), report: current };
    this.options = { ...this.options, folderA };
    this.updateTitle();
    this.runPromise = this.start();
    return this.runPromise;
  }

  protected override onDispose(): void {
    this.running?.abort();
    this.lpips?.cancel();
  }

  /**
   * Live settings. A run keeps the metrics, recipe and pixel limit it started with (its rows, cache
   * keys and exports must agree), and "Run again" repeats that run; a new batch view takes the new
   * settings. The LPIPS backend and limit are read again at the start of each run (`lpipsSetup()`),
   * so they apply from the next run on. Nothing on screen depends on another setting.
   */
  protected override onSettingsChanged(): void {}

  /** Where the view's LPIPS worker finds its code, model and WASM. */
  private lpipsSetup(): BatchLpipsSetup {
    const webview = this.panel.webview;
    const settings = panelSettings();
    return {
      ...this.assets.lpips(this.context.extensionUri, lpipsModelPath()),
      jpegWasmUrl: webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'jpeg-turbo.wasm')).toString(),
      backend: settings.lpipsBackend,
      maxMegapixels: settings.lpipsMaxMegapixels,
      maxPixels: this.options.maxPixels,
    };
  }

  /** The run's settings with the LPIPS network and backend, in the CLI's key order. */
  private withLpips(settings: BatchSettings): BatchSettings {
    if (!this.lpipsInfo) return settings;
    const { version, ...rest } = settings;
    return { ...rest, lpipsNetwork: this.lpipsInfo.network, lpipsBackend: this.lpipsInfo.backend, version };
  }

  private applyLpips(index: number, value: number | undefined, failure: string | undefined, cached: boolean): void {
    const row = this.rows[index];
    if (!row) return;
    const pair = failure !== undefined
      ? { a: row.pair.a, b: row.pair.b, width: null, height: null, identical: null, metrics: {}, ...(row.pair.byStem ? { byStem: true as const } : {}), error: failure }
      : { ...row.pair, metrics: { ...row.pair.metrics, lpips: value as number } };
    const updated: BatchRow = { index, name: row.name, pair, ...(row.cached && cached ? { cached: true } : {}) };
    this.rows[index] = updated;
    this.post({ type: 'rows', rows: [updated] });
  }

  private updateTitle(): void {
    this.panel.title = runTitle(this.options, this.baseline);
  }

  private partialReport(): BatchReport | undefined {
    if (!this.header) return undefined;
    const pairs = [...this.rows].filter((r) => r !== undefined).sort((x, y) => x.index - y.index).map((r) => r.pair);
    const columns = this.header.columns;
    return {
      pairs,
      unmatched: { a: [...this.header.unmatched.a], b: [...this.header.unmatched.b] },
      summary: Object.fromEntries(columns.map((c) => [c, { n: 0, nInfinite: 0, mean: null, median: null, std: null, min: null, max: null }])),
      settings: this.liveSettings ?? this.header.settings,
    };
  }

  /** Everything the view shows: the header, the baseline, every row so far and the progress. */
  private everything(): HostToBatchMessage[] {
    if (!this.header) return [];
    const messages: HostToBatchMessage[] = [{ type: 'init', header: this.header }, { type: 'baseline', baseline: this.baseline ?? null }];
    const rows = this.rows.filter((r) => r !== undefined);
    for (let i = 0; i < rows.length; i += 2000) messages.push({ type: 'rows', rows: rows.slice(i, i + 2000) });
    if (this.progress) messages.push({ type: 'progress', progress: this.progress, settings: this.liveSettings ?? this.header.settings });
    return messages;
  }

  /** A run (re)starts: the view clears and shows it. */
  private sendAll(): void {
    for (const message of this.everything()) this.post(message);
  }

  /** On every `ready` (first load, or shown again after hiding) the view gets everything again. */
  protected override replay(): readonly HostToBatchMessage[] {
    return this.everything();
  }

  /** Then the LPIPS setup and the jobs in flight (BatchLpipsScheduler.viewReady). */
  protected override onReady(): void {
    this.lpips?.viewReady();
  }

  private async start(): Promise<void> {
    this.running?.abort();
    await this.runPromise?.catch(() => undefined);
    if (this.isDisposed) return;
    const controller = new AbortController();
    this.running = controller;
    this.state = 'listing';
    this.error = undefined;
    this.report = undefined;
    this.rows = [];
    this.progress = undefined;
    const options = this.options;
    const metrics = options.metrics.filter((m) => m !== 'lpips');
    const wantLpips = options.metrics.includes('lpips');
    const notices = wantLpips ? ['LPIPS runs in this view, one pair at a time (WebGPU when available, else WebAssembly); its column fills in after the other metrics.'] : [];
    this.lpips?.cancel();
    this.lpips = undefined;
    this.lpipsInfo = undefined;
    const runOptions: BatchRunOptions = { ...options, metrics };
    const files = workspaceBatchFiles(options.folderA, options.folderB);
    try {
      this.plan = await planBatch(files, runOptions);
    } catch (error) {
      if (this.isDisposed) return;
      this.state = 'failed';
      this.error = errorMessage(error);
      void vscode.window.showErrorMessage(`Image Similarity: ${this.error}`);
      this.onDidUpdateEmitter.fire();
      return;
    }
    const plan = this.plan;
    const columns = computedColumns(options.metrics);
    const worstColumn: BatchColumn = columns.includes('ssim') ? 'ssim' : columns.includes('psnr') ? 'psnr' : (columns[0] ?? 'psnr');
    this.header = {
      source: { folderA: options.folderA.toString(), folderB: options.folderB.toString(), ...(options.filter ? { filter: options.filter } : {}) },
      title: this.panel.title,
      folderA: folderLabel(options.folderA),
      folderB: folderLabel(options.folderB),
      columns,
      worstColumn,
      settings: { ssimVariant: options.recipe.ssimVariant, channel: options.recipe.channel, cropBorder: options.recipe.cropBorder, dataRange: null, decoder: 'pending', version: options.version },
      unmatched: plan.unmatched,
      ...(options.filter ? { filter: options.filter } : {}),
      notices,
    };
    this.liveSettings = undefined;
    this.sendAll();
    if (plan.pairs.length === 0) {
      const unmatched = plan.unmatched.a.length + plan.unmatched.b.length;
      void vscode.window.showWarningMessage(`Image Similarity: no pairs to compare between ${this.header.folderA} and ${this.header.folderB}${unmatched ? ` (${unmatched} files without a partner)` : ''}. Pairs match by relative path, or by file name stem with a different extension.`);
    }
    this.state = 'running';
    const pool = await this.context.pool.get();
    const cache = await this.context.cache();
    const lpips = wantLpips
      ? new BatchLpipsScheduler(this.lpipsSetup(), options.recipe.cropBorder, (m) => this.post(m), cache, {
        onResult: (index, value, network, backend, cached) => {
          this.lpipsInfo = { network, backend };
          this.applyLpips(index, value, undefined, cached);
        },
        onFailure: (index, message) => this.applyLpips(index, undefined, message, false),
      })
      : undefined;
    this.lpips = lpips;
    if (lpips && this.isReady) lpips.viewReady();
    const planIndex = new Map<number, { uriA: vscode.Uri; uriB: vscode.Uri }>();
    plan.pairs.forEach((p, i) => planIndex.set(i, { uriA: vscode.Uri.joinPath(options.folderA, ...p.a.split('/')), uriB: vscode.Uri.joinPath(options.folderB, ...p.b.split('/')) }));
    const title = `Image Similarity: comparing ${this.header.folderA} with ${this.header.folderB}`;
    const run = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        controller.signal.addEventListener('abort', () => lpips?.cancel());
        let reported = 0;
        const report = (p: BatchProgress, settings: BatchSettings) => {
          this.progress = p;
          this.liveSettings = settings;
          const fraction = p.total > 0 ? ((p.done + (p.lpips?.done ?? 0)) / (p.total + (p.lpips ? p.total : 0))) * 100 : 100;
          progress.report({ message: progressText(p), increment: Math.max(0, fraction - reported) });
          reported = Math.max(reported, fraction);
          this.post({ type: 'progress', progress: p, settings });
          this.onDidUpdateEmitter.fire();
        };
        const result = await runBatch(plan, { files, recipe: runOptions, pool, cache, signal: controller.signal, listener: {
          onRows: (rows) => {
            for (const row of rows) {
              this.rows[row.index] = row;
              const uris = planIndex.get(row.index);
              if (lpips && uris && row.pair.error === undefined) lpips.add({ index: row.index, ...uris, nameA: row.pair.a, nameB: row.pair.b });
            }
            this.post({ type: 'rows', rows });
          },
          onProgress: (p, settings) => {
            // While LPIPS is still running the run is not done yet.
            const state = lpips && p.state === 'done' ? 'running' : p.state;
            report({ ...p, state, ...(lpips ? { lpips: lpips.counts } : {}) }, this.withLpips(settings));
          },
        } });
        if (lpips && result.state === 'done') {
          const timer = setInterval(() => this.progress && report({ ...this.progress, lpips: lpips.counts }, this.withLpips(result.report.settings)), 250);
          try {
            await lpips.drained();
          } finally {
            clearInterval(timer);
          }
        }
        const state = controller.signal.aborted ? 'cancelled' : result.state;
        const pairs = this.rows.filter((r): r is BatchRow => r !== undefined).sort((x, y) => x.index - y.index).map((r) => r.pair);
        const settings = this.withLpips(result.report.settings);
        const final: BatchReport = { pairs, unmatched: result.report.unmatched, summary: batchSummary(pairs, columns), settings };
        if (this.progress) report({ ...this.progress, state, ...(lpips ? { lpips: lpips.counts } : {}) }, settings);
        return { report: final, state };
      },
    );
    try {
      const { report, state } = await run;
      if (this.isDisposed) return;
      this.report = report;
      this.state = state;
      this.liveSettings = report.settings;
      void cache?.save();
    } catch (error) {
      if (this.isDisposed) return;
      this.state = 'failed';
      this.error = errorMessage(error);
      void vscode.window.showErrorMessage(`Image Similarity: the batch stopped: ${this.error}`);
    } finally {
      if (this.running === controller) this.running = undefined;
      if (!this.isDisposed) this.onDidUpdateEmitter.fire();
    }
  }

  protected onMessage(message: BatchToHostMessage): void {
    switch (message.type) {
      case 'ready':
      case 'readAsset':
        // Handled by the base class.
        return;
      case 'lpipsResult':
        if (typeof message.index === 'number' && typeof message.value === 'number' && Number.isFinite(message.value)) {
          this.lpips?.resolve(message.index, message.value, String(message.network), String(message.backend));
        }
        return;
      case 'lpipsFailed':
        if (typeof message.index === 'number') this.lpips?.reject(message.index, String(message.message));
        return;
      case 'openPair':
        if (typeof message.index === 'number') void this.openPair(message.index).catch((error) => this.showError(error));
        return;
      case 'export':
        if (message.format === 'csv' || message.format === 'json') void this.exportRun(message.format).catch((error) => this.showError(error));
        return;
      case 'copySummary':
        void this.copySummary().catch((error) => this.showError(error));
        return;
      case 'cancel':
        this.running?.abort();
        return;
      case 'rerun':
        void this.rerun();
        return;
      case 'compareRun':
        void this.pickAndCompareRun().catch((error) => this.showError(error));
        return;
      case 'mapOut':
        if ((BATCH_METRIC_COLUMNS as readonly string[]).includes(message.column) && Number.isInteger(message.count) && message.count > 0) {
          void this.writeWorstMaps(message.column, Math.min(message.count, 1000)).catch((error) => this.showError(error));
        }
        return;
      case 'rendered':
        if (typeof message.rowElements === 'number' && typeof message.rows === 'number') {
          this.lastRendered = { rowElements: message.rowElements, rows: message.rows, sortColumn: String(message.sortColumn), firstRow: typeof message.firstRow === 'string' ? message.firstRow : undefined };
          this.onDidUpdateEmitter.fire();
        }
        return;
      default:
        this.unknownMessage(message);
    }
  }

  private showError(error: unknown): void {
    void vscode.window.showErrorMessage(`Image Similarity: ${errorMessage(error)}`);
  }

  private async openPair(index: number): Promise<void> {
    const row = this.rows[index];
    const pair = this.plan?.pairs[index];
    if (!row || !pair) return;
    const uriA = vscode.Uri.joinPath(this.options.folderA, ...pair.a.split('/'));
    const uriB = vscode.Uri.joinPath(this.options.folderB, ...pair.b.split('/'));
    if (!isCandidateImage(uriA.path) || !isCandidateImage(uriB.path)) return;
    await vscode.commands.executeCommand('imageSimilarity.compareSelected', uriA, [uriA, uriB]);
  }

  private currentReport(): BatchReport {
    const report = this.report ?? this.partialReport();
    if (!report) throw new Error('There are no results to export yet.');
    if (this.report) return report;
    return { ...report, summary: batchSummary(report.pairs, this.header?.columns ?? []) };
  }

  private defaultExportUri(name: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.joinPath(this.options.folderA, '..');
    return vscode.Uri.joinPath(folder, name);
  }

  private async exportRun(format: 'csv' | 'json'): Promise<void> {
    const report = this.currentReport();
    const text = format === 'csv' ? batchCsv(report.pairs, this.header?.columns ?? []) : batchJsonText(report);
    const base = `${this.header?.folderA ?? 'batch'}-vs-${this.header?.folderB ?? ''}`.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'batch';
    const target = await vscode.window.showSaveDialog({
      title: format === 'csv' ? 'Export Batch Results as CSV' : 'Export Batch Results as JSON',
      defaultUri: this.defaultExportUri(`${base}.${format}`),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    });
    if (!target || this.isDisposed) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.lastExport = { format, text };
    this.post({ type: 'status', text: `Exported ${report.pairs.length} pairs to ${vscode.workspace.asRelativePath(target, false)}.` });
    this.onDidUpdateEmitter.fire();
  }

  private async copySummary(): Promise<void> {
    const report = this.currentReport();
    let text = summaryMarkdown(report, this.panel.title);
    if (this.baseline) {
      text = `${runSummaryMarkdown(this.baseline.report, report, [this.baseline.label, this.header?.folderA ?? 'this run'])}\n${text}`;
    }
    await vscode.env.clipboard.writeText(text);
    this.lastCopy = text;
    this.post({ type: 'status', text: 'Copied the summary as a Markdown table.' });
    this.onDidUpdateEmitter.fire();
  }

  private async pickAndCompareRun(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: `Compare with another run against ${this.header?.folderB ?? 'the same ground truth'}`,
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Compare Run',
      defaultUri: vscode.Uri.joinPath(this.options.folderA, '..'),
    });
    if (!picked?.[0]) return;
    await this.compareWith(picked[0]);
  }

  private async writeWorstMaps(column: BatchColumn, count: number): Promise<void> {
    const report = this.currentReport();
    const target = await vscode.window.showOpenDialog({
      title: `Folder for the heatmaps of the ${count} worst pairs by ${column}`,
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      openLabel: 'Write Heatmaps Here',
    });
    if (!target?.[0] || this.isDisposed) return;
    const { writeWorstMapsToFolder } = await import('./mapOutView');
    const pool = await this.context.pool.get();
    const uris = new Map<string, readonly [vscode.Uri, vscode.Uri, string]>();
    this.plan?.pairs.forEach((pair, index) => {
      const row = this.rows[index];
      if (row) uris.set(row.pair.a, [vscode.Uri.joinPath(this.options.folderA, ...pair.a.split('/')), vscode.Uri.joinPath(this.options.folderB, ...pair.b.split('/')), pair.a]);
    });
    const written = await writeWorstMapsToFolder({
      pairs: report.pairs, column, count, folder: target[0], resolve: (pair) => uris.get(pair.a), recipe: this.options.recipe, maxPixels: this.options.maxPixels, pool,
    });
    this.post({ type: 'status', text: `Wrote ${written} heatmaps to ${vscode.workspace.asRelativePath(target[0], false)}.` });
  }
}
