/**
 * Turning a FileSource (a workspace file or its Git HEAD version) into bytes and labels.
 */
import * as vscode from 'vscode';
import type { FileSource } from '../protocol/compare';
import { readHeadBytes } from './git';

/** The source's URI. */
export function sourceUri(source: FileSource): vscode.Uri {
  return vscode.Uri.parse(source.uri, true);
}

/** File name shown on the image and in the title. */
export function sourceLabel(source: FileSource): string {
  const name = sourceUri(source).path.split('/').pop() ?? source.uri;
  return source.kind === 'gitHead' ? `${name} (HEAD)` : name;
}

/** Workspace-relative path (or the full path outside the workspace), with "HEAD:" for Git sources. */
export function sourcePath(source: FileSource): string {
  const relative = vscode.workspace.asRelativePath(sourceUri(source), false);
  return source.kind === 'gitHead' ? `HEAD:${relative}` : relative;
}

/** Reads the encoded bytes. Throws an Error whose message names the file and the reason. */
export async function readSource(source: FileSource): Promise<Uint8Array> {
  const uri = sourceUri(source);
  switch (source.kind) {
    case 'file':
      try {
        return await vscode.workspace.fs.readFile(uri);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Cannot read ${sourcePath(source)}: ${reason}`);
      }
    case 'gitHead':
      return readHeadBytes(uri);
    default: {
      const never: never = source;
      throw new Error(`unknown file source ${JSON.stringify(never)}`);
    }
  }
}

/** Validates a FileSource that came back from persisted webview state. */
export function isFileSource(value: unknown): value is FileSource {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { kind?: unknown; uri?: unknown };
  return (v.kind === 'file' || v.kind === 'gitHead') && typeof v.uri === 'string';
}
