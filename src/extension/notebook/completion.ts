/**
 * Completion in `.imsim` cells: clause keywords, metric names, SSIM variants, channel modes, and
 * workspace paths (folders end with `/`, images by extension) after `compare` and `with`.
 */
import * as vscode from 'vscode';
import { CELL_KEYWORDS, completionContext } from '../../core/cellLanguage';
import { isCandidateImage } from '../../core/pairing';
import { CHANNEL_MODES, METRIC_NAMES, RECIPE_OPTIONS, SSIM_VARIANTS, metricSpec, recipeOption } from '../../core/registry';
import { cellBase, resolveCellPath } from './cellPaths';

/** One line per clause keyword; metric names and recipe values come from the registry. */
const KEYWORD_DOCS: Readonly<Record<string, string>> = {
  compare: 'compare A with B — two images, or two folders ending with /',
  metrics: `metrics ${METRIC_NAMES.join(' ')}`,
  ...Object.fromEntries(RECIPE_OPTIONS.map((o) => [o.cell, o.kind === 'enum'
    ? `${o.cell} ${(o.choices ?? []).map((c) => c.value).join(' | ')}`
    : `${o.cell} ${o.kind === 'nonNegativeInteger' ? 'N' : 'R'} — ${o.valueHelp}`])),
  filter: 'filter GLOB — folder cells only',
  worst: 'worst N — worst pairs shown by a folder cell',
};

const METRIC_DOCS: Readonly<Record<string, string>> = Object.fromEntries(METRIC_NAMES.map((m) => [m, `${metricSpec(m).title}: ${metricSpec(m).description}`]));

function choiceDocs(key: 'ssimVariant' | 'channel'): Readonly<Record<string, string>> {
  return Object.fromEntries((recipeOption(key).choices ?? []).map((c) => [c.value, c.label]));
}

/** Provides the completions. */
export class ImsimCompletionProvider implements vscode.CompletionItemProvider {
  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const line = document.lineAt(position.line).text;
    const context = completionContext(line, position.character);
    const word = (prefix: string) => new vscode.Range(position.translate(0, -prefix.length), position);
    const simple = (labels: readonly string[], prefix: string, kind: vscode.CompletionItemKind, docs?: Readonly<Record<string, string>>) =>
      labels.map((label) => {
        const item = new vscode.CompletionItem(label, kind);
        item.range = word(prefix);
        if (docs?.[label]) item.detail = docs[label];
        return item;
      });
    switch (context.kind) {
      case 'keyword':
        return simple(CELL_KEYWORDS, context.prefix, vscode.CompletionItemKind.Keyword, KEYWORD_DOCS);
      case 'metric':
        return simple(METRIC_NAMES.filter((m) => !context.used.includes(m)), context.prefix, vscode.CompletionItemKind.EnumMember, METRIC_DOCS);
      case 'ssimVariant':
        return simple(SSIM_VARIANTS, context.prefix, vscode.CompletionItemKind.EnumMember, choiceDocs('ssimVariant'));
      case 'channel':
        return simple(CHANNEL_MODES, context.prefix, vscode.CompletionItemKind.EnumMember, choiceDocs('channel'));
      case 'with':
        return simple(['with'], '', vscode.CompletionItemKind.Keyword);
      case 'path':
        return this.paths(document, context.folder, context.prefix.slice(context.folder.length), position);
      case 'none':
        return [];
      default: {
        const never: never = context;
        return never;
      }
    }
  }

  private async paths(document: vscode.TextDocument, folder: string, namePrefix: string, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const notebook = vscode.workspace.notebookDocuments.find((nb) => nb.getCells().some((c) => c.document === document));
    const base = cellBase(notebook?.uri ?? document.uri);
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(resolveCellPath(base, folder));
    } catch {
      return [];
    }
    const range = new vscode.Range(position.translate(0, -namePrefix.length), position);
    const items: vscode.CompletionItem[] = [];
    for (const [name, type] of entries) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const isFolder = (type & vscode.FileType.Directory) !== 0;
      if (!isFolder && !isCandidateImage(name)) continue;
      const item = new vscode.CompletionItem(isFolder ? `${name}/` : name, isFolder ? vscode.CompletionItemKind.Folder : vscode.CompletionItemKind.File);
      item.range = range;
      item.sortText = `${isFolder ? '0' : '1'}${name}`;
      if (isFolder) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      items.push(item);
    }
    return items;
  }
}
