/**
 * The `.imsim` file format (src/extension/notebook/notebookFormat.ts): round trip of every kind of
 * cell and output, stable key order (same notebook → same bytes, whatever order keys came in),
 * readable diffs (sources as lines), and clear errors for files that are not notebooks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNotebook, stringifyNotebook, type RawNotebook } from '../../../src/extension/notebook/notebookFormat';

const enc = (s: string) => new TextEncoder().encode(s);

const notebook: RawNotebook = {
  metadata: { zeta: 1, alpha: { y: 2, x: 1 } },
  cells: [
    { kind: 'markdown', language: 'markdown', source: '# Epoch 10 vs 20\n\nOn the validation set.', outputs: [] },
    {
      kind: 'code',
      language: 'imsim',
      source: 'compare out/a.png with gt/a.png\r\nmetrics psnr ssim\n',
      outputs: [{
        items: [
          { mime: 'application/vnd.image-similarity.result+json', data: enc(JSON.stringify({ type: 'pair', metrics: { ssim: 0.9123456789012345, psnr: 31.5 }, a: 'out/a.png' })) },
          { mime: 'text/plain', data: enc('PSNR 31.5 dB\nSSIM 0.912346') },
          { mime: 'image/png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255, 128]) },
        ],
        metadata: { b: true, a: 'x' },
      }],
      execution: { success: true, order: 3, startTime: 1700000000000, endTime: 1700000000456 },
      metadata: { collapsed: false },
    },
    {
      kind: 'code',
      language: 'imsim',
      source: 'compare a with b',
      outputs: [{ items: [{ mime: 'application/vnd.code.notebook.error', data: enc(JSON.stringify({ name: 'Error', message: 'line 1: …', stack: '' })) }] }],
      execution: { success: false },
    },
    { kind: 'code', language: 'imsim', source: '', outputs: [] },
  ],
};

function normalise(nb: RawNotebook): unknown {
  // JSON outputs are stored with sorted keys: compare them as parsed values.
  return {
    ...nb,
    cells: nb.cells.map((c) => ({
      ...c,
      outputs: c.outputs.map((o) => ({
        ...o,
        items: o.items.map((i) => (i.mime.endsWith('json') || i.mime.endsWith('.error') ? { mime: i.mime, value: JSON.parse(new TextDecoder().decode(i.data)) } : { mime: i.mime, bytes: [...i.data] })),
      })),
    })),
  };
}

test('round trip: cells, sources (CRLF, no final newline, empty), outputs (JSON, text, bytes), metadata, execution', () => {
  const text = stringifyNotebook(notebook);
  const back = parseNotebook(text);
  assert.deepEqual(normalise(back), normalise(notebook));
  assert.equal(back.cells[1]?.source, notebook.cells[1]?.source);
  assert.equal(back.cells[0]?.source, notebook.cells[0]?.source);
  assert.equal(stringifyNotebook(back), text, 'writing what was read gives the same bytes');
});

test('stable key order and readable layout: same content → same bytes; sources as lines', () => {
  const shuffled: RawNotebook = {
    metadata: { alpha: { x: 1, y: 2 }, zeta: 1 },
    cells: notebook.cells.map((c) => ({
      ...c,
      outputs: c.outputs.map((o) => ({
        ...o,
        items: o.items.map((i) => (i.mime.endsWith('+json') ? { mime: i.mime, data: enc(JSON.stringify({ a: 'out/a.png', metrics: { psnr: 31.5, ssim: 0.9123456789012345 }, type: 'pair' })) } : i)),
      })),
    })),
  };
  const text = stringifyNotebook(notebook);
  assert.equal(stringifyNotebook(shuffled), text);
  const file = JSON.parse(text);
  assert.deepEqual(Object.keys(file), ['imsim', 'metadata', 'cells']);
  assert.deepEqual(Object.keys(file.cells[1]), ['kind', 'language', 'source', 'metadata', 'outputs', 'execution']);
  assert.deepEqual(file.cells[1].source, ['compare out/a.png with gt/a.png\r\n', 'metrics psnr ssim\n']);
  assert.deepEqual(Object.keys(file.cells[1].outputs[0].items[0].json), ['a', 'metrics', 'type']);
  assert.equal(file.cells[1].outputs[0].items[0].json.metrics.ssim, 0.9123456789012345, 'full precision kept');
  assert.equal(file.cells[1].outputs[0].items[1].text, 'PSNR 31.5 dB\nSSIM 0.912346');
  assert.equal(file.cells[1].outputs[0].items[2].base64, 'iVBORwD/gA==');
  assert.ok(text.endsWith('}\n'));
  assert.match(text, /^\{\n {2}"imsim": 1,\n/);
});

test('empty files, old-style string sources, and clear errors for what is not a notebook', () => {
  assert.deepEqual(parseNotebook(''), { cells: [] });
  assert.equal(parseNotebook('{"imsim":1,"cells":[{"kind":"code","source":"compare a with b"}]}').cells[0]?.source, 'compare a with b');
  assert.throws(() => parseNotebook('{"cells": ['), /not valid JSON .*; fix the file in a text editor or start a new notebook/);
  assert.throws(() => parseNotebook('[]'), /expected a JSON object with "imsim" and "cells"/);
  assert.throws(() => parseNotebook('{"cells": []}'), /"imsim" \(the format version\) is missing; this is not an Image Similarity notebook/);
  assert.throws(() => parseNotebook('{"imsim": 2, "cells": []}'), /format version 2 is newer than this extension reads \(1\); update Image Similarity/);
  assert.throws(() => parseNotebook('{"imsim": 1, "cells": [{"kind": "raw"}]}'), /cell 1: "kind" must be "markdown" or "code"/);
  assert.throws(() => parseNotebook('{"imsim": 1, "cells": [{"kind": "code", "source": "", "outputs": [{"items": [{"mime": "x/y"}]}]}]}'), /cell 1, output 1: output item x\/y has no "json", "text" or "base64"/);
});
