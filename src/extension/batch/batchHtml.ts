/**
 * The batch view's HTML, from one function: a strict CSP with a per-load nonce from `crypto`, the
 * script through `asWebviewUri`, resources only from dist/ and models/. Styles come from the script
 * as a constructed stylesheet, so no inline style is needed.
 */
import * as vscode from 'vscode';
import { escapeAttribute, makeNonce } from '../compareHtml';

/** The webview panel type of the batch view (activation event `onWebviewPanel:imageSimilarity.batch`). */
export const BATCH_VIEW_TYPE = 'imageSimilarity.batch';

/** Webview options of the batch view: scripts on, resources only from dist/ and models/ (plus a configured model's folder). */
export function batchWebviewOptions(extensionUri: vscode.Uri, extraRoots: readonly vscode.Uri[] = []): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'models'), ...extraRoots],
  };
}

/** The batch view's document. */
export function batchHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'batch.js')).toString();
  // LPIPS runs in this page's Web Worker: 'wasm-unsafe-eval' for onnxruntime-web and the JPEG
  // decoder, connect-src to fetch the worker script, model and WASM, worker-src blob: for the worker.
  const csp = [
    `default-src 'none'`,
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}' ${webview.cspSource} 'wasm-unsafe-eval'`,
    `connect-src ${webview.cspSource}`,
    `worker-src ${webview.cspSource} blob:`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<div id="app"><p class="loading">Loading ${escapeAttribute(title)}…</p></div>
<script type="module" nonce="${nonce}" src="${escapeAttribute(script)}"></script>
</body>
</html>`;
}
