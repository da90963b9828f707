/**
 * Registration of `.imsim` notebooks: the serializer, the controller, completion in cells, the
 * renderer's messages (click a thumbnail → comparison panel or batch view), and New Image Similarity
 * Notebook. Cheap at activation: comparison code loads on the first cell run.
 */
import * as vscode from 'vscode';
import { exampleCell } from '../../core/cellLanguage';
import { CELL_LANGUAGE, NOTEBOOK_RENDERER_ID, NOTEBOOK_TYPE, type RendererToExtensionMessage } from '../../protocol/notebook';
import type { MetricsPoolHolder } from '../metricsPool';
import { NodeLpipsService } from '../nodeLpipsService';
import { cellBase, resolveCellPath } from './cellPaths';
import { ImsimCompletionProvider } from './completion';
import { ImsimNotebookController } from './controller';
import { ImsimNotebookSerializer } from './serializer';

function uriOf(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}

async function cellPathOf(uri: vscode.Uri): Promise<string> {
  let folder = false;
  try {
    folder = ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    // A path that does not exist yet is written as given.
  }
  const relative = vscode.workspace.asRelativePath(uri, false);
  return folder && !relative.endsWith('/') ? `${relative}/` : relative;
}

/** The text of the example cell for the Explorer selection (two items), else a folder-pair template. */
async function exampleFor(arg: unknown, all: unknown): Promise<string> {
  const selected = Array.isArray(all) ? all.map(uriOf).filter((u): u is vscode.Uri => !!u) : uriOf(arg) ? [uriOf(arg) as vscode.Uri] : [];
  if (selected.length >= 2) return exampleCell(await cellPathOf(selected[0] as vscode.Uri), await cellPathOf(selected[1] as vscode.Uri));
  if (selected.length === 1) return `${exampleCell(await cellPathOf(selected[0] as vscode.Uri), 'path/to/ground-truth')}\n# replace the second path, then run the cell (Ctrl+Enter)`;
  return `${exampleCell('outputs/', 'ground-truth/')}\n# two folders end with /; two image files compare one pair`;
}

/** Opens an untitled notebook with a Markdown cell and an example cell. */
async function newNotebook(arg: unknown, all: unknown): Promise<vscode.NotebookDocument> {
  const markdown = new vscode.NotebookCellData(
    vscode.NotebookCellKind.Markup,
    '# Image similarity report\n\nEach code cell compares two images or two folders; run it with Ctrl+Enter. Save as a `.imsim` file to keep the results.',
    'markdown',
  );
  const code = new vscode.NotebookCellData(vscode.NotebookCellKind.Code, await exampleFor(arg, all), CELL_LANGUAGE);
  const document = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, new vscode.NotebookData([markdown, code]));
  await vscode.window.showNotebookDocument(document);
  return document;
}

function isRendererMessage(value: unknown): value is RendererToExtensionMessage {
  const v = value as Partial<RendererToExtensionMessage> | undefined;
  return typeof v === 'object' && v !== null && (v.type === 'openPair' || v.type === 'openFolders') && typeof v.a === 'string' && typeof v.b === 'string' && v.a.length < 4096 && v.b.length < 4096;
}

/** Registers everything; released with the extension. Returns the controller (tests wait on it). */
export function registerNotebooks(context: vscode.ExtensionContext, pool: MetricsPoolHolder): ImsimNotebookController {
  const version = String((context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
  const lpips = NodeLpipsService.forExtension(context.extensionPath);
  context.subscriptions.push(lpips);
  const controller = new ImsimNotebookController(pool, version, lpips);
  const messaging = vscode.notebooks.createRendererMessaging(NOTEBOOK_RENDERER_ID);
  context.subscriptions.push(
    vscode.workspace.registerNotebookSerializer(NOTEBOOK_TYPE, new ImsimNotebookSerializer(), { transientOutputs: false }),
    controller,
    vscode.languages.registerCompletionItemProvider({ language: CELL_LANGUAGE }, new ImsimCompletionProvider(), ' ', '/', ','),
    messaging.onDidReceiveMessage(({ editor, message }) => {
      if (!isRendererMessage(message)) return;
      const base = cellBase(editor.notebook.uri);
      const a = resolveCellPath(base, message.a);
      const b = resolveCellPath(base, message.b);
      const command = message.type === 'openPair' ? 'imageSimilarity.compareSelected' : 'imageSimilarity.compareFolders';
      void Promise.resolve(vscode.commands.executeCommand(command, a, [a, b])).then(undefined, (error: unknown) =>
        vscode.window.showErrorMessage(`Image Similarity: ${error instanceof Error ? error.message : String(error)}`));
    }),
    vscode.commands.registerCommand('imageSimilarity.newNotebook', async (arg: unknown, all: unknown) => {
      try {
        return await newNotebook(arg, all);
      } catch (error) {
        void vscode.window.showErrorMessage(`Image Similarity: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
  );
  return controller;
}
