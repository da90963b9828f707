/**
 * The one way our pages get their styles: the compare panel, the batch view and the notebook
 * renderer each keep their stylesheet as a string next to their script (`styles.ts`) and adopt it as
 * a constructed stylesheet. Constructed stylesheets are not inline `<style>`, so the webviews' CSP
 * (`style-src ${cspSource}`, src/extension/compareHtml.ts `webviewCsp`) needs no 'unsafe-inline';
 * the notebook renderer, whose document is VS Code's, needs no `<link>` to a file it cannot name;
 * and the build ships no separate .css file. Themes come through `--vscode-*` variables only.
 */

const adopted = new WeakMap<Document, Set<string>>();

/** Adopts `css` into `doc` once (a second call with the same text does nothing). */
export function adoptStyles(doc: Document, css: string): void {
  let seen = adopted.get(doc);
  if (!seen) {
    seen = new Set();
    adopted.set(doc, seen);
  }
  if (seen.has(css)) return;
  seen.add(css);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
}
