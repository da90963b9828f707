/**
 * The NotebookSerializer of `*.imsim` files: VS Code's NotebookData ↔ the stable JSON of
 * notebookFormat.ts. Outputs are saved, so a reopened notebook shows its last results.
 */
import * as vscode from 'vscode';
import { CELL_LANGUAGE } from '../../protocol/notebook';
import { NotebookFormatError, parseNotebook, stringifyNotebook, type RawCell, type RawNotebook } from './notebookFormat';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Converts between VS Code's notebook model and the file. */
export class ImsimNotebookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    let raw: RawNotebook;
    try {
      raw = parseNotebook(decoder.decode(content));
    } catch (error) {
      if (error instanceof NotebookFormatError) throw new Error(`This .imsim file cannot be opened as a notebook: ${error.message}.`);
      throw error;
    }
    const cells = raw.cells.map((cell) => {
      const data = new vscode.NotebookCellData(
        cell.kind === 'markdown' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code,
        cell.source,
        cell.kind === 'markdown' ? 'markdown' : cell.language || CELL_LANGUAGE,
      );
      data.outputs = cell.outputs.map((o) => new vscode.NotebookCellOutput(o.items.map((i) => new vscode.NotebookCellOutputItem(i.data, i.mime)), o.metadata ? { ...o.metadata } : undefined));
      if (cell.metadata) data.metadata = { ...cell.metadata };
      if (cell.execution) {
        data.executionSummary = {
          ...(cell.execution.order !== undefined ? { executionOrder: cell.execution.order } : {}),
          ...(cell.execution.success !== undefined ? { success: cell.execution.success } : {}),
          ...(cell.execution.startTime !== undefined && cell.execution.endTime !== undefined ? { timing: { startTime: cell.execution.startTime, endTime: cell.execution.endTime } } : {}),
        };
      }
      return data;
    });
    const notebook = new vscode.NotebookData(cells);
    if (raw.metadata) notebook.metadata = { ...raw.metadata };
    return notebook;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const cells: RawCell[] = data.cells.map((cell) => {
      const summary = cell.executionSummary;
      return {
        kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markdown' : 'code',
        language: cell.languageId,
        source: cell.value,
        outputs: (cell.outputs ?? []).map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: i.data })), ...(o.metadata ? { metadata: o.metadata } : {}) })),
        ...(cell.metadata && Object.keys(cell.metadata).length > 0 ? { metadata: cell.metadata } : {}),
        ...(summary
          ? {
            execution: {
              ...(summary.success !== undefined ? { success: summary.success } : {}),
              ...(summary.executionOrder !== undefined ? { order: summary.executionOrder } : {}),
              ...(summary.timing ? { startTime: summary.timing.startTime, endTime: summary.timing.endTime } : {}),
            },
          }
          : {}),
      };
    });
    return encoder.encode(stringifyNotebook({ cells, ...(data.metadata && Object.keys(data.metadata).length > 0 ? { metadata: data.metadata } : {}) }));
  }
}
