// Our PNG decoder against pngjs 7.0.0 as an independent oracle: identical samples (RGB and
// alpha; 16-bit with skipRescale) for every valid PngSuite file and every PNG in the reference
// corpus (real encoder output: dynamic Huffman blocks, long matches, all filter types).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { decodeImage } from '../../../src/decode/index';
import { fixturesDir, pngDir, readBytes } from './helpers';

function listPngs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listPngs(p));
    else if (name.endsWith('.png')) out.push(p);
  }
  return out.sort();
}

const files = [
  ...readdirSync(pngDir).filter((f) => f.endsWith('.png') && !f.startsWith('x')).map((f) => join(pngDir, f)),
  ...listPngs(join(fixturesDir, 'reference', 'corpus')),
];

describe('PNG decoder equals pngjs 7.0.0', () => {
  it('has files to compare', () => assert.ok(files.length > 170, String(files.length)));
  for (const path of files) {
    it(path.slice(fixturesDir.length + 1), () => {
      const ours = decodeImage(readBytes(path), { name: path });
      const theirs = PNG.sync.read(readFileSync(path), { skipRescale: ours.image.bitDepth === 16 });
      const rgba = theirs.data as unknown as ArrayLike<number>;
      const { width, height, channels, data } = ours.image;
      assert.equal(theirs.width, width);
      assert.equal(theirs.height, height);
      for (let p = 0; p < width * height; p++) {
        const a = ours.alpha ? ours.alpha[p] : ours.image.bitDepth === 16 ? 65535 : 255;
        // pngjs zeroes the RGB of pixels that match a gray/RGB tRNS key colour; we keep them.
        const keyed = ours.alpha !== undefined && a === 0 && rgba[4 * p] === 0 && rgba[4 * p + 1] === 0 && rgba[4 * p + 2] === 0;
        for (let c = 0; c < 3; c++) {
          const v = data[channels === 1 ? p : 3 * p + c];
          if (v !== rgba[4 * p + c] && !keyed) assert.fail(`pixel ${p} channel ${c}: ours ${v}, pngjs ${rgba[4 * p + c]}`);
        }
        if (a !== rgba[4 * p + 3]) assert.fail(`pixel ${p} alpha: ours ${a}, pngjs ${rgba[4 * p + 3]}`);
      }
    });
  }
});
