/**
 * The two `Buffer` functions pngjs's pixel stages call (`alloc`, `concat`), for the webview
 * bundle, where esbuild injects this module wherever `Buffer` is a free identifier. Plain
 * Uint8Arrays are enough: those stages only index, `slice` and `set` them.
 */
export const Buffer = {
  /** Zero-filled bytes. */
  alloc(size: number): Uint8Array {
    return new Uint8Array(size);
  },
  /** The arrays one after another. */
  concat(list: readonly Uint8Array[], totalLength?: number): Uint8Array {
    const length = totalLength ?? list.reduce((n, a) => n + a.length, 0);
    const out = new Uint8Array(length);
    let offset = 0;
    for (const part of list) {
      if (offset >= length) break;
      out.set(part.subarray(0, length - offset), offset);
      offset += part.length;
    }
    return out;
  },
};
