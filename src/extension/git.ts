/**
 * Reading a file's HEAD version through the built-in Git extension (`vscode.git`, API version 1).
 * Binary-safe: `Repository.buffer()` returns the blob's bytes; `show()` would decode them as text
 * and corrupt every PNG.
 */
import * as vscode from 'vscode';

/** The slice of the Git extension's API used here (extensions/git/src/api/git.d.ts). */
interface GitChange {
  readonly uri: vscode.Uri;
  /** git.d.ts `Status`: 0 INDEX_MODIFIED, 1 INDEX_ADDED, 2 INDEX_DELETED, 3 INDEX_RENAMED, 5 MODIFIED, 6 DELETED, 7 UNTRACKED, … */
  readonly status: number;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly workingTreeChanges: readonly GitChange[]; readonly indexChanges: readonly GitChange[]; readonly mergeChanges: readonly GitChange[] };
  buffer(ref: string, path: string): Promise<Uint8Array>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}

/** Statuses with both a HEAD version and a working-tree file: modified, renamed, copied, type changed, merge states. */
const COMPARABLE_STATUS = new Set([0, 3, 4, 5, 11, 12, 13, 14, 15, 16, 17, 18]);
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  const git = extension.isActive ? extension.exports : await extension.activate();
  return git.enabled ? git.getAPI(1) : undefined;
}

/**
 * The changed files of every open Git repository that have a HEAD version and a working-tree file
 * and pass `keep` (e.g. PNG/JPEG by name), without duplicates (a file can be staged and modified).
 */
export async function changedFilesWithHead(keep: (uri: vscode.Uri) => boolean): Promise<vscode.Uri[]> {
  const api = await gitApi();
  if (!api) return [];
  const seen = new Map<string, vscode.Uri>();
  for (const repository of api.repositories) {
    const { workingTreeChanges, indexChanges, mergeChanges } = repository.state;
    for (const change of [...workingTreeChanges, ...indexChanges, ...mergeChanges]) {
      if (COMPARABLE_STATUS.has(change.status) && keep(change.uri)) seen.set(change.uri.toString(), change.uri);
    }
  }
  return [...seen.values()];
}

/** The bytes of `uri` as committed in HEAD. Throws an Error whose message names the file and the reason. */
export async function readHeadBytes(uri: vscode.Uri): Promise<Uint8Array> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) throw new Error(`Cannot read the HEAD version of ${uri.fsPath}: the built-in Git extension is not available.`);
  const git = extension.isActive ? extension.exports : await extension.activate();
  if (!git.enabled) throw new Error(`Cannot read the HEAD version of ${uri.fsPath}: Git is disabled (setting git.enabled).`);
  const api = git.getAPI(1);
  let repository = api.getRepository(uri);
  // The Git extension discovers repositories asynchronously after activation.
  for (let i = 0; !repository && i < 20; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    repository = api.getRepository(uri);
  }
  if (!repository) throw new Error(`Cannot read the HEAD version of ${uri.fsPath}: it is not inside an open Git repository.`);
  try {
    return new Uint8Array(await repository.buffer('HEAD', uri.fsPath));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(`Cannot read the HEAD version of ${uri.fsPath}: ${reason} (is the file committed?)`);
  }
}
