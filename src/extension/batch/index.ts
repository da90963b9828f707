/**
 * Registration of the batch commands: Compare Folders… (palette, or two folders selected in the
 * Explorer), Select Folder for Compare / Compare Folder with Selected, Clear Batch Cache. Cheap at
 * activation: the view, the runner and the cache load on the first command.
 */
import * as vscode from 'vscode';
import type { PersistedBatchState } from '../../protocol/batch';
import type { MetricsPoolHolder } from '../metricsPool';
import { BATCH_VIEW_TYPE } from './batchHtml';
import type { BatchPanel, BatchSnapshot } from './batchPanel';
import type { ResultCache } from './resultCache';

/** Context key: a folder has been selected for compare. */
const HAS_FOLDER_SELECTION_KEY = 'imageSimilarity.hasFolderSelection';

/** Internal command (not contributed) that tests use to read the open batch views. */
export const BATCH_SNAPSHOTS_COMMAND = 'imageSimilarity.batch.snapshots';

function uriOf(arg: unknown): vscode.Uri | undefined {
  return arg instanceof vscode.Uri ? arg : undefined;
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

function parseUri(value: unknown): vscode.Uri | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    return vscode.Uri.parse(value, true);
  } catch {
    return undefined;
  }
}

/** Opens, tracks and restores batch views. */
class BatchViews implements vscode.Disposable, vscode.WebviewPanelSerializer<unknown> {
  private readonly panels = new Set<BatchPanel>();
  private selectedFolder?: vscode.Uri;
  private cache?: Promise<ResultCache>;

  constructor(private readonly context: vscode.ExtensionContext, private readonly pool: MetricsPoolHolder) {}

  async compareFolders(arg: unknown, all: unknown): Promise<void> {
    const selected = Array.isArray(all) ? all.map(uriOf).filter((u): u is vscode.Uri => !!u) : [];
    if (selected.length === 2 && (await isFolder(selected[0] as vscode.Uri)) && (await isFolder(selected[1] as vscode.Uri))) {
      const { batchFilter } = await import('./batchSettings');
      await this.open(selected[0] as vscode.Uri, selected[1] as vscode.Uri, batchFilter());
      return;
    }
    if (selected.length > 2) throw new Error(`Select exactly two folders to compare (${selected.length} selected).`);
    const first = uriOf(arg);
    const folderA = first && (await isFolder(first)) ? first : await this.pickFolder('Compare Folders (1/2): the folder of outputs (A)', 'Use as A');
    if (!folderA) return;
    const folderB = await this.pickFolder(`Compare Folders (2/2): compare ${vscode.workspace.asRelativePath(folderA, false)} with… (ground truth, B)`, 'Use as B', folderA);
    if (!folderB) return;
    const { batchFilter } = await import('./batchSettings');
    const filter = await vscode.window.showInputBox({
      title: 'Compare Folders: filter (optional)',
      prompt: 'Only compare images whose path matches this glob, e.g. **/*.png or val/**. Leave empty for every PNG and JPEG.',
      value: batchFilter(),
    });
    if (filter === undefined) return;
    await this.open(folderA, folderB, filter.trim());
  }

  async selectFolder(arg: unknown): Promise<void> {
    const uri = uriOf(arg);
    if (!uri || !(await isFolder(uri))) throw new Error('Choose "Select Folder for Compare" on a folder in the Explorer.');
    this.selectedFolder = uri;
    await vscode.commands.executeCommand('setContext', HAS_FOLDER_SELECTION_KEY, true);
    vscode.window.setStatusBarMessage(`Image Similarity: ${vscode.workspace.asRelativePath(uri, false)} selected for compare`, 4000);
  }

  async compareWithSelected(arg: unknown): Promise<void> {
    const uri = uriOf(arg);
    if (!this.selectedFolder) throw new Error('First choose "Select Folder for Compare" on a folder.');
    if (!uri || !(await isFolder(uri))) throw new Error('Choose "Compare Folder with Selected" on a folder in the Explorer.');
    const { batchFilter } = await import('./batchSettings');
    await this.open(this.selectedFolder, uri, batchFilter());
  }

  async clearCache(): Promise<void> {
    const cache = await this.getCache();
    const entries = cache.size;
    await cache.clear();
    vscode.window.setStatusBarMessage(`Image Similarity: cleared ${entries} cached batch results`, 4000);
  }

  snapshots(): BatchSnapshot[] {
    return [...this.panels].map((p) => p.snapshot());
  }

  /** Restores a view after a reload: runs it again (the cache answers unchanged pairs). */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = state as Partial<PersistedBatchState> | undefined;
    const folderA = parseUri(s?.source?.folderA);
    const folderB = parseUri(s?.source?.folderB);
    if (!s || s.version !== 1 || !folderA || !folderB) {
      webviewPanel.webview.html = '<!DOCTYPE html><html><body><p>This batch view could not be restored. Run Compare Folders again.</p></body></html>';
      return;
    }
    const filter = typeof s.source?.filter === 'string' ? s.source.filter : '';
    await this.create(webviewPanel, folderA, folderB, filter);
  }

  /** Opens (or re-runs) the view of this folder pair. */
  async open(folderA: vscode.Uri, folderB: vscode.Uri, filter: string): Promise<BatchPanel> {
    const key = `${folderA.toString()}|${folderB.toString()}|${filter}`;
    const existing = [...this.panels].find((p) => p.key === key);
    if (existing) {
      existing.panel.reveal();
      void existing.rerun();
      return existing;
    }
    return this.create(vscode.window.createWebviewPanel(BATCH_VIEW_TYPE, 'Image Similarity: folders', vscode.ViewColumn.Active), folderA, folderB, filter);
  }

  private async create(webviewPanel: vscode.WebviewPanel, folderA: vscode.Uri, folderB: vscode.Uri, filter: string): Promise<BatchPanel> {
    const [{ BatchPanel }, settings, { recipeFromSettings }] = await Promise.all([
      import('./batchPanel'),
      import('./batchSettings'),
      import('../settings'),
    ]);
    const version = String((this.context.extension.packageJSON as { version?: unknown }).version ?? '0.0.0');
    const panel = new BatchPanel(
      webviewPanel,
      { extensionUri: this.context.extensionUri, version, pool: this.pool, cache: async () => (settings.batchCacheEnabled() ? this.getCache() : undefined) },
      { folderA, folderB, filter: filter || undefined, metrics: settings.batchMetrics(), recipe: recipeFromSettings(), maxPixels: settings.maxPixelsSetting(), version },
    );
    this.panels.add(panel);
    panel.onDidDispose(() => this.panels.delete(panel));
    return panel;
  }

  private getCache(): Promise<ResultCache> {
    this.cache ??= import('./resultCache').then(async ({ ResultCache }) => {
      const cache = new ResultCache(this.context.globalStorageUri);
      await cache.load();
      return cache;
    });
    return this.cache;
  }

  private async pickFolder(title: string, openLabel: string, near?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title,
      openLabel,
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: near ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri,
    });
    return picked?.[0];
  }

  dispose(): void {
    for (const panel of this.panels) panel.dispose();
    this.panels.clear();
    void this.cache?.then((c) => c.save());
  }
}

/** Registers the batch commands; everything is released with the extension. */
export function registerBatch(context: vscode.ExtensionContext, pool: MetricsPoolHolder): void {
  const views = new BatchViews(context, pool);
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        void vscode.window.showErrorMessage(`Image Similarity: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    });
  context.subscriptions.push(
    views,
    vscode.window.registerWebviewPanelSerializer(BATCH_VIEW_TYPE, views),
    register('imageSimilarity.compareFolders', (arg, all) => views.compareFolders(arg, all)),
    register('imageSimilarity.selectFolderForCompare', (arg) => views.selectFolder(arg)),
    register('imageSimilarity.compareFolderWithSelected', (arg) => views.compareWithSelected(arg)),
    register('imageSimilarity.clearBatchCache', () => views.clearCache()),
    register(BATCH_SNAPSHOTS_COMMAND, () => views.snapshots()),
  );
}
