/**
 * The commands behind the menus: Select for Compare / Compare with Selected (Explorer), Compare
 * Selected Images (two selected), Compare Images… (two quick picks), Compare with Active Image
 * (image preview), Compare Image with HEAD (Source Control, Explorer, image tab, Command Palette).
 */
import * as vscode from 'vscode';
import type { FileSource } from '../protocol/compare';
import type { ComparePanelManager } from './comparePanel';
import { Disposable } from './dispose';
import type { MetricsPoolHolder } from './metricsPool';

/** Files the panel can decode, by extension (content is sniffed later). */
const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;
/** The built-in image preview's custom editor id. */
const IMAGE_PREVIEW_ID = 'imagePreview.previewEditor';
/** Context key: an image has been selected for compare. */
const HAS_SELECTION_KEY = 'imageSimilarity.hasSelection';

function fileSource(uri: vscode.Uri): FileSource {
  return { kind: 'file', uri: uri.toString() };
}

function isImage(uri: vscode.Uri): boolean {
  return IMAGE_EXTENSION.test(uri.path);
}

/** A URI from a command argument: a Uri, or something with `resourceUri` (SCM resource state). */
function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && (arg as { resourceUri?: unknown }).resourceUri instanceof vscode.Uri) {
    return (arg as { resourceUri: vscode.Uri }).resourceUri;
  }
  return undefined;
}

/** The image open in the active image preview, if any. */
function activeImage(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputCustom && input.viewType === IMAGE_PREVIEW_ID) return input.uri;
  return undefined;
}

interface ImagePick extends vscode.QuickPickItem {
  readonly uri: vscode.Uri;
}

/** Registers the commands. */
export class CompareCommands extends Disposable {
  private selected?: vscode.Uri;

  constructor(private readonly panels: ComparePanelManager, private readonly pool: MetricsPoolHolder) {
    super();
    const register = (id: string, handler: (...args: unknown[]) => unknown) =>
      this._register(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          await handler(...args);
        } catch (error) {
          void vscode.window.showErrorMessage(`Image Similarity: ${error instanceof Error ? error.message : String(error)}`);
        }
      }));
    register('imageSimilarity.selectForCompare', (arg) => this.selectForCompare(arg));
    register('imageSimilarity.compareWithSelected', (arg) => this.compareWithSelected(arg));
    register('imageSimilarity.compareSelected', (arg, all) => this.compareSelected(arg, all));
    register('imageSimilarity.compareImages', () => this.compareImages());
    register('imageSimilarity.compareWithActive', (arg) => this.compareWithActive(arg));
    register('imageSimilarity.compareWithHead', (arg) => this.compareWithHead(arg));
  }

  private async selectForCompare(arg: unknown): Promise<void> {
    const uri = uriOf(arg) ?? activeImage();
    if (!uri) throw new Error('Select a PNG or JPEG file in the Explorer first.');
    this.selected = uri;
    this.pool.warmUp();
    await vscode.commands.executeCommand('setContext', HAS_SELECTION_KEY, true);
    vscode.window.setStatusBarMessage(`Image Similarity: ${vscode.workspace.asRelativePath(uri, false)} selected for compare`, 4000);
  }

  private async compareWithSelected(arg: unknown): Promise<void> {
    const uri = uriOf(arg) ?? activeImage();
    if (!this.selected) throw new Error('First choose "Select for Compare" on an image.');
    if (!uri) throw new Error('Choose "Compare with Selected" on a PNG or JPEG file.');
    this.panels.open(fileSource(this.selected), fileSource(uri));
  }

  private async compareSelected(arg: unknown, all: unknown): Promise<void> {
    const uris = Array.isArray(all) ? all.map(uriOf).filter((u): u is vscode.Uri => !!u) : [];
    const images = uris.filter(isImage);
    if (images.length !== 2) {
      const first = uriOf(arg);
      throw new Error(`Select exactly two PNG or JPEG files to compare (${images.length || (first ? 1 : 0)} selected).`);
    }
    this.panels.open(fileSource(images[0]), fileSource(images[1]));
  }

  private async compareImages(): Promise<void> {
    this.pool.warmUp();
    const a = await this.pickImage('Compare Images (1/2): choose image A', undefined);
    if (!a) return;
    const b = await this.pickImage(`Compare Images (2/2): compare ${vscode.workspace.asRelativePath(a, false)} with…`, a);
    if (!b) return;
    this.panels.open(fileSource(a), fileSource(b));
  }

  private async compareWithActive(arg: unknown): Promise<void> {
    const active = uriOf(arg) ?? activeImage();
    if (!active) throw new Error('Open a PNG or JPEG file in the image preview first.');
    this.pool.warmUp();
    const other = await this.pickImage(`Compare ${vscode.workspace.asRelativePath(active, false)} with…`, active);
    if (!other) return;
    this.panels.open(fileSource(active), fileSource(other));
  }

  /**
   * Compare Image with HEAD: from the Source Control view (any changed file: that menu gets no
   * resource keys, so non-images are refused here), the Explorer, an image preview's tab, or the
   * Command Palette (the active image preview, else a quick pick of the changed images).
   */
  private async compareWithHead(arg: unknown): Promise<void> {
    const uri = uriOf(arg) ?? activeImage() ?? (await this.pickChangedImage());
    if (!uri) return;
    if (!isImage(uri)) {
      const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
      throw new Error(`${name} is not a PNG or JPEG image: Compare Image with HEAD compares images only (Git's "Open Changes" diffs other files).`);
    }
    this.pool.warmUp();
    this.panels.open({ kind: 'gitHead', uri: uri.toString() }, fileSource(uri));
  }

  /** A quick pick over the changed PNG/JPEG files of the open Git repositories. */
  private async pickChangedImage(): Promise<vscode.Uri | undefined> {
    const { changedFilesWithHead } = await import('./git');
    const changed = await changedFilesWithHead(isImage);
    if (changed.length === 0) {
      void vscode.window.showInformationMessage('Image Similarity: no changed PNG or JPEG file with a committed version in the open Git repositories.');
      return undefined;
    }
    const items: ImagePick[] = changed.map((uri) => {
      const relative = vscode.workspace.asRelativePath(uri, true);
      const slash = relative.lastIndexOf('/');
      return { label: relative.slice(slash + 1), description: slash > 0 ? relative.slice(0, slash) : '', uri };
    });
    const pick = await vscode.window.showQuickPick(items, { placeHolder: 'Compare Image with HEAD: choose a changed image', matchOnDescription: true });
    return pick?.uri;
  }

  /** A quick pick over the workspace's PNG/JPEG files, most recently modified first. */
  private async pickImage(placeholder: string, exclude: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
    const quickPick = vscode.window.createQuickPick<ImagePick>();
    quickPick.placeholder = placeholder;
    quickPick.matchOnDescription = true;
    quickPick.busy = true;
    quickPick.show();
    try {
      const files = await vscode.workspace.findFiles('**/*.{png,PNG,jpg,JPG,jpeg,JPEG}', '**/node_modules/**', 5000);
      const candidates = files.filter((f) => f.toString() !== exclude?.toString());
      const stats = await Promise.all(candidates.map((uri) => Promise.resolve(vscode.workspace.fs.stat(uri)).then((s) => s.mtime, () => 0)));
      const order = candidates.map((uri, i) => ({ uri, mtime: stats[i] })).sort((x, y) => y.mtime - x.mtime);
      quickPick.items = order.map(({ uri }) => {
        const relative = vscode.workspace.asRelativePath(uri, true);
        const slash = relative.lastIndexOf('/');
        return { label: relative.slice(slash + 1), description: slash > 0 ? relative.slice(0, slash) : '', uri };
      });
      quickPick.busy = false;
      if (quickPick.items.length === 0) quickPick.placeholder = 'No PNG or JPEG files in this workspace.';
      return await new Promise<vscode.Uri | undefined>((resolve) => {
        quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.uri));
        quickPick.onDidHide(() => resolve(undefined));
      });
    } finally {
      quickPick.dispose();
    }
  }
}
