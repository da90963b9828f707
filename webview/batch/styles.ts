/**
 * The batch view's stylesheet, adopted as a constructed stylesheet through webview/styles.ts (no
 * inline `<style>`, so the CSP needs no 'unsafe-inline'). Theme only through `--vscode-*` variables.
 */
import { adoptStyles } from '../styles';

const CSS = `
:root { --row-height: 22px; }
body { margin: 0; padding: 0 12px; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
#app { display: flex; flex-direction: column; height: 100vh; }
header { flex: none; padding: 8px 0 4px; }
h1 { font-size: 1.2em; margin: 0 0 4px; font-weight: 600; }
.recipe, .notice, .status, .progress { color: var(--vscode-descriptionForeground); margin: 2px 0; }
.notice { color: var(--vscode-editorWarning-foreground); }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin: 6px 0; }
button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid var(--vscode-button-border, transparent); padding: 3px 10px; cursor: pointer; font: inherit; }
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button.primary { background: var(--vscode-button-background); color: var(--vscode-button-foreground); }
button:disabled { opacity: 0.5; cursor: default; }
input { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; font: inherit; }
input.count { width: 4em; }
.summary-area { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; margin: 4px 0 8px; }
table.summary { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.summary th, table.summary td { padding: 2px 10px; text-align: right; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); }
table.summary th:first-child, table.summary td:first-child { text-align: left; }
.histograms { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; }
figcaption { font-size: 0.9em; color: var(--vscode-descriptionForeground); }
canvas.histogram { width: 220px; height: 64px; display: block; }
details { margin: 2px 0 6px; }
details ul { max-height: 8em; overflow: auto; margin: 4px 0; }
.table { flex: 1; display: flex; flex-direction: column; min-height: 120px; border-top: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); }
.row { display: grid; grid-template-columns: var(--columns); align-items: center; height: var(--row-height); font-variant-numeric: tabular-nums; white-space: nowrap; }
.row > span { overflow: hidden; text-overflow: ellipsis; padding: 0 6px; }
.row > span.num { text-align: right; }
.thead { flex: none; font-weight: 600; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); user-select: none; }
.thead > span { cursor: pointer; }
.thead > span.sorted { color: var(--vscode-textLink-foreground); }
.viewport { flex: 1; overflow-y: auto; position: relative; }
.spacer { position: relative; width: 100%; }
.body .row { position: absolute; left: 0; right: 0; cursor: pointer; }
.body .row:hover { background: var(--vscode-list-hoverBackground); }
.body .row.error { color: var(--vscode-errorForeground); }
.body .row:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.worse { color: var(--vscode-errorForeground); }
.better { color: var(--vscode-testing-iconPassed, var(--vscode-terminal-ansiGreen)); }
.empty { padding: 8px; color: var(--vscode-descriptionForeground); }
`;

/** Adopts the stylesheet into the document (webview/styles.ts). */
export function applyStyles(doc: Document): void {
  adoptStyles(doc, CSS);
}
