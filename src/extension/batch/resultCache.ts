/**
 * Batch results cached by the content hash of both files and the recipe, so re-running after a
 * training step recomputes only the pairs whose bytes changed. Kept in memory and saved as one JSON
 * file in the extension's global storage (never next to the user's images).
 */
import * as vscode from 'vscode';
import type { BatchCacheStore } from '../../worker/batchEngine';

/** Entries kept at most (oldest dropped first): about 200 bytes each on disk. */
const MAX_ENTRIES = 100_000;
const FILE_NAME = 'batch-cache-v1.json';

/** A bounded key → value map that can be saved to and loaded from a file. */
export class ResultCache implements BatchCacheStore {
  private readonly entries = new Map<string, unknown>();
  private dirty = false;
  private loaded?: Promise<void>;

  constructor(private readonly storage: vscode.Uri | undefined) {}

  /** Number of entries. */
  get size(): number {
    return this.entries.size;
  }

  /** Reads the saved cache once (a missing or broken file is an empty cache). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.storage) return;
      try {
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storage, FILE_NAME)));
        const saved = JSON.parse(text) as { version?: unknown; entries?: unknown };
        if (saved.version !== 1 || !Array.isArray(saved.entries)) return;
        for (const entry of saved.entries) {
          if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string') this.entries.set(entry[0], entry[1]);
        }
      } catch {
        // First run, or a file from an older version: start empty.
      }
    })();
    return this.loaded;
  }

  /** The cached value, or undefined. */
  get(key: string): unknown {
    const value = this.entries.get(key);
    if (value !== undefined) {
      // Refresh its age: Map iteration order is insertion order.
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  /** Stores a value, dropping the oldest entries beyond the limit. */
  set(key: string, value: unknown): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    this.dirty = true;
    while (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forgets everything (memory and file). */
  async clear(): Promise<void> {
    this.entries.clear();
    this.dirty = true;
    await this.save();
  }

  /** Writes the cache when it changed. */
  async save(): Promise<void> {
    if (!this.storage || !this.dirty) return;
    this.dirty = false;
    try {
      await vscode.workspace.fs.createDirectory(this.storage);
      const text = JSON.stringify({ version: 1, entries: [...this.entries] });
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.storage, FILE_NAME), new TextEncoder().encode(text));
    } catch (error) {
      console.warn('Image Similarity: could not save the batch cache', error);
    }
  }
}
