/**
 * The decoded image model shared by every layer.
 *
 * Pixels are interleaved, row-major, `channels` samples per pixel, with no padding between rows.
 * Alpha is never stored here: decoders drop it (and report that they did) because every metric
 * works on straight RGB or gray code values.
 */

/** Samples per pixel after alpha has been dropped: 1 (gray) or 3 (RGB). */
export type ChannelCount = 1 | 3;

/** Bits per sample after decoding: 1/2/4-bit data are scaled to 8 bits, 16-bit data stay 16-bit. */
export type BitDepth = 8 | 16;

/** A decoded image: code values, no alpha, 8 or 16 bits per sample. */
export interface DecodedImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 for gray, 3 for RGB. */
  readonly channels: ChannelCount;
  /** 8 or 16. `data` is a Uint8Array for 8 and a Uint16Array for 16. */
  readonly bitDepth: BitDepth;
  /** Interleaved samples, `width * height * channels` long. */
  readonly data: Uint8Array | Uint16Array;
}

/** Throws unless `image` is internally consistent (sizes, sample type, length). */
export function assertValidImage(image: DecodedImage, label = 'image'): void {
  const { width, height, channels, bitDepth, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${label}: expected a positive integer width and height, got ${width}×${height}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`${label}: expected 1 or 3 channels, got ${String(channels)}`);
  }
  if (bitDepth === 8 && !(data instanceof Uint8Array)) {
    throw new TypeError(`${label}: 8-bit images must hold a Uint8Array`);
  }
  if (bitDepth === 16 && !(data instanceof Uint16Array)) {
    throw new TypeError(`${label}: 16-bit images must hold a Uint16Array`);
  }
  if (bitDepth !== 8 && bitDepth !== 16) {
    throw new RangeError(`${label}: expected bit depth 8 or 16, got ${String(bitDepth)}`);
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new RangeError(`${label}: expected ${expected} samples (${width}×${height}×${channels}), got ${data.length}`);
  }
}
