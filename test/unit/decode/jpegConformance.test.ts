// JPEG conformance (test/fixtures/conformance/jpeg/manifest.json): every file decodes or is refused
// as `expect` says, by the decoder its header calls for; libjpeg-turbo output equals djpeg's
// (bit for bit by hash, and within 1 level of the reference PNG); CMYK via jpeg-js ≥ 40 dB.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { chooseJpegDecoder, decodeImage, JPEG_JS_DECODER, JPEG_TURBO_DECODER, readImageHeader } from '../../../src/decode/index';
import { jpegDir, readBytes, rgba8, rgbSamples, sha256 } from './helpers';

interface JpegEntry {
  file: string;
  sof: string;
  precision: number;
  width: number;
  height: number;
  components: { id: number }[];
  adobe_transform: number | null;
  expect: 'decode' | 'error';
  expect_reason?: string;
  reference_decode?: string;
  djpeg_libjpeg_turbo_2_1_5: { ok: boolean; channels?: number; rgba_sha256?: string };
  jpegjs_0_4_4: { ok: boolean; rgba_sha256?: string };
}

const manifest = JSON.parse(readFileSync(join(jpegDir, 'manifest.json'), 'utf8')) as JpegEntry[];

const REFUSAL: Record<string, RegExp> = {
  'libjpeg-turbo/monkey12.jpg': /12-bit JPEG/,
  'libjpeg-turbo/testimgari.jpg': /arithmetic-coded JPEG/,
};

function psnr8(a: number[], b: number[]): number {
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255) / (se / a.length));
}

describe('JPEG conformance', () => {
  it('covers all 21 files', () => {
    assert.equal(manifest.length, 21);
    assert.deepEqual(Object.keys(REFUSAL).sort(), manifest.filter((e) => e.expect === 'error').map((e) => e.file).sort());
  });

  for (const entry of manifest) {
    const path = join(jpegDir, entry.file);
    it(`${entry.file}: header (${entry.sof}, ${entry.precision}-bit, ${entry.components.length} components)`, () => {
      const header = readImageHeader(readBytes(path), entry.file);
      assert.equal(header.format, 'jpeg');
      assert.equal(header.width, entry.width);
      assert.equal(header.height, entry.height);
      assert.equal(header.bitDepth, entry.precision);
      assert.equal(header.channels, entry.components.length);
      assert.equal(header.jpeg?.sofType, entry.sof);
      assert.equal(header.jpeg?.adobeTransform ?? null, entry.adobe_transform);
    });

    if (entry.expect === 'error') {
      it(`${entry.file} is refused: ${entry.expect_reason}`, () => {
        const header = readImageHeader(readBytes(path), entry.file);
        assert.equal(chooseJpegDecoder(header.jpeg!).decoder, 'refuse');
        assert.throws(
          () => decodeImage(readBytes(path), { name: entry.file }),
          (err: unknown) => {
            assert.ok(err instanceof InputError, String(err));
            assert.equal(err.file, entry.file);
            assert.match(err.message, REFUSAL[entry.file]);
            return true;
          },
        );
      });
      continue;
    }

    const cmyk = entry.components.length === 4;
    it(`${entry.file} decodes with ${cmyk ? 'jpeg-js (CMYK/YCCK)' : 'libjpeg-turbo'}`, () => {
      const result = decodeImage(readBytes(path), { name: entry.file });
      assert.equal(result.format, 'jpeg');
      assert.equal(result.decoder, cmyk ? JPEG_JS_DECODER : JPEG_TURBO_DECODER);
      assert.equal(result.image.width, entry.width);
      assert.equal(result.image.height, entry.height);
      assert.equal(result.image.bitDepth, 8);
      assert.equal(result.image.channels, entry.djpeg_libjpeg_turbo_2_1_5.channels);
      if (cmyk) {
        // Same pixels as jpeg-js 0.4.4 itself (RGB of its RGBA output).
        assert.equal(sha256(rgba8(result)), entry.jpegjs_0_4_4.rgba_sha256);
      } else {
        // Bit-identical to djpeg (libjpeg-turbo 2.1.5, ISLOW, fancy upsampling).
        assert.equal(sha256(rgba8(result)), entry.djpeg_libjpeg_turbo_2_1_5.rgba_sha256);
      }
      if (entry.reference_decode) {
        const reference = decodeImage(readBytes(join(jpegDir, entry.reference_decode)), { name: entry.reference_decode });
        const ours = rgbSamples(result);
        const theirs = rgbSamples(reference);
        assert.equal(ours.length, theirs.length);
        if (cmyk) {
          const db = psnr8(ours, theirs);
          assert.ok(db >= 40, `PSNR against libjpeg-turbo's decode is ${db.toFixed(2)} dB, expected ≥ 40`);
        } else {
          let maxDiff = 0;
          for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - theirs[i]));
          assert.ok(maxDiff <= 1, `max |diff| against the reference decode is ${maxDiff}`);
        }
      }
    });
  }
});
