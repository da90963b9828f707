/**
 * Conversion of decoded images to the LPIPS model's input, and the checks LPIPS needs.
 *
 * The model (models/README.md) takes float32 `[N,3,H,W]` planar RGB in [0,1] and maps it to
 * [-1,1] itself, as the official `lpips.im2tensor` does (`u8 / 127.5 - 1`). So: 8-bit values / 255,
 * 16-bit values / 65535 (no 8-bit quantisation), gray replicated to R = G = B, the crop border
 * applied before anything else (docs/ARCHITECTURE.md, "Metric recipes", Order of operations).
 */
import { MetricError } from './errors';
import { assertValidImage, type DecodedImage } from './image';

/** The official code fails below this size (SqueezeNet's last stage has no pixels left). */
export const LPIPS_MIN_SIDE = 17;
/** Default of `imageSimilarity.lpips.maxMegapixels`: one SqueezeNet layer needs 64·H·W/4 floats. */
export const LPIPS_DEFAULT_MAX_MEGAPIXELS = 4;

/** One image as the model reads it: planar RGB, `3 * width * height` floats in [0,1]. */
export interface LpipsPlanes {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** Limits applied before any tensor is allocated. */
export interface LpipsInputOptions {
  /** Pixels dropped on every side before LPIPS (default 0). */
  readonly cropBorder?: number;
  /** Refuse pairs above this many megapixels after the crop (default 4). */
  readonly maxMegapixels?: number;
}

/**
 * Checks that `a` and `b` can go through LPIPS together and returns the size after the crop.
 * Throws MetricError('lpips', …) saying what was expected and what was given.
 */
export function checkLpipsPair(a: DecodedImage, b: DecodedImage, options: LpipsInputOptions = {}): { width: number; height: number } {
  assertValidImage(a, 'LPIPS image A');
  assertValidImage(b, 'LPIPS image B');
  const cropBorder = options.cropBorder ?? 0;
  const maxMegapixels = options.maxMegapixels ?? LPIPS_DEFAULT_MAX_MEGAPIXELS;
  if (!Number.isInteger(cropBorder) || cropBorder < 0) {
    throw new MetricError('lpips', `LPIPS: the crop border must be a non-negative integer, got ${cropBorder}.`);
  }
  if (!(maxMegapixels > 0)) {
    throw new MetricError('lpips', `LPIPS: maxMegapixels must be a positive number, got ${maxMegapixels}.`);
  }
  if (a.width !== b.width || a.height !== b.height) {
    throw new MetricError(
      'lpips',
      `LPIPS needs two images of the same size, got ${a.width}×${a.height} and ${b.width}×${b.height}; resize or crop one of them first.`,
    );
  }
  if (a.bitDepth !== b.bitDepth) {
    throw new MetricError(
      'lpips',
      `LPIPS: a ${a.bitDepth}-bit image cannot be compared with a ${b.bitDepth}-bit one; convert both to the same bit depth first.`,
    );
  }
  const width = a.width - 2 * cropBorder;
  const height = a.height - 2 * cropBorder;
  if (width < LPIPS_MIN_SIDE || height < LPIPS_MIN_SIDE) {
    const cropped = cropBorder > 0 ? ` after cropping ${cropBorder} px on every side` : '';
    throw new MetricError(
      'lpips',
      `LPIPS needs at least ${LPIPS_MIN_SIDE}×${LPIPS_MIN_SIDE} pixels, got ${Math.max(width, 0)}×${Math.max(height, 0)}${cropped} (the official code fails below that size).`,
    );
  }
  const megapixels = (width * height) / 1e6;
  if (megapixels > maxMegapixels) {
    throw new MetricError(
      'lpips',
      `LPIPS skipped: ${width}×${height} is ${megapixels.toFixed(1)} MP, over the limit of ${maxMegapixels} MP ` +
        '(imageSimilarity.lpips.maxMegapixels); raise the limit or crop the images.',
    );
  }
  return { width, height };
}

/**
 * Converts one decoded image to planar RGB floats in [0,1] after dropping `cropBorder` pixels on
 * every side. The caller has checked the pair with checkLpipsPair.
 */
export function toLpipsPlanes(image: DecodedImage, cropBorder = 0): LpipsPlanes {
  const width = image.width - 2 * cropBorder;
  const height = image.height - 2 * cropBorder;
  const plane = width * height;
  const out = new Float32Array(3 * plane);
  const { data, channels } = image;
  // 1/255 is not exact in binary: divide (as the official code does) rather than multiply.
  const scale = image.bitDepth === 16 ? 65535 : 255;
  for (let y = 0; y < height; y++) {
    let src = ((y + cropBorder) * image.width + cropBorder) * channels;
    let dst = y * width;
    if (channels === 3) {
      for (let x = 0; x < width; x++, src += 3, dst++) {
        out[dst] = data[src] / scale;
        out[dst + plane] = data[src + 1] / scale;
        out[dst + 2 * plane] = data[src + 2] / scale;
      }
    } else {
      for (let x = 0; x < width; x++, src++, dst++) {
        const v = data[src] / scale;
        out[dst] = v;
        out[dst + plane] = v;
        out[dst + 2 * plane] = v;
      }
    }
  }
  return { width, height, data: out };
}
