/**
 * The comparison panel's HTML, from one function: a strict CSP with a per-load nonce from
 * `crypto`, every resource through `asWebviewUri`, and no inline script or style (styles come from
 * the script as a constructed stylesheet, webview/styles.ts, as in the batch view and the renderer).
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A nonce for the CSP: 128 random bits, base64. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes text for an HTML attribute value in double quotes. */
export function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The CSP of our webviews (comparison panel, batch view): nothing by default; images, styles and
 * scripts from the extension's own resources (scripts also by nonce); 'wasm-unsafe-eval' because the
 * JPEG decoder and onnxruntime-web compile WebAssembly; connect-src to fetch the JPEG decoder's .wasm
 * (the LPIPS worker script, runtime and model come through the host by message); worker-src blob:
 * for the LPIPS Web Worker. `imgSources` and
 * `extraDirectives` add what one view needs beyond that.
 */
export function webviewCsp(source: string, nonce: string, imgSources: readonly string[], extraDirectives: readonly string[] = []): string {
  return [
    `default-src 'none'`,
    `img-src ${[source, ...imgSources].join(' ')}`,
    `style-src ${source}`,
    ...extraDirectives,
    `script-src 'nonce-${nonce}' ${source} 'wasm-unsafe-eval'`,
    `connect-src ${source}`,
    `worker-src ${source} blob:`,
  ].join('; ');
}

/**
 * Webview options: scripts on, resources only from dist/ and media/. The LPIPS runtime and model
 * (the shipped one or `lpips.modelPath`) come through the host by message (WebviewAssets), so
 * models/ and a configured model's folder are not webview roots.
 */
export function compareWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** The panel's document. `title` is shown until the script has started. */
export function compareHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const asUri = (...segments: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...segments)).toString();
  const csp = webviewCsp(webview.cspSource, nonce, ['blob:', 'data:'], [`font-src ${webview.cspSource}`]);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeAttribute(title)}</title>
</head>
<body>
<div id="app" data-title="${escapeAttribute(title)}"><p class="loading">Loading ${escapeAttribute(title)}…</p></div>
<script type="module" nonce="${nonce}" src="${escapeAttribute(asUri('dist', 'webview', 'compare.js'))}"></script>
</body>
</html>`;
}
