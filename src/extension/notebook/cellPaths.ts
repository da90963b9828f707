/**
 * Where a cell's paths point: relative paths start at the notebook's workspace folder (else the
 * notebook's own folder); absolute paths are used as they are. Light, so completion can use it.
 */
import * as vscode from 'vscode';

/** A path of a cell as a URI: absolute paths as they are, others relative to `base`. */
export function resolveCellPath(base: vscode.Uri, path: string): vscode.Uri {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return base.scheme === 'file' ? vscode.Uri.file(path) : base.with({ path: path.replace(/\\/g, '/') });
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length > 0 ? vscode.Uri.joinPath(base, ...segments) : base;
}

/** The folder a notebook's relative paths start from: its workspace folder, else its own folder. */
export function cellBase(notebookUri: vscode.Uri): vscode.Uri {
  return vscode.workspace.getWorkspaceFolder(notebookUri)?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.joinPath(notebookUri, '..');
}
