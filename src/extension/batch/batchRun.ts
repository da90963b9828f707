/**
 * The batch engine's file access in the extension host: lists folders and reads files with
 * `workspace.fs` (so remote workspaces work) and shows workspace-relative paths, which equal the
 * paths `imsim batch` prints when run from the workspace root with relative folders.
 */
import * as vscode from 'vscode';
import { isCandidateImage } from '../../core/pairing';
import type { BatchFiles } from '../../worker/batchEngine';

/** Lists candidate images below `root`, recursively, as `/`-separated relative paths; skips dot-names (as `imsim batch`). */
export async function listFolderImages(root: vscode.Uri): Promise<string[]> {
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(root);
  } catch {
    throw new Error(`${vscode.workspace.asRelativePath(root, false)}: no such folder. Choose an existing folder.`);
  }
  if ((stat.type & vscode.FileType.Directory) === 0) {
    throw new Error(`${vscode.workspace.asRelativePath(root, false)}: is not a folder; Compare Folders compares two folders.`);
  }
  const found: string[] = [];
  const walk = async (dir: vscode.Uri, prefix: string): Promise<void> => {
    const entries = await vscode.workspace.fs.readDirectory(dir);
    for (const [name, type] of entries) {
      if (name.startsWith('.')) continue;
      const rel = prefix ? `${prefix}/${name}` : name;
      // Never follow folder links: they can loop.
      if ((type & vscode.FileType.Directory) !== 0 && (type & vscode.FileType.SymbolicLink) === 0) await walk(vscode.Uri.joinPath(dir, name), rel);
      else if ((type & vscode.FileType.File) !== 0 && isCandidateImage(name)) found.push(rel);
    }
  };
  await walk(root, '');
  return found;
}

/** A file below a folder, from a `/`-separated relative path. */
export function uriAt(folder: vscode.Uri, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(folder, ...relative.split('/'));
}

/** Workspace-relative path of a URI (the full path outside the workspace). */
export function workspacePath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

/** The engine's view of two workspace folders. */
export function workspaceBatchFiles(folderA: vscode.Uri, folderB: vscode.Uri): BatchFiles {
  const folder = (side: 'a' | 'b') => (side === 'a' ? folderA : folderB);
  return {
    list: (side) => listFolderImages(folder(side)),
    read: async (side, relative) => {
      const uri = uriAt(folder(side), relative);
      try {
        return await vscode.workspace.fs.readFile(uri);
      } catch (error) {
        throw new Error(`${workspacePath(uri)}: cannot read the file (${error instanceof Error ? error.message : String(error)})`);
      }
    },
    display: (side, relative) => workspacePath(uriAt(folder(side), relative)),
  };
}
