// PngSuite conformance (test/fixtures/conformance/png/manifest.json, README.md there): every file
// decodes to the manifest's 8-bit RGBA hash, 16-bit files keep 16 bits (rgba16le hash), the
// RGB the metrics see equals the rgb-reference PNG, and every x*.png is refused with its reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { decodeImage, PNG_DECODER } from '../../../src/decode/index';
import { pngDir, readBytes, rgba16le, rgba8, rgbSamples, sha256 } from './helpers';

interface PngEntry {
  file: string;
  bit_depth: number;
  color_type: number;
  width: number;
  height: number;
  expect_error: boolean;
  exercises: string;
  rgba8_sha256?: string;
  rgba16le_sha256?: string;
  rgb_reference?: string;
}

const manifest = JSON.parse(readFileSync(join(pngDir, 'manifest.json'), 'utf8')) as PngEntry[];

/** What each x*.png refusal must say (PngSuite's stated defect). */
const EXPECTED_REASON: Record<string, RegExp> = {
  'xc1n0g08.png': /invalid colour type 1/,
  'xc9n2c08.png': /invalid colour type 9/,
  'xcrn0g04.png': /signature is damaged/,
  'xcsn0g01.png': /CRC error in the IDAT chunk/,
  'xd0n2c08.png': /invalid bit depth 0/,
  'xd3n2c08.png': /invalid bit depth 3/,
  'xd9n2c08.png': /invalid bit depth 99/,
  'xdtn0g01.png': /IDAT chunk missing/,
  'xhdn0g08.png': /CRC error in the IHDR/,
  'xlfn0g04.png': /signature is damaged/,
  'xs1n0g01.png': /signature is damaged/,
  'xs2n0g01.png': /signature is damaged/,
  'xs4n0g01.png': /signature is damaged/,
  'xs7n0g01.png': /signature is damaged/,
};

describe('PngSuite conformance', () => {
  it('covers all 175 files, 14 of them corrupt', () => {
    assert.equal(manifest.length, 175);
    assert.equal(manifest.filter((e) => e.expect_error).length, 14);
    assert.deepEqual(Object.keys(EXPECTED_REASON).sort(), manifest.filter((e) => e.expect_error).map((e) => e.file).sort());
  });

  for (const entry of manifest) {
    if (entry.expect_error) {
      it(`${entry.file} is refused (${entry.exercises})`, () => {
        assert.throws(
          () => decodeImage(readBytes(join(pngDir, entry.file)), { name: entry.file }),
          (err: unknown) => {
            assert.ok(err instanceof InputError, `expected InputError, got ${String(err)}`);
            assert.equal(err.file, entry.file);
            assert.ok(err.message.startsWith(`${entry.file}: `), err.message);
            assert.match(err.message, EXPECTED_REASON[entry.file]);
            return true;
          },
        );
      });
      continue;
    }
    it(`${entry.file} (${entry.exercises})`, () => {
      const result = decodeImage(readBytes(join(pngDir, entry.file)), { name: entry.file });
      assert.equal(result.format, 'png');
      assert.equal(result.decoder, PNG_DECODER);
      assert.equal(result.image.width, entry.width);
      assert.equal(result.image.height, entry.height);
      assert.equal(result.sourceBitDepth, entry.bit_depth);
      assert.equal(result.image.bitDepth, entry.bit_depth === 16 ? 16 : 8);
      assert.equal(result.image.data instanceof (entry.bit_depth === 16 ? Uint16Array : Uint8Array), true);
      assert.equal(result.image.channels, entry.color_type === 0 || entry.color_type === 4 ? 1 : 3);
      assert.equal(result.image.data.length, entry.width * entry.height * result.image.channels);
      assert.equal(result.hasAlpha, entry.color_type >= 4 || result.alpha !== undefined);
      assert.equal(sha256(rgba8(result)), entry.rgba8_sha256, 'rgba8_sha256');
      if (entry.rgba16le_sha256) assert.equal(sha256(rgba16le(result)), entry.rgba16le_sha256, 'rgba16le_sha256');
      if (entry.rgb_reference) {
        const reference = decodeImage(readBytes(join(pngDir, entry.rgb_reference)), { name: entry.rgb_reference });
        assert.equal(reference.image.bitDepth, result.image.bitDepth);
        assert.equal(reference.image.width, result.image.width);
        assert.equal(reference.image.height, result.image.height);
        assert.deepEqual(rgbSamples(result), rgbSamples(reference), 'RGB differs from the rgb-reference PNG');
      }
    });
  }

  it('reports transparency only where a pixel is not opaque', () => {
    const opaque = decodeImage(readBytes(join(pngDir, 'basn2c08.png')), { name: 'basn2c08.png' });
    assert.equal(opaque.hasAlpha, false);
    assert.equal(opaque.anyTransparent, false);
    assert.deepEqual(opaque.notices, []);
    const trns = decodeImage(readBytes(join(pngDir, 'tbrn2c08.png')), { name: 'tbrn2c08.png' });
    assert.equal(trns.hasAlpha, true);
    assert.equal(trns.anyTransparent, true);
    assert.match(trns.notices.join('\n'), /transparent pixels/);
  });

  it('names colour-profile chunks without applying them', () => {
    assert.equal(decodeImage(readBytes(join(pngDir, 'g04n0g16.png')), { name: 'g' }).colorProfile, 'gAMA 0.45');
    assert.match(decodeImage(readBytes(join(pngDir, 'ccwn2c08.png')), { name: 'c' }).colorProfile ?? '', /cHRM/);
    assert.equal(decodeImage(readBytes(join(pngDir, 'PngSuite.png')), { name: 'p' }).colorProfile, undefined);
  });
});
