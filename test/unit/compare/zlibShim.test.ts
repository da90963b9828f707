// The browser zlib shim (webview/compare/shims/zlib.ts) against Node's zlib: same bytes, same failures.
import assert from 'node:assert/strict';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { inflateSync } from '../../../webview/compare/shims/zlib';

function sample(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s >>> 16) % (1 + (seed % 7)) + (i % 3 === 0 ? i & 0x0f : 0);
  }
  return out;
}

describe('zlib shim', () => {
  it('inflates what Node deflates, at every level (stored, fixed and dynamic blocks)', () => {
    for (let level = 0; level <= 9; level++) {
      for (const n of [0, 1, 100, 70_000, 300_000]) {
        const data = sample(n, level * 31 + n);
        assert.deepEqual(inflateSync(deflateSync(data, { level })), data, `level ${level}, ${n} bytes`);
      }
    }
  });

  it('fails like zlib on truncation, a bad checksum, a bad header and too much output', () => {
    const packed = deflateSync(sample(10_000, 3));
    assert.throws(() => inflateSync(packed.subarray(0, packed.length - 9)), /unexpected end of file/);
    const bad = Uint8Array.from(packed);
    bad[bad.length - 1] ^= 0xff;
    assert.throws(() => inflateSync(bad), /incorrect data check/);
    assert.throws(() => inflateSync(deflateRawSync(sample(100, 1))), /incorrect header check|invalid/);
    assert.throws(() => inflateSync(packed, { maxOutputLength: 5000 }), /maxOutputLength/);
  });
});
