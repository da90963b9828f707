/**
 * Reading a file's HEAD version through the built-in Git extension (`vscode.git`, API version 1).
 * Binary-safe: `Repository.buffer()` returns the blob's bytes; `show()` would decode them as text
 * and corrupt every PNG.
 */
import * as vscode from 'vscode';

/** The slice of the Git extension's API used here (extensions/git/src/api/git.d.ts). */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  buffer(ref: string, path: string): Promise<Uint8Array>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
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
