/**
 * The `.imsim` file format, without VS Code: JSON with a fixed key order, 2-space indent and a final
 * newline, so diffs of a notebook in a repository are readable and stable.
 *
 * ```json
 * { "imsim": 1, "metadata": {…}, "cells": [
 *   { "kind": "markdown", "source": ["# epoch 10 vs 20"] },
 *   { "kind": "code", "language": "imsim", "source": ["compare a/ with b/"],
 *     "outputs": [{ "items": [{ "mime": "application/vnd.image-similarity.result+json", "json": {…} }] }],
 *     "execution": { "success": true, "order": 3, "startTime": …, "endTime": … } } ] }
 * ```
 * Sources are stored as arrays of lines (one line per diff hunk line). Output items whose MIME
 * type is JSON are stored as JSON values (`json`), text as text (`text`), anything else as base64
 * (`base64`). Keys of stored JSON values are sorted, so the same result always writes the same bytes.
 */

/** The version this code writes. */
export const FORMAT_VERSION = 1;

/** One output item as raw bytes (the serializer's view). */
export interface RawOutputItem {
  readonly mime: string;
  readonly data: Uint8Array;
}

/** One output of a cell. */
export interface RawOutput {
  readonly items: readonly RawOutputItem[];
  readonly metadata?: { readonly [key: string]: unknown };
}

/** How the last run ended. */
export interface RawExecution {
  readonly success?: boolean;
  readonly order?: number;
  readonly startTime?: number;
  readonly endTime?: number;
}

/** One cell. */
export interface RawCell {
  readonly kind: 'markdown' | 'code';
  readonly language: string;
  readonly source: string;
  readonly outputs: readonly RawOutput[];
  readonly metadata?: { readonly [key: string]: unknown };
  readonly execution?: RawExecution;
}

/** A whole notebook. */
export interface RawNotebook {
  readonly cells: readonly RawCell[];
  readonly metadata?: { readonly [key: string]: unknown };
}

/** Thrown for a file that is not an `.imsim` notebook; the message says what was wrong. */
export class NotebookFormatError extends Error {
  override readonly name = 'NotebookFormatError';
}

/** Sorts object keys recursively (arrays keep their order). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json') || mime === 'application/vnd.code.notebook.error';
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'application/vnd.code.notebook.stdout' || mime === 'application/vnd.code.notebook.stderr';
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const textEncoder = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function splitLines(source: string): string[] {
  // Keep the line ends so that join('') restores the text exactly (including \r\n and no final newline).
  return source.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function storedItem(item: RawOutputItem): Record<string, unknown> {
  if (isJsonMime(item.mime)) {
    try {
      return { mime: item.mime, json: sortKeys(JSON.parse(textDecoder.decode(item.data))) };
    } catch {
      // Not valid JSON after all: keep the bytes.
    }
  }
  if (isTextMime(item.mime)) {
    try {
      return { mime: item.mime, text: textDecoder.decode(item.data) };
    } catch {
      // Not UTF-8: keep the bytes.
    }
  }
  return { mime: item.mime, base64: toBase64(item.data) };
}

/** The file's text for a notebook. */
export function stringifyNotebook(notebook: RawNotebook): string {
  const cells = notebook.cells.map((cell) => {
    const out: Record<string, unknown> = { kind: cell.kind };
    if (cell.kind === 'code') out.language = cell.language;
    out.source = splitLines(cell.source);
    if (cell.metadata && Object.keys(cell.metadata).length > 0) out.metadata = sortKeys(cell.metadata);
    if (cell.kind === 'code') {
      out.outputs = cell.outputs.map((o) => ({
        items: o.items.map(storedItem),
        ...(o.metadata && Object.keys(o.metadata).length > 0 ? { metadata: sortKeys(o.metadata) } : {}),
      }));
      if (cell.execution && Object.keys(cell.execution).length > 0) {
        const e = cell.execution;
        out.execution = {
          ...(e.success !== undefined ? { success: e.success } : {}),
          ...(e.order !== undefined ? { order: e.order } : {}),
          ...(e.startTime !== undefined ? { startTime: e.startTime } : {}),
          ...(e.endTime !== undefined ? { endTime: e.endTime } : {}),
        };
      }
    }
    return out;
  });
  const file: Record<string, unknown> = { imsim: FORMAT_VERSION };
  if (notebook.metadata && Object.keys(notebook.metadata).length > 0) file.metadata = sortKeys(notebook.metadata);
  file.cells = cells;
  return `${JSON.stringify(file, null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sourceText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((l) => typeof l === 'string')) return value.join('');
  throw new NotebookFormatError(`${where}: "source" must be a string or an array of lines`);
}

function readItem(value: unknown, where: string): RawOutputItem {
  if (!isRecord(value) || typeof value.mime !== 'string') throw new NotebookFormatError(`${where}: an output item needs a "mime" string`);
  if ('json' in value) return { mime: value.mime, data: textEncoder.encode(JSON.stringify(value.json)) };
  if (typeof value.text === 'string') return { mime: value.mime, data: textEncoder.encode(value.text) };
  if (typeof value.base64 === 'string') {
    try {
      return { mime: value.mime, data: fromBase64(value.base64) };
    } catch {
      throw new NotebookFormatError(`${where}: "base64" of ${value.mime} is not valid base64`);
    }
  }
  throw new NotebookFormatError(`${where}: output item ${value.mime} has no "json", "text" or "base64"`);
}

/** Parses a file's text; an empty file is an empty notebook. Throws NotebookFormatError with the reason. */
export function parseNotebook(text: string): RawNotebook {
  if (text.trim() === '') return { cells: [] };
  let file: unknown;
  try {
    file = JSON.parse(text);
  } catch (error) {
    throw new NotebookFormatError(`not valid JSON (${error instanceof Error ? error.message : String(error)}); fix the file in a text editor or start a new notebook`);
  }
  if (!isRecord(file)) throw new NotebookFormatError('expected a JSON object with "imsim" and "cells"');
  if (typeof file.imsim !== 'number') throw new NotebookFormatError('"imsim" (the format version) is missing; this is not an Image Similarity notebook');
  if (file.imsim > FORMAT_VERSION) throw new NotebookFormatError(`format version ${file.imsim} is newer than this extension reads (${FORMAT_VERSION}); update Image Similarity`);
  if (!Array.isArray(file.cells)) throw new NotebookFormatError('"cells" must be an array');
  const cells = file.cells.map((cell: unknown, index: number): RawCell => {
    const where = `cell ${index + 1}`;
    if (!isRecord(cell) || (cell.kind !== 'markdown' && cell.kind !== 'code')) throw new NotebookFormatError(`${where}: "kind" must be "markdown" or "code"`);
    const outputs = Array.isArray(cell.outputs) ? cell.outputs : [];
    const execution = isRecord(cell.execution) ? cell.execution : undefined;
    return {
      kind: cell.kind,
      language: cell.kind === 'markdown' ? 'markdown' : typeof cell.language === 'string' ? cell.language : 'imsim',
      source: sourceText(cell.source ?? '', where),
      outputs: outputs.map((o: unknown, j: number) => {
        if (!isRecord(o) || !Array.isArray(o.items)) throw new NotebookFormatError(`${where}, output ${j + 1}: "items" must be an array`);
        return { items: o.items.map((item: unknown) => readItem(item, `${where}, output ${j + 1}`)), ...(isRecord(o.metadata) ? { metadata: o.metadata } : {}) };
      }),
      ...(isRecord(cell.metadata) ? { metadata: cell.metadata } : {}),
      ...(execution
        ? {
          execution: {
            ...(typeof execution.success === 'boolean' ? { success: execution.success } : {}),
            ...(typeof execution.order === 'number' ? { order: execution.order } : {}),
            ...(typeof execution.startTime === 'number' ? { startTime: execution.startTime } : {}),
            ...(typeof execution.endTime === 'number' ? { endTime: execution.endTime } : {}),
          },
        }
        : {}),
    };
  });
  return { cells, ...(isRecord(file.metadata) ? { metadata: file.metadata } : {}) };
}
