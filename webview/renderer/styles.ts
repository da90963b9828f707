/**
 * The notebook renderer's stylesheet, adopted through webview/styles.ts (the output's document is
 * VS Code's: no `<style>` or `<link>` of ours). Every rule is scoped to `.imsim-output`.
 */
export const RENDERER_CSS = `
.imsim-output { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 4px 0; }
.imsim-output h3 { font-size: 1.05em; margin: 0 0 4px; font-weight: 600; }
.imsim-output .recipe, .imsim-output .note { color: var(--vscode-descriptionForeground); margin: 2px 0 6px; }
.imsim-output .cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }
.imsim-output .card { border: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); border-radius: 4px; padding: 6px 10px; min-width: 110px; }
.imsim-output .card .label { font-size: 0.85em; color: var(--vscode-descriptionForeground); }
.imsim-output .card .value { font-size: 1.4em; font-variant-numeric: tabular-nums; }
.imsim-output .card.unavailable .value { font-size: 1em; color: var(--vscode-descriptionForeground); }
.imsim-output .thumbs { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
.imsim-output figure { margin: 0; cursor: pointer; }
.imsim-output figure img { display: block; max-width: 256px; image-rendering: auto; background: repeating-conic-gradient(rgba(128,128,128,0.3) 0% 25%, transparent 0% 50%) 50% / 16px 16px; }
.imsim-output figcaption { font-size: 0.85em; color: var(--vscode-descriptionForeground); max-width: 256px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.imsim-output table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 4px 0 8px; }
.imsim-output th, .imsim-output td { padding: 2px 10px; text-align: right; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); }
.imsim-output th:first-child, .imsim-output td:first-child { text-align: left; }
.imsim-output .histograms { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 8px; }
.imsim-output canvas { width: 200px; height: 56px; display: block; }
.imsim-output .worst { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
.imsim-output .worst .pair { border: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.3)); padding: 4px; cursor: pointer; }
.imsim-output .worst .pair .imgs { display: flex; gap: 2px; }
.imsim-output .worst .pair img { width: 84px; height: auto; }
.imsim-output button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: none; padding: 3px 10px; cursor: pointer; font: inherit; }
.imsim-output .errors { color: var(--vscode-errorForeground); }
`;
