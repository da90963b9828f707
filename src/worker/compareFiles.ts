/**
 * Decode two encoded files and compare them: the whole pipeline of one job, shared by the worker
 * thread and by in-process callers (tests, the CLI's LPIPS path). Synchronous and CPU-bound: run it
 * off the extension host thread.
 */
import { isMainThread } from 'node:worker_threads';
import { compactMap } from '../core/compactMap';
import { compareImages, type CompareOptions, type SsimImplementation } from '../core/compare';
import { InputError } from '../core/errors';
import type { DecodedImage } from '../core/image';
import { imageThumbnail } from '../core/thumbnail';
import { decodeImage, readImageHeader, type DecodeResult } from '../decode/index';
import type { CompareJobOptions, CompareJobResult, DecodedFileInfo } from '../protocol/worker';
import { sharedSsimBandPool } from './parallelSsim';

/**
 * Default pixel limit (docs/ARCHITECTURE.md, "Decoders"): 100 megapixels, checked from the header
 * before allocating.
 */
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

/**
 * Where the SSIM of a job runs: `parallel` across band workers for large images (exact: the same
 * values as serial), `serial` in the calling thread, or `auto`:
 * - in a worker thread (the metrics pool of the extension and of the CLI's map output, which
 *   lives on), a job that asks for the SSIM map is an interactive single comparison (the
 *   extension's heatmap job, a notebook cell, a map-out pair): parallel; other jobs are batch
 *   jobs or the extension's quick-scores job, which run beside other jobs on every core: serial;
 * - on the main thread (the CLI's one-shot `imsim compare`): parallel only from
 *   {@link ONE_SHOT_MIN_WORK}, because a fresh process pays for starting and warming a band
 *   worker (about 0.2 s of CPU measured on a 2-core machine), which a smaller image does not win
 *   back.
 * Above {@link PARALLEL_MAX_WORK} every path is serial, to bound memory.
 * `IMSIM_SSIM_THREADS=1` makes every path serial (see parallelSsim.ts).
 */
export type SsimThreads = 'auto' | 'serial' | 'parallel';

/** Valid pixels × planes from which the CLI's one-shot compare goes parallel (about 2300×2300 RGB). */
export const ONE_SHOT_MIN_WORK = 16_000_000;

/**
 * Valid pixels × planes above which SSIM stays serial: the parallel path copies both images into
 * shared memory and keeps a shared map, about 1 GB more than serial at 100 MP RGB. Above 36 M
 * (about 3500×3500 RGB) memory matters more than the ~1.5× speed-up.
 */
export const PARALLEL_MAX_WORK = 36_000_000;

/**
 * Whether this job's SSIM goes to the band pool, from the first file's header; if so, starts the
 * band workers now, so that they warm up while the images decode.
 */
function useParallelSsim(bytes: Uint8Array, options: CompareJobOptions, threads: SsimThreads): boolean {
  if (threads !== 'auto') return threads === 'parallel';
  if (!options.metrics.includes('ssim') && options.maps?.ssim !== true) return false;
  if (!isMainThread && options.maps?.ssim !== true) return false;
  let width: number;
  let height: number;
  let planes: number;
  try {
    const header = readImageHeader(bytes);
    const { cropBorder, channel } = options.recipe;
    width = header.width - 2 * cropBorder;
    height = header.height - 2 * cropBorder;
    planes = channel === 'rgb' && header.channels >= 3 ? 3 : 1;
  } catch {
    return false; // decodePair reports unreadable files
  }
  if (isMainThread && width * height * planes < ONE_SHOT_MIN_WORK) return false;
  if (width * height * planes > PARALLEL_MAX_WORK) return false;
  sharedSsimBandPool().warmFor(width, height, planes, options.recipe.ssimVariant);
  return true;
}

/**
 * SSIM on the parallel band pool, for `compareImages`' injectable SSIM: the same plane sources
 * (the band workers rebuild them from the decoded images, channel mode, crop and plane count),
 * the same options, the same numbers and errors as core `computeSsim`.
 */
function bandPoolSsim(recipe: CompareJobOptions['recipe']): SsimImplementation {
  return ({ a, b, planes, options }) => {
    const signal = (image: DecodedImage) => ({ image, channel: recipe.channel, cropBorder: recipe.cropBorder, planes });
    return sharedSsimBandPool().computeSsim(signal(a), signal(b), options);
  };
}

/**
 * The full job: decode, validate, compute, label.
 * @param ssimThreads where SSIM runs (default `auto`, see {@link SsimThreads}); the values are the same
 */
export function compareFiles(
  a: Uint8Array,
  b: Uint8Array,
  nameA: string,
  nameB: string,
  options: CompareJobOptions,
  ssimThreads: SsimThreads = 'auto',
): CompareJobResult {
  const parallel = useParallelSsim(a, options, ssimThreads);
  const [decodedA, decodedB] = decodePair(a, b, nameA, nameB, options.maxPixels ?? DEFAULT_MAX_PIXELS);
  const compareOptions: CompareOptions = {
    metrics: options.metrics.filter((m) => m !== 'lpips'),
    recipe: options.recipe,
    maps: options.maps,
    strict: options.strict ?? true,
    ...(parallel ? { ssim: bandPoolSsim(options.recipe) } : {}),
  };
  const computed = compareImages(decodedA.image, decodedB.image, compareOptions);
  return {
    ...computed,
    decoder: pairDecoder(decodedA, decodedB),
    files: [fileInfo(decodedA), fileInfo(decodedB)],
    notices: pairNotices(nameA, decodedA, nameB, decodedB),
    ...(options.thumbnails ? { thumbnails: [imageThumbnail(decodedA.image, options.thumbnails), imageThumbnail(decodedB.image, options.thumbnails)] as const } : {}),
    ...(options.compactMaps
      ? {
          compactMaps: {
            ...(computed.maps.absError ? { absError: compactMap(computed.maps.absError, options.recipe.cropBorder) } : {}),
            ...(computed.maps.ssim ? { ssim: compactMap(computed.maps.ssim, options.recipe.cropBorder) } : {}),
          },
        }
      : {}),
  };
}
