/**
 * Files a webview reads through the host by message instead of fetch() (the LPIPS worker script,
 * its runtime .wasm and the model; see WebviewAssetRequest for why). The host hands out URLs with
 * {@link WebviewAssets.url} and answers `readAsset` only for those: a webview cannot name any other file.
 */
import * as vscode from 'vscode';
import { LPIPS_WEBVIEW_WASM_FILE } from '../protocol/lpips';
import type { WebviewAssetRequest, WebviewAssetResponse } from '../protocol/lpips';

export class WebviewAssets {
  private readonly files = new Map<string, vscode.Uri>();

  constructor(private readonly webview: vscode.Webview) {}

  /** The webview URL of `file` (asWebviewUri), remembered as one the webview may read. */
  url(file: vscode.Uri): string {
    const url = this.webview.asWebviewUri(file).toString();
    this.files.set(normalize(url), file);
    return url;
  }

  /**
   * Where the LPIPS worker finds its script, runtime and model (the shipped squeeze model, or
   * `customModel`, the `lpips.modelPath` setting), all readable through {@link handle}.
   */
  lpips(extensionUri: vscode.Uri, customModel: string | undefined): { workerUrl: string; modelUrl: string; modelName: string; wasmBaseUrl: string } {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist');
    const wasmBaseUrl = `${this.webview.asWebviewUri(dist).toString()}/`;
    // The worker asks for the runtime as new URL(LPIPS_WEBVIEW_WASM_FILE, wasmBaseUrl).
    this.files.set(normalize(new URL(LPIPS_WEBVIEW_WASM_FILE, wasmBaseUrl).href), vscode.Uri.joinPath(dist, LPIPS_WEBVIEW_WASM_FILE));
    return {
      workerUrl: this.url(vscode.Uri.joinPath(dist, 'webview', 'lpipsWorker.js')),
      modelUrl: this.url(customModel ? vscode.Uri.file(customModel) : vscode.Uri.joinPath(extensionUri, 'models', 'lpips-squeeze-v0.1.onnx')),
      modelName: customModel ? (customModel.split(/[\\/]/).pop() ?? customModel) : 'squeeze v0.1',
      wasmBaseUrl,
    };
  }

  /** Answers a `readAsset` message; returns false for any other message. */
  handle(message: { readonly type: string }): message is WebviewAssetRequest {
    if (message.type !== 'readAsset') return false;
    const { requestId, url } = message as Partial<WebviewAssetRequest>;
    if (typeof requestId !== 'number' || typeof url !== 'string') return true;
    void this.answer(requestId, url);
    return true;
  }

  private async answer(requestId: number, url: string): Promise<void> {
    const file = this.files.get(normalize(url));
    let response: WebviewAssetResponse;
    if (!file) {
      response = { type: 'asset', requestId, error: `not a file this view may read: ${url}` };
    } else {
      try {
        // A plain Uint8Array: readFile may return a Node Buffer, which the webview message
        // serialisation does not carry as bytes.
        response = { type: 'asset', requestId, bytes: new Uint8Array(await vscode.workspace.fs.readFile(file)) };
      } catch (error) {
        response = { type: 'asset', requestId, error: `cannot read ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}` };
      }
    }
    // The panel may have closed meanwhile: posting to a disposed webview throws.
    try {
      await this.webview.postMessage(response);
    } catch {
      // Nothing to answer any more.
    }
  }
}

/** One spelling per URL (the webview may resolve it with the URL class, the host writes it with Uri). */
function normalize(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}
