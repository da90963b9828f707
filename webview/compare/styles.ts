/**
 * The comparison panel's stylesheet, adopted by main.ts through webview/styles.ts (no inline style,
 * no stylesheet file). Theme only through `--vscode-*` variables.
 */
export const COMPARE_CSS = `
/* Comparison panel. Theme only through --vscode-* variables (light, dark, high contrast). */
:root {
  --gap: 8px;
  --border: var(--vscode-panel-border, var(--vscode-widget-border, rgba(128, 128, 128, 0.35)));
}
html, body { height: 100%; margin: 0; padding: 0; }
body {
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  overflow: hidden;
}
#app { display: flex; flex-direction: column; height: 100vh; box-sizing: border-box; padding: var(--gap); gap: var(--gap); }
.hidden { display: none !important; }
.toolbar { display: flex; align-items: center; gap: var(--gap); flex-wrap: wrap; }
.title { font-size: 1.15em; font-weight: 600; margin: 0; flex: 1 1 auto; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.actions, .viewbar, .viewoptions, .recipe { display: flex; gap: 4px; flex-wrap: wrap; align-items: center; }
button {
  color: var(--vscode-button-secondaryForeground);
  background: var(--vscode-button-secondaryBackground);
  border: 1px solid var(--vscode-button-border, transparent);
  padding: 3px 9px;
  border-radius: 2px;
  font: inherit;
  cursor: pointer;
}
button:hover { background: var(--vscode-button-secondaryHoverBackground); }
button[aria-pressed="true"] { color: var(--vscode-button-foreground); background: var(--vscode-button-background); }
button:focus-visible, select:focus-visible, input:focus-visible, .viewport:focus-visible, .divider:focus-visible {
  outline: 1px solid var(--vscode-focusBorder);
  outline-offset: 1px;
}
select, input[type="number"] {
  color: var(--vscode-dropdown-foreground);
  background: var(--vscode-dropdown-background);
  border: 1px solid var(--vscode-dropdown-border, var(--border));
  font: inherit;
  padding: 2px 4px;
}
input[type="number"] { width: 5em; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border-color: var(--vscode-input-border, var(--border)); }
input[type="range"] { accent-color: var(--vscode-button-background); }
.control { display: inline-flex; align-items: center; gap: 4px; margin-right: 8px; }
.control > span { color: var(--vscode-descriptionForeground); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: var(--gap); }
.card {
  border: 1px solid var(--border);
  border-radius: 4px;
  padding: 6px 10px;
  background: var(--vscode-editorWidget-background, transparent);
}
.card .name { display: flex; justify-content: space-between; font-weight: 600; }
.card .direction { font-weight: normal; color: var(--vscode-descriptionForeground); font-size: 0.9em; }
.card .valueline { display: flex; align-items: baseline; gap: 4px; }
.card .value { font-size: 1.8em; font-variant-numeric: tabular-nums; font-family: var(--vscode-editor-font-family); }
.card .unit { color: var(--vscode-descriptionForeground); }
.card .recipe-line, .sub { color: var(--vscode-descriptionForeground); font-size: 0.9em; overflow-wrap: anywhere; }
.card details summary { cursor: pointer; color: var(--vscode-textLink-foreground); font-size: 0.9em; }
.recipebar { display: flex; align-items: center; justify-content: space-between; gap: var(--gap); flex-wrap: wrap; }
.status { color: var(--vscode-descriptionForeground); }
.error {
  white-space: pre-wrap;
  color: var(--vscode-errorForeground);
  background: var(--vscode-inputValidation-errorBackground, transparent);
  border: 1px solid var(--vscode-inputValidation-errorBorder, var(--vscode-errorForeground));
  padding: 6px 10px;
}
.notices { margin: 0; padding: 4px 10px 4px 24px; border-left: 3px solid var(--vscode-editorInfo-foreground, var(--border)); color: var(--vscode-descriptionForeground); }
.viewrow { display: flex; gap: 16px; flex-wrap: wrap; align-items: center; }
.viewbar .sep { width: 8px; }
.viewbar .zoom-readout { margin-left: 6px; color: var(--vscode-descriptionForeground); font-variant-numeric: tabular-nums; }
.main { display: flex; flex: 1 1 auto; min-height: 120px; gap: var(--gap); }
.stage { flex: 1 1 auto; display: flex; gap: 4px; min-width: 0; }
.viewport {
  position: relative;
  flex: 1 1 0;
  min-width: 0;
  overflow: hidden;
  cursor: grab;
  border: 1px solid var(--border);
  /* Checkerboard behind the image (visible outside it and through a transparent heatmap border). */
  background-color: var(--vscode-editor-background);
  background-image:
    linear-gradient(45deg, rgba(128, 128, 128, 0.15) 25%, transparent 25%, transparent 75%, rgba(128, 128, 128, 0.15) 75%),
    linear-gradient(45deg, rgba(128, 128, 128, 0.15) 25%, transparent 25%, transparent 75%, rgba(128, 128, 128, 0.15) 75%);
  background-size: 16px 16px;
  background-position: 0 0, 8px 8px;
}
.viewport.dragging { cursor: grabbing; }
.viewport canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
.tag {
  position: absolute; top: 4px; left: 4px; padding: 1px 6px; pointer-events: none;
  color: var(--vscode-editorWidget-foreground, var(--vscode-foreground));
  background: var(--vscode-editorWidget-background);
  border: 1px solid var(--border);
  opacity: 0.9;
}
.divider {
  position: absolute; top: 0; bottom: 0; width: 12px; margin-left: -6px; cursor: ew-resize; touch-action: none;
}
.divider::after {
  content: ""; position: absolute; top: 0; bottom: 0; left: 5px; width: 2px;
  background: var(--vscode-focusBorder, #0078d4);
}
.side { width: 210px; flex: 0 0 auto; display: flex; flex-direction: column; gap: 12px; overflow: auto; }
.side-title { font-weight: 600; margin-bottom: 4px; }
.barwrap { position: relative; display: flex; gap: 6px; height: 256px; }
.bar { width: 16px; height: 256px; border: 1px solid var(--border); }
.ticks { position: relative; flex: 1; }
.ticks span { position: absolute; left: 0; transform: translateY(50%); font-variant-numeric: tabular-nums; font-size: 0.9em; }
.units { color: var(--vscode-descriptionForeground); font-size: 0.9em; margin-top: 4px; }
.worst ol { margin: 0; padding-left: 20px; }
.worst .region { padding: 1px 4px; margin: 1px 0; text-align: left; font-variant-numeric: tabular-nums; }
.inspector { font-family: var(--vscode-editor-font-family); font-size: 0.95em; color: var(--vscode-descriptionForeground); min-height: 1.4em; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.help {
  position: fixed; right: 16px; top: 48px; z-index: 10; padding: 10px 14px;
  color: var(--vscode-editorWidget-foreground, var(--vscode-foreground));
  background: var(--vscode-editorWidget-background);
  border: 1px solid var(--vscode-editorWidget-border, var(--border));
  box-shadow: 0 2px 8px var(--vscode-widget-shadow, rgba(0, 0, 0, 0.3));
}
.help th { text-align: left; padding-right: 12px; font-family: var(--vscode-editor-font-family); }
.spinner {
  display: inline-block; width: 0.7em; height: 0.7em; margin-right: 6px;
  border: 2px solid var(--vscode-progressBar-background, #0078d4); border-right-color: transparent; border-radius: 50%;
  animation: spin 0.8s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
body.vscode-high-contrast .card, body.vscode-high-contrast .viewport { border-color: var(--vscode-contrastBorder); }
.loading { color: var(--vscode-descriptionForeground); }
.error .offer { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 6px; white-space: normal; color: var(--vscode-foreground); }
`;
