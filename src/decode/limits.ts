/** The pixel limit, checked from the header before any pixel buffer is allocated. */
import { InputError } from '../core/errors';

/** Default limit: 100 megapixels (docs/ARCHITECTURE.md, "Decoders"). */
export const DEFAULT_MAX_PIXELS = 100e6;

/** Throws an InputError when `width × height` exceeds `maxPixels`. */
export function checkPixelLimit(name: string, format: string, width: number, height: number, maxPixels: number): void {
  const pixels = width * height;
  if (pixels > maxPixels) {
    const mp = (n: number) => `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} MP`;
    throw new InputError(
      `${name}: the ${format} image is ${width}×${height} (${mp(pixels)}), over the ${mp(maxPixels)} limit; ` +
        'downscale or crop it, or raise the pixel limit',
      name,
    );
  }
}
