/**
 * The NotebookController of `.imsim` notebooks: runs code cells one after another (parse, compare on
 * the worker pool, render), replaces each cell's output with the result JSON (drawn by the
 * renderer) plus a Markdown fallback, and shows a parse or input problem as a cell error with its
 * reason. Stop cancels the running cell.
 */
import * as vscode from 'vscode';
import { formatCellErrors, parseCell } from '../../core/cellLanguage';
import { CELL_LANGUAGE, NOTEBOOK_RESULT_MIME, NOTEBOOK_TYPE } from '../../protocol/notebook';
import { Disposable } from '../dispose';
import type { MetricsPoolHolder } from '../metricsPool';
import type { NodeLpipsService } from '../nodeLpipsService';
import { cellBase } from './cellPaths';

/** The controller id. */
export const NOTEBOOK_CONTROLLER_ID = 'image-similarity-notebook-controller';

/** Runs cells. */
export class ImsimNotebookController extends Disposable {
  private readonly controller: vscode.NotebookController;
  private executionOrder = 0;
  private running?: AbortController;
  private readonly onDidRunEmitter = this._register(new vscode.EventEmitter<vscode.NotebookCell>());
  /** Fires after a cell ran (tests wait on it). */
  readonly onDidRun = this.onDidRunEmitter.event;

  constructor(private readonly pool: MetricsPoolHolder, private readonly version: string, private readonly lpips: NodeLpipsService) {
    super();
    this.controller = this._register(vscode.notebooks.createNotebookController(NOTEBOOK_CONTROLLER_ID, NOTEBOOK_TYPE, 'Image Similarity'));
    this.controller.supportedLanguages = [CELL_LANGUAGE];
    this.controller.supportsExecutionOrder = true;
    this.controller.description = 'Compares images on the worker pool (LPIPS in its own worker)';
    this.controller.executeHandler = (cells) => this.execute(cells);
    this.controller.interruptHandler = () => this.running?.abort();
  }

  private async execute(cells: readonly vscode.NotebookCell[]): Promise<void> {
    for (const cell of cells) {
      if (this.isDisposed) return;
      await this.runOne(cell);
    }
  }

  private async runOne(cell: vscode.NotebookCell): Promise<void> {
    const execution = this.controller.createNotebookCellExecution(cell);
    execution.executionOrder = ++this.executionOrder;
    execution.start(Date.now());
    const abort = new AbortController();
    this.running = abort;
    const cancel = execution.token.onCancellationRequested(() => abort.abort());
    let success = false;
    try {
      const parsed = parseCell(cell.document.getText());
      if (!parsed.ok) throw new Error(formatCellErrors(parsed.errors));
      const [{ runCell, resultMarkdown }, { maxPixelsSetting }, { lpipsModelPath, panelSettings }] = await Promise.all([import('./cellRun'), import('../batch/batchSettings'), import('../settings')]);
      const pool = await this.pool.get();
      const output = await runCell(parsed.cell, cellBase(cell.notebook.uri), {
        pool,
        version: this.version,
        maxPixels: maxPixelsSetting(),
        signal: abort.signal,
        lpips: {
          run: (job, signal) => this.lpips.run(job, signal),
          modelPath: lpipsModelPath(),
          maxMegapixels: panelSettings().lpipsMaxMegapixels,
        },
        onProgress: (text) => void execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.text(`Comparing: ${text}`)])),
      });
      if (abort.signal.aborted) throw new Error('Cancelled.');
      await execution.replaceOutput(new vscode.NotebookCellOutput([
        vscode.NotebookCellOutputItem.json(output, NOTEBOOK_RESULT_MIME),
        vscode.NotebookCellOutputItem.text(resultMarkdown(output), 'text/markdown'),
      ]));
      success = true;
    } catch (error) {
      const e = error as { name?: string; message?: string };
      const message = e.name === 'AbortError' || abort.signal.aborted ? 'Cancelled.' : (e.message ?? String(error));
      if (e.name !== undefined && !['Error', 'InputError', 'MetricError', 'AbortError'].includes(e.name)) console.error('Image Similarity: notebook cell failed', error);
      await execution.replaceOutput(new vscode.NotebookCellOutput([vscode.NotebookCellOutputItem.error({ name: 'Image Similarity', message })]));
    } finally {
      cancel.dispose();
      if (this.running === abort) this.running = undefined;
      execution.end(success, Date.now());
      this.onDidRunEmitter.fire(cell);
    }
  }
}
