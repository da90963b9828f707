// JPEG metadata: EXIF orientation is reported, never applied; gray stays one channel.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeImage } from '../../../src/decode/index';
import { jpegDir, readBytes } from './helpers';

/** An APP1 Exif segment (big-endian TIFF) whose IFD0 holds only Orientation = value. */
function exifSegment(orientation: number): number[] {
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0, 0, 0];
  const payload = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const length = payload.length + 2;
  return [0xff, 0xe1, length >> 8, length & 255, ...payload];
}

describe('JPEG metadata', () => {
  it('reports EXIF orientation 6 without rotating the pixels', () => {
    const plain = readBytes(join(jpegDir, 'jpeg-js/redbox.jpg'));
    const tagged = new Uint8Array([0xff, 0xd8, ...exifSegment(6), ...plain.subarray(2)]);
    const a = decodeImage(plain, { name: 'plain.jpg' });
    const b = decodeImage(tagged, { name: 'tagged.jpg' });
    assert.equal(a.exifOrientation, undefined);
    assert.equal(b.exifOrientation, 6);
    assert.match(b.notices.join('\n'), /EXIF orientation 6 is not applied/);
    assert.equal(b.image.width, a.image.width);
    assert.deepEqual(b.image.data, a.image.data);
  });

  it('reads orientation 1 from real files without a notice', () => {
    const r = decodeImage(readBytes(join(jpegDir, 'jpeg-js/grumpycat.jpg')), { name: 'g.jpg' });
    assert.equal(r.exifOrientation, 1);
    assert.deepEqual(r.notices, []);
    assert.equal(r.colorProfile, 'ICC profile');
  });

  it('keeps a gray JPEG as one channel', () => {
    const r = decodeImage(readBytes(join(jpegDir, 'jpeg-js/apsara.jpg')), { name: 'apsara.jpg' });
    assert.equal(r.image.channels, 1);
    assert.equal(r.image.data.length, 580 * 599);
  });

  it('decodes a file with extraneous bytes before EOI, with a notice', () => {
    const r = decodeImage(readBytes(join(jpegDir, 'jpeg-js/redbox-with-trailing-bytes.jpg')), { name: 't.jpg' });
    assert.match(r.notices.join('\n'), /warned about damaged or extraneous JPEG data/);
  });
});
