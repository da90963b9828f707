/**
 * Test helper: a seeded PRNG (mulberry32) and random images, so every "random" test is repeatable.
 */
import type { BitDepth, ChannelCount, DecodedImage } from '../../../src/core/image';

/** mulberry32: a tiny 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples (Box–Muller) from a uniform source. */
export function gaussianSource(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** A smooth random image (sum of a few blobs plus texture), so that SSIM values are not trivial. */
export function randomImage(width: number, height: number, channels: ChannelCount, bitDepth: BitDepth, seed: number): DecodedImage {
  const random = seededRandom(seed);
  const max = bitDepth === 16 ? 65535 : 255;
  const data = bitDepth === 16 ? new Uint16Array(width * height * channels) : new Uint8Array(width * height * channels);
  const fx = 0.05 + random() * 0.2;
  const fy = 0.05 + random() * 0.2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        const smooth = 0.5 + 0.3 * Math.sin(fx * x + c) * Math.cos(fy * y - c);
        const v = smooth + 0.2 * (random() - 0.5);
        data[(y * width + x) * channels + c] = Math.min(max, Math.max(0, Math.round(v * max)));
      }
    }
  }
  return { width, height, channels, bitDepth, data };
}

/** `image` plus Gaussian noise of `sigma` code values, rounded and clipped. */
export function addNoise(image: DecodedImage, sigma: number, seed: number): DecodedImage {
  const normal = gaussianSource(seededRandom(seed));
  const max = image.bitDepth === 16 ? 65535 : 255;
  const data = image.bitDepth === 16 ? new Uint16Array(image.data.length) : new Uint8Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(max, Math.max(0, Math.round(image.data[i] + sigma * normal())));
  return { ...image, data };
}

/** The RGB replica (R = G = B) of a gray image. */
export function grayToRgb(image: DecodedImage): DecodedImage {
  const n = image.width * image.height;
  const data = image.bitDepth === 16 ? new Uint16Array(n * 3) : new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = image.data[i];
  return { ...image, channels: 3, data };
}
