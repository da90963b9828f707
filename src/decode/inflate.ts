/**
 * zlib (RFC 1950) / DEFLATE (RFC 1951) decompression in plain TypeScript, synchronous and with no
 * imports, so the same code runs in Node workers and in the browser webview (which has only the
 * asynchronous DecompressionStream). Strict where it matters for images: a truncated stream, a
 * bad Adler-32, an invalid code or more output than the caller expects is an error, never
 * zero padding. Huffman codes are decoded through one lookup table per code (≤ 2^15 entries).
 */

/** Thrown for a damaged or truncated stream; the message says what was wrong. */
export class InflateError extends Error {}

const LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = new Uint16Array([
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code as a lookup table indexed by the next `bits` input bits (LSB first). */
interface HuffmanTable {
  /** Entry: symbol << 4 | code length; 0 marks an unused bit pattern. */
  readonly table: Uint32Array;
  readonly bits: number;
}

function buildTable(lengths: Uint8Array, what: string): HuffmanTable {
  const count = new Uint16Array(16);
  let maxBits = 0;
  for (const len of lengths) {
    count[len]++;
    if (len > maxBits) maxBits = len;
  }
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - count[len];
    if (left < 0) throw new InflateError(`over-subscribed ${what} code`);
  }
  const next = new Uint16Array(16);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  const bits = Math.max(1, maxBits);
  const table = new Uint32Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const len = lengths[symbol];
    if (len === 0) continue;
    let code = next[len]++;
    let reversed = 0;
    for (let i = 0; i < len; i++) {
      reversed = (reversed << 1) | (code & 1);
      code >>= 1;
    }
    for (let i = reversed; i < table.length; i += 1 << len) table[i] = (symbol << 4) | len;
  }
  return { table, bits };
}

const FIXED_LITERAL = (() => {
  const l = new Uint8Array(288);
  l.fill(8, 0, 144);
  l.fill(9, 144, 256);
  l.fill(7, 256, 280);
  l.fill(8, 280, 288);
  return buildTable(l, 'fixed literal/length');
})();
const FIXED_DISTANCE = buildTable(new Uint8Array(30).fill(5), 'fixed distance');

/**
 * Inflates a complete zlib stream into exactly `expectedLength` bytes or fewer. Throws
 * InflateError when the stream is damaged or truncated, when it would produce more than
 * `expectedLength` bytes, or when its Adler-32 checksum does not match.
 */
export function inflateZlib(input: Uint8Array, expectedLength: number): Uint8Array {
  return activeInflater(input, expectedLength);
}

/** A zlib inflater with the contract of {@link inflateZlib}. */
export type ZlibInflater = (input: Uint8Array, expectedLength: number) => Uint8Array;

let activeInflater: ZlibInflater = inflateZlibTs;

/**
 * Replaces the inflater (Node: native zlib, about 3× faster; see nodeWasm.ts). It must keep the
 * contract: InflateError for damaged, truncated or over-long streams and bad checksums. The bytes a
 * correct inflater produces are fully determined by the stream, so pixels do not change.
 */
export function setZlibInflater(inflater: ZlibInflater | undefined): void {
  activeInflater = inflater ?? inflateZlibTs;
}

/** The plain TypeScript inflater (the default, and the browser's). */
export function inflateZlibTs(input: Uint8Array, expectedLength: number): Uint8Array {
  const n = input.length;
  if (n < 2) throw new InflateError('unexpected end of data in the zlib header');
  const cmf = input[0];
  const flg = input[1];
  if ((cmf & 15) !== 8 || cmf >> 4 > 7) throw new InflateError('not a deflate stream (bad zlib header)');
  if (((cmf << 8) | flg) % 31 !== 0) throw new InflateError('bad zlib header check bits');
  if (flg & 0x20) throw new InflateError('preset dictionary not allowed');

  const out = new Uint8Array(expectedLength);
  let outPos = 0;
  let pos = 2;
  let bitBuf = 0;
  let bitCount = 0;

  /** Ensures at least `need` (≤ 25) bits are buffered; past the end, zero bits are fed and caught later. */
  const fill = (need: number) => {
    while (bitCount < need) {
      bitBuf |= (pos < n ? input[pos] : 0) << bitCount;
      pos++;
      bitCount += 8;
    }
  };
  const getBits = (count: number): number => {
    if (count === 0) return 0;
    fill(count);
    const v = bitBuf & ((1 << count) - 1);
    bitBuf >>>= count;
    bitCount -= count;
    return v;
  };
  const overrun = () => pos - (bitCount >> 3) > n;
  const decodeSymbol = (h: HuffmanTable): number => {
    fill(h.bits);
    const entry = h.table[bitBuf & ((1 << h.bits) - 1)];
    const len = entry & 15;
    if (len === 0) throw new InflateError('invalid Huffman code');
    bitBuf >>>= len;
    bitCount -= len;
    return entry >>> 4;
  };

  let final = 0;
  while (!final) {
    final = getBits(1);
    const type = getBits(2);
    if (type === 0) {
      // Stored block: drop to a byte boundary, give back whole buffered bytes, copy raw.
      bitBuf >>>= bitCount & 7;
      bitCount -= bitCount & 7;
      pos -= bitCount >> 3;
      bitBuf = 0;
      bitCount = 0;
      if (pos + 4 > n) throw new InflateError('unexpected end of data in a stored block header');
      const len = input[pos] | (input[pos + 1] << 8);
      const nlen = input[pos + 2] | (input[pos + 3] << 8);
      pos += 4;
      if ((len ^ 0xffff) !== nlen) throw new InflateError('stored block length check failed');
      if (pos + len > n) throw new InflateError('unexpected end of data in a stored block');
      if (outPos + len > expectedLength) throw new InflateError('more data than expected');
      out.set(input.subarray(pos, pos + len), outPos);
      outPos += len;
      pos += len;
      continue;
    }
    let literal: HuffmanTable;
    let distance: HuffmanTable;
    if (type === 1) {
      literal = FIXED_LITERAL;
      distance = FIXED_DISTANCE;
    } else if (type === 2) {
      const hlit = getBits(5) + 257;
      const hdist = getBits(5) + 1;
      const hclen = getBits(4) + 4;
      const codeLengths = new Uint8Array(19);
      for (let i = 0; i < hclen; i++) codeLengths[CODE_LENGTH_ORDER[i]] = getBits(3);
      const lengthCode = buildTable(codeLengths, 'code-length');
      const lengths = new Uint8Array(hlit + hdist);
      for (let i = 0; i < hlit + hdist; ) {
        const sym = decodeSymbol(lengthCode);
        if (sym < 16) {
          lengths[i++] = sym;
          continue;
        }
        let repeat: number;
        let value = 0;
        if (sym === 16) {
          if (i === 0) throw new InflateError('repeat with no previous code length');
          value = lengths[i - 1];
          repeat = 3 + getBits(2);
        } else if (sym === 17) {
          repeat = 3 + getBits(3);
        } else {
          repeat = 11 + getBits(7);
        }
        if (i + repeat > hlit + hdist) throw new InflateError('too many code lengths');
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      if (lengths[256] === 0) throw new InflateError('no end-of-block code');
      literal = buildTable(lengths.subarray(0, hlit), 'literal/length');
      distance = buildTable(lengths.subarray(hlit), 'distance');
    } else {
      throw new InflateError('invalid block type');
    }
    // The hot loop, with the bit reader inlined (closures cost about 2× here).
    const litTable = literal.table;
    const litBits = literal.bits;
    const litMask = (1 << litBits) - 1;
    const distTable = distance.table;
    const distBits = distance.bits;
    const distMask = (1 << distBits) - 1;
    for (;;) {
      while (bitCount < litBits) {
        bitBuf |= (pos < n ? input[pos] : 0) << bitCount;
        pos++;
        bitCount += 8;
      }
      const entry = litTable[bitBuf & litMask];
      const len = entry & 15;
      if (len === 0) throw new InflateError('invalid Huffman code');
      bitBuf >>>= len;
      bitCount -= len;
      const sym = entry >>> 4;
      if (sym < 256) {
        if (outPos >= expectedLength) throw new InflateError('more data than expected');
        out[outPos++] = sym;
        continue;
      }
      if (sym === 256) break;
      const li = sym - 257;
      if (li >= 29) throw new InflateError('invalid length code');
      let length = LENGTH_BASE[li];
      const lx = LENGTH_EXTRA[li];
      if (lx > 0) {
        while (bitCount < lx) {
          bitBuf |= (pos < n ? input[pos] : 0) << bitCount;
          pos++;
          bitCount += 8;
        }
        length += bitBuf & ((1 << lx) - 1);
        bitBuf >>>= lx;
        bitCount -= lx;
      }
      while (bitCount < distBits) {
        bitBuf |= (pos < n ? input[pos] : 0) << bitCount;
        pos++;
        bitCount += 8;
      }
      const dEntry = distTable[bitBuf & distMask];
      const dLen = dEntry & 15;
      if (dLen === 0) throw new InflateError('invalid Huffman code');
      bitBuf >>>= dLen;
      bitCount -= dLen;
      const di = dEntry >>> 4;
      if (di >= 30) throw new InflateError('invalid distance code');
      let dist = DIST_BASE[di];
      const dx = DIST_EXTRA[di];
      if (dx > 0) {
        while (bitCount < dx) {
          bitBuf |= (pos < n ? input[pos] : 0) << bitCount;
          pos++;
          bitCount += 8;
        }
        dist += bitBuf & ((1 << dx) - 1);
        bitBuf >>>= dx;
        bitCount -= dx;
      }
      if (dist > outPos) throw new InflateError('distance too far back');
      if (outPos + length > expectedLength) throw new InflateError('more data than expected');
      if (dist >= length && length > 32) {
        out.copyWithin(outPos, outPos - dist, outPos - dist + length);
        outPos += length;
      } else {
        for (const end = outPos + length; outPos < end; outPos++) out[outPos] = out[outPos - dist];
      }
      if (pos > n + 4) throw new InflateError('unexpected end of data');
    }
    if (overrun()) throw new InflateError('unexpected end of data');
  }
  // Adler-32 of the output, big-endian, after the last block's byte boundary.
  pos -= bitCount >> 3;
  if (pos + 4 > n) throw new InflateError('unexpected end of data (missing Adler-32 checksum)');
  const stored = ((input[pos] << 24) | (input[pos + 1] << 16) | (input[pos + 2] << 8) | input[pos + 3]) >>> 0;
  let a = 1;
  let b = 0;
  for (let i = 0; i < outPos; ) {
    const end = Math.min(outPos, i + 3800);
    for (; i < end; i++) {
      a += out[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  if ((((b << 16) | a) >>> 0) !== stored) throw new InflateError('Adler-32 checksum mismatch');
  return outPos === expectedLength ? out : out.subarray(0, outPos);
}
