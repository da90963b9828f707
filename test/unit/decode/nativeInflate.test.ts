/**
 * Node's zlib (used by the worker and the CLI) and the TypeScript inflater (used by the webview)
 * must give the same pixels and refuse the same files: every PngSuite file and corpus PNG, plus
 * seeded damage to compressed data.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeImage } from '../../../src/decode/index';
import { setZlibInflater } from '../../../src/decode/inflate';
import { nativeZlibInflate } from '../../../src/decode/nodeWasm';
import { CONFORMANCE } from '../../helpers/paths';

function outcome(bytes: Uint8Array, name: string, native: boolean): string {
  setZlibInflater(native ? nativeZlibInflate : undefined);
  try {
    const r = decodeImage(bytes, { name });
    return `ok ${r.image.width}x${r.image.height} ${Buffer.from(r.image.data.buffer, r.image.data.byteOffset, r.image.data.byteLength).toString('base64').length}:${hash(r.image.data)}`;
  } catch (error) {
    // Both must refuse; the zlib wording differs, the class of problem must not.
    return `error ${/image data|zlib/.test((error as Error).message) ? 'data' : (error as Error).message}`;
  } finally {
    setZlibInflater(undefined);
  }
}

function hash(data: Uint8Array | Uint16Array): number {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  let h = 2166136261;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i] as number), 16777619);
  return h >>> 0;
}

test('native zlib and the TypeScript inflater agree on every PngSuite file and damaged copies', () => {
  const dir = join(CONFORMANCE, 'png');
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  let compared = 0;
  let refusedBoth = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.png')).sort()) {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    assert.equal(outcome(bytes, file, true), outcome(bytes, file, false), file);
    compared++;
    // Truncate the file's compressed data: both must refuse (CRCs stay valid for earlier chunks only).
    for (let k = 0; k < 3; k++) {
      const cut = bytes.slice(0, 40 + Math.floor(rand() * (bytes.length - 40)));
      const a = outcome(cut, file, true);
      assert.equal(a, outcome(cut, file, false), `${file} cut to ${cut.length}`);
      if (a.startsWith('error')) refusedBoth++;
      compared++;
    }
  }
  assert.ok(compared > 600 && refusedBoth > 300, `${compared} compared, ${refusedBoth} refused by both`);
});
