/**
 * zlib inflate for PNG image data. Uses the `zlib` module that pngjs itself requires: Node's
 * built-in, or the polyfill a browser bundle aliases for pngjs anyway (browserify-zlib), so this
 * adds no requirement of its own. Unlike pngjs's own sync inflate, this one fails on a truncated
 * or damaged stream instead of returning short data that pngjs would pad with zeros.
 */
import { inflateSync } from 'zlib';

/** Inflates a complete zlib stream; throws on damage, truncation or more than `maxLength` bytes. */
export function inflateZlib(data: Uint8Array, maxLength: number): Uint8Array {
  return inflateSync(data, { maxOutputLength: Math.max(1, maxLength) });
}
