/**
 * What the comparison panel (comparePanel.ts) and the batch view (batch/batchPanel.ts) share: one
 * webview panel with its HTML and CSP, the `ready` handshake, what is (re)sent on `ready`, typed
 * messages both ways through the channel's guard (src/protocol/channel.ts), dispose bookkeeping and
 * live settings.
 *
 * Ready handshake. Neither webview keeps its context when hidden (no `retainContextWhenHidden`):
 * a hidden webview is destroyed and says `ready` again when shown, and the host starts its work
 * before the webview has loaded. So `post()` sends only while the webview is ready; every message
 * first goes through `remember()`, where a subclass keeps what a fresh webview needs, and on every
 * `ready` the base sends what `replay()` returns, in that order, before `onReady()` runs.
 *
 * Live settings. A change of `imageSimilarity.*` calls `onSettingsChanged()` of every open panel;
 * each subclass says what applies at once and what waits for its next comparison.
 */
import * as vscode from 'vscode';
import type { Message } from '../protocol/channel';
import { assertNever as channelAssertNever, isMessage } from '../protocol/channel';
import { Disposable } from './dispose';
import { WebviewAssets } from './webviewAssets';

/** How a panel's webview is built. */
export interface WebviewPanelSetup<In extends Message> {
  readonly extensionUri: vscode.Uri;
  /** Webview options (scripts, local resource roots). */
  readonly options: vscode.WebviewOptions;
  /** The document (strict CSP, nonce, asWebviewUri) for this title. */
  readonly html: (webview: vscode.Webview, extensionUri: vscode.Uri, title: string) => string;
  /** The guard of the messages the webview sends (its protocol's types). */
  readonly isIncoming: (value: unknown) => value is In;
  /** Initial title; subclasses may change `panel.title` later. */
  readonly title: string;
  /** For the warning about an unknown message, e.g. "panel". */
  readonly name: string;
}

/** The settings section every panel listens to. */
export const SETTINGS_SECTION = 'imageSimilarity';

/** A webview panel that speaks `Out` (host → webview) and `In` (webview → host). */
export abstract class WebviewPanelBase<Out extends Message, In extends Message> extends Disposable {
  private webviewReady = false;
  /** Files the webview may read through the host (LPIPS worker, runtime, model). */
  protected readonly assets: WebviewAssets;
  private readonly onDidDisposeEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires once when the panel closes. */
  readonly onDidDispose = this.onDidDisposeEmitter.event;
  protected readonly onDidUpdateEmitter = this._register(new vscode.EventEmitter<void>());
  /** Fires when the panel's results or rendering change (tests wait on it). */
  readonly onDidUpdate = this.onDidUpdateEmitter.event;
  private readonly name: string;

  constructor(readonly panel: vscode.WebviewPanel, setup: WebviewPanelSetup<In>) {
    super();
    this.name = setup.name;
    this._register(panel);
    this.assets = new WebviewAssets(panel.webview);
    panel.webview.options = setup.options;
    panel.iconPath = vscode.Uri.joinPath(setup.extensionUri, 'media', 'compare.svg');
    panel.title = setup.title;
    panel.webview.html = setup.html(panel.webview, setup.extensionUri, setup.title);
    this._register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw, setup.isIncoming)));
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(panel.onDidChangeViewState(() => {
      // A hidden webview is destroyed; it says `ready` again when shown.
      if (!panel.visible) this.webviewReady = false;
    }));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (!this.isDisposed && event.affectsConfiguration(SETTINGS_SECTION)) this.onSettingsChanged(event);
    }));
  }

  /** True between the webview's `ready` and its being hidden or closed. */
  protected get isReady(): boolean {
    return this.webviewReady;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.onDispose();
    this.onDidDisposeEmitter.fire();
    super.dispose();
  }

  /** Posts to the webview once it is ready (after `remember()` has seen the message). */
  protected post(message: Out): void {
    if (this.isDisposed) return;
    this.remember(message);
    if (this.webviewReady) this.send(message);
  }

  /** Sends now, ready or not (replays, answers). */
  private send(message: Out): void {
    // The panel may close while a post is on its way: posting to a disposed webview throws.
    try {
      void this.panel.webview.postMessage(message).then(undefined, () => undefined);
    } catch {
      // Nothing to tell a closed webview.
    }
  }

  /** Keeps what a freshly loaded webview needs from `message` (default: nothing). */
  protected remember(message: Out): void {
    void message;
  }

  /** What a freshly loaded webview is sent on `ready`, in order (default: nothing). */
  protected replay(): readonly Out[] {
    return [];
  }

  /** After the replay of a `ready`. */
  protected onReady(): void {}

  /** A checked message from the webview other than `ready` and `readAsset`. */
  protected abstract onMessage(message: In): void;

  /** `imageSimilarity.*` changed (default: nothing applies to an open panel). */
  protected onSettingsChanged(event: vscode.ConfigurationChangeEvent): void {
    void event;
  }

  /** Before the panel's resources go (abort running work). */
  protected onDispose(): void {}

  /** The default branch of a subclass's exhaustive switch: warns about a message from a newer or broken page. */
  protected unknownMessage(message: never): void {
    channelAssertNever(message, (value) => {
      console.warn(`Image Similarity: ignoring an unknown ${this.name} message ${JSON.stringify(isMessage(value) ? value.type : value)}`);
    });
  }

  private receive(raw: unknown, isIncoming: (value: unknown) => value is In): void {
    if (!isMessage(raw)) return;
    if (this.assets.handle(raw)) return;
    if (!isIncoming(raw)) {
      console.warn(`Image Similarity: ignoring an unknown ${this.name} message ${JSON.stringify(raw.type)}`);
      return;
    }
    if (raw.type === 'ready') {
      this.webviewReady = true;
      for (const message of this.replay()) this.send(message);
      this.onReady();
      return;
    }
    this.onMessage(raw);
  }
}
