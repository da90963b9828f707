/**
 * The slice of Node's `zlib` that src/decode needs in a browser: a synchronous, checked
 * `inflateSync` (RFC 1950 zlib wrapper around RFC 1951 deflate, Adler-32 verified). The webview
 * bundle aliases `zlib` to this file. Decoding follows Mark Adler's puff.c: canonical Huffman codes
 * decoded from per-length counts. Errors use zlib's words ("unexpected end of file", "invalid …",
 * "incorrect data check") so src/decode reports them the same way in Node and in the webview.
 */

/** Options as in Node's zlib. */
export interface InflateOptions {
  /** Refuse to produce more than this many bytes. */
  readonly maxOutputLength?: number;
}

const LENGTH_BASE = new Uint16Array([3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]);
const LENGTH_EXTRA = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]);
const DIST_BASE = new Uint16Array([1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]);
const DIST_EXTRA = new Uint8Array([0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]);
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

interface Huffman {
  /** Number of codes of each length 0..15. */
  readonly count: Uint16Array;
  /** Symbols ordered by code. */
  readonly symbol: Uint16Array;
}

function zlibError(message: string): Error {
  return new Error(message);
}

function buildHuffman(lengths: Uint8Array, n: number): Huffman {
  const count = new Uint16Array(16);
  for (let s = 0; s < n; s++) count[lengths[s]]++;
  let left = 1;
  for (let len = 1; len < 16; len++) {
    left <<= 1;
    left -= count[len];
    if (left < 0) throw zlibError('invalid code lengths set');
  }
  const offs = new Uint16Array(16);
  for (let len = 1; len < 15; len++) offs[len + 1] = offs[len] + count[len];
  const symbol = new Uint16Array(n);
  for (let s = 0; s < n; s++) if (lengths[s] !== 0) symbol[offs[lengths[s]]++] = s;
  return { count, symbol };
}

class Inflater {
  private pos = 0;
  private bitBuf = 0;
  private bitCnt = 0;
  out: Uint8Array;
  outLen = 0;

  constructor(private readonly src: Uint8Array, private readonly max: number) {
    this.out = new Uint8Array(Math.min(max, Math.max(1024, src.length * 4)));
  }

  get position(): number {
    return this.pos;
  }

  bits(need: number): number {
    let val = this.bitBuf;
    while (this.bitCnt < need) {
      if (this.pos >= this.src.length) throw zlibError('unexpected end of file');
      val |= this.src[this.pos++] << this.bitCnt;
      this.bitCnt += 8;
    }
    this.bitBuf = val >>> need;
    this.bitCnt -= need;
    return val & ((1 << need) - 1);
  }

  /** Drops the bits left in the current byte (before a stored block or the trailer). */
  alignToByte(): void {
    this.bitBuf = 0;
    this.bitCnt = 0;
  }

  byte(): number {
    if (this.pos >= this.src.length) throw zlibError('unexpected end of file');
    return this.src[this.pos++];
  }

  private ensure(extra: number): void {
    const need = this.outLen + extra;
    if (need > this.max) throw zlibError(`inflated data is larger than maxOutputLength (${this.max})`);
    if (need <= this.out.length) return;
    let size = this.out.length * 2;
    while (size < need) size *= 2;
    const grown = new Uint8Array(Math.min(this.max, size));
    grown.set(this.out.subarray(0, this.outLen));
    this.out = grown;
  }

  private decode(h: Huffman): number {
    let code = 0;
    let first = 0;
    let index = 0;
    let bitBuf = this.bitBuf;
    let bitCnt = this.bitCnt;
    for (let len = 1; len < 16; len++) {
      if (bitCnt === 0) {
        if (this.pos >= this.src.length) throw zlibError('unexpected end of file');
        bitBuf = this.src[this.pos++];
        bitCnt = 8;
      }
      code |= bitBuf & 1;
      bitBuf >>>= 1;
      bitCnt--;
      const count = h.count[len];
      if (code - count < first) {
        this.bitBuf = bitBuf;
        this.bitCnt = bitCnt;
        return h.symbol[index + (code - first)];
      }
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw zlibError('invalid code');
  }

  stored(): void {
    this.alignToByte();
    const len = this.byte() | (this.byte() << 8);
    const nlen = this.byte() | (this.byte() << 8);
    if (len !== (~nlen & 0xffff)) throw zlibError('invalid stored block lengths');
    if (this.pos + len > this.src.length) throw zlibError('unexpected end of file');
    this.ensure(len);
    this.out.set(this.src.subarray(this.pos, this.pos + len), this.outLen);
    this.outLen += len;
    this.pos += len;
  }

  codes(lencode: Huffman, distcode: Huffman): void {
    for (;;) {
      let sym = this.decode(lencode);
      if (sym < 256) {
        this.ensure(1);
        this.out[this.outLen++] = sym;
      } else if (sym === 256) {
        return;
      } else {
        sym -= 257;
        if (sym >= 29) throw zlibError('invalid literal/length code');
        const len = LENGTH_BASE[sym] + this.bits(LENGTH_EXTRA[sym]);
        const dsym = this.decode(distcode);
        if (dsym >= 30) throw zlibError('invalid distance code');
        const dist = DIST_BASE[dsym] + this.bits(DIST_EXTRA[dsym]);
        if (dist > this.outLen) throw zlibError('invalid distance too far back');
        this.ensure(len);
        const out = this.out;
        let o = this.outLen;
        for (let i = 0; i < len; i++, o++) out[o] = out[o - dist];
        this.outLen = o;
      }
    }
  }

  dynamic(): void {
    const nlen = this.bits(5) + 257;
    const ndist = this.bits(5) + 1;
    const ncode = this.bits(4) + 4;
    if (nlen > 286 || ndist > 30) throw zlibError('too many length or distance symbols');
    const lengths = new Uint8Array(320);
    for (let i = 0; i < ncode; i++) lengths[CODE_LENGTH_ORDER[i]] = this.bits(3);
    const lencode = buildHuffman(lengths, 19);
    let index = 0;
    const all = new Uint8Array(nlen + ndist);
    while (index < nlen + ndist) {
      const sym = this.decode(lencode);
      if (sym < 16) {
        all[index++] = sym;
        continue;
      }
      let len = 0;
      let repeat: number;
      if (sym === 16) {
        if (index === 0) throw zlibError('invalid bit length repeat');
        len = all[index - 1];
        repeat = 3 + this.bits(2);
      } else if (sym === 17) {
        repeat = 3 + this.bits(3);
      } else {
        repeat = 11 + this.bits(7);
      }
      if (index + repeat > nlen + ndist) throw zlibError('invalid bit length repeat');
      while (repeat--) all[index++] = len;
    }
    if (all[256] === 0) throw zlibError('invalid code -- missing end-of-block');
    this.codes(buildHuffman(all.subarray(0, nlen), nlen), buildHuffman(all.subarray(nlen), ndist));
  }
}

let fixedCodes: [Huffman, Huffman] | undefined;

function fixed(): [Huffman, Huffman] {
  if (!fixedCodes) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144);
    lengths.fill(9, 144, 256);
    lengths.fill(7, 256, 280);
    lengths.fill(8, 280, 288);
    const dist = new Uint8Array(30).fill(5);
    fixedCodes = [buildHuffman(lengths, 288), buildHuffman(dist, 30)];
  }
  return fixedCodes;
}

function adler32(data: Uint8Array, length: number): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < length; ) {
    const end = Math.min(length, i + 5552);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Inflates a complete zlib stream; throws on damage, truncation, a bad checksum or more than maxOutputLength bytes. */
export function inflateSync(data: Uint8Array, options: InflateOptions = {}): Uint8Array {
  const max = options.maxOutputLength ?? 2 ** 31 - 1;
  if (data.length < 2) throw zlibError('unexpected end of file');
  const cmf = data[0];
  const flg = data[1];
  if ((cmf & 0x0f) !== 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 !== 0) throw zlibError('incorrect header check');
  if (flg & 0x20) throw zlibError('need dictionary');
  const inflater = new Inflater(data.subarray(2), max);
  let last: number;
  do {
    last = inflater.bits(1);
    const type = inflater.bits(2);
    if (type === 0) inflater.stored();
    else if (type === 1) inflater.codes(...fixed());
    else if (type === 2) inflater.dynamic();
    else throw zlibError('invalid block type');
  } while (!last);
  inflater.alignToByte();
  const check = ((inflater.byte() << 24) | (inflater.byte() << 16) | (inflater.byte() << 8) | inflater.byte()) >>> 0;
  if (check !== adler32(inflater.out, inflater.outLen)) throw zlibError('incorrect data check');
  return inflater.out.subarray(0, inflater.outLen);
}
