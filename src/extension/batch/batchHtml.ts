/**
 * The batch view's HTML, from one function: a strict CSP with a per-load nonce from `crypto`, the
 * script through `asWebviewUri`, resources only from dist/ and models/. Styles come from the script
 * as a constructed stylesheet, so no inline style is needed.
 */
import * as vscode from 'vscode';
import { escapeAttribute, makeNonce, webviewCsp } from '../compareHtml';

/** The webview panel type of the batch view (activation event `onWebviewPanel:imageSimilarity.batch`). */
export const BATCH_VIEW_TYPE = 'imageSimilarity.batch';

/** Webview options of the batch view: scripts on, resources only from dist/ and models/ (plus a configured model's folder). */
export function batchWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The LPIPS runtime and model come through the host by message (WebviewAssets): dist/ only.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}

/** The batch view's document. */
export function batchHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'batch.js')).toString();
  // LPIPS runs in this page's Web Worker (see webviewCsp); thumbnails and histograms are data: URLs.
  const csp = webviewCsp(webview.cspSource, nonce, ['data:']);
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
