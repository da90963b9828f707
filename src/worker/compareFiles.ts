/**
 * Decode two encoded files and compare them: the whole pipeline of one job, shared by the worker
 * thread and by in-process callers (tests, the CLI's LPIPS path). Synchronous and CPU-bound: run it
 * off the extension host thread.
 */
import { compareImages } from '../core/compare';
import { InputError } from '../core/errors';
import { decodeImage, type DecodeResult } from '../decode/index';
import type { CompareJobOptions, CompareJobResult, DecodedFileInfo } from '../protocol/worker';

/** Default pixel limit (DESIGN.md): 100 megapixels, checked from the header before allocating. */
export const DEFAULT_MAX_PIXELS = 100_000_000;

function fileInfo(decoded: DecodeResult): DecodedFileInfo {
  return {
    format: decoded.format,
    decoder: decoded.decoder,
    width: decoded.image.width,
    height: decoded.image.height,
    channels: decoded.image.channels,
    bitDepth: decoded.image.bitDepth,
    hasAlpha: decoded.hasAlpha,
    anyTransparent: decoded.anyTransparent,
    ...(decoded.colorProfile !== undefined ? { colorProfile: decoded.colorProfile } : {}),
    ...(decoded.exifOrientation !== undefined ? { exifOrientation: decoded.exifOrientation } : {}),
  };
}

/** Sentences that tell the user what was assumed or dropped for this pair (never silence). */
export function pairNotices(nameA: string, a: DecodeResult, nameB: string, b: DecodeResult): string[] {
  const notices: string[] = [];
  for (const [name, d] of [[nameA, a], [nameB, b]] as const) {
    for (const n of d.notices) notices.push(`${name}: ${n}`);
    if (d.anyTransparent) {
      notices.push(`${name}: has transparent pixels; alpha was dropped and the stored RGB values were compared.`);
    }
    if (d.exifOrientation !== undefined && d.exifOrientation !== 1) {
      notices.push(`${name}: EXIF orientation ${d.exifOrientation} was not applied; pixels are compared as stored.`);
    }
  }
  if (a.image.channels !== b.image.channels) {
    const gray = a.image.channels === 1 ? nameA : nameB;
    notices.push(`${gray} is grayscale and the other image is RGB: the gray image was compared as R = G = B.`);
  }
  if ((a.colorProfile ?? '') !== (b.colorProfile ?? '')) {
    notices.push(
      `The two files carry different colour information (${a.colorProfile ?? 'none'} vs ${b.colorProfile ?? 'none'}); metrics use the stored code values, not colour-managed ones.`,
    );
  }
  return notices;
}

/** The decoder label for a pair: one name, or both when they differ. */
export function pairDecoder(a: DecodeResult, b: DecodeResult): string {
  return a.decoder === b.decoder ? a.decoder : `${a.decoder} + ${b.decoder}`;
}

/** Decodes both files (by content) with the pixel limit, then compares them. Throws InputError. */
export function decodePair(a: Uint8Array, b: Uint8Array, nameA: string, nameB: string, maxPixels = DEFAULT_MAX_PIXELS): [DecodeResult, DecodeResult] {
  const decodedA = decodeImage(a, { name: nameA, maxPixels });
  const decodedB = decodeImage(b, { name: nameB, maxPixels });
  if (decodedA.image.width !== decodedB.image.width || decodedA.image.height !== decodedB.image.height) {
    throw new InputError(
      `the images have different sizes: ${nameA} is ${decodedA.image.width}×${decodedA.image.height}, ${nameB} is ${decodedB.image.width}×${decodedB.image.height}; crop or resize one of them first`,
      nameB,
    );
  }
  if (decodedA.image.bitDepth !== decodedB.image.bitDepth) {
    throw new InputError(
      `the images have different bit depths: ${nameA} is ${decodedA.image.bitDepth}-bit, ${nameB} is ${decodedB.image.bitDepth}-bit; convert one so both use the same data range`,
      nameB,
    );
  }
  return [decodedA, decodedB];
}

/** The full job: decode, validate, compute, label. */
export function compareFiles(a: Uint8Array, b: Uint8Array, nameA: string, nameB: string, options: CompareJobOptions): CompareJobResult {
  const [decodedA, decodedB] = decodePair(a, b, nameA, nameB, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const computed = compareImages(decodedA.image, decodedB.image, {
    metrics: options.metrics.filter((m) => m !== 'lpips'),
    recipe: options.recipe,
    maps: options.maps,
    strict: options.strict ?? true,
  });
  return {
    ...computed,
    decoder: pairDecoder(decodedA, decodedB),
    files: [fileInfo(decodedA), fileInfo(decodedB)],
    notices: pairNotices(nameA, decodedA, nameB, decodedB),
  };
}
