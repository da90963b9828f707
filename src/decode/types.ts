/** Result and header types of the decode layer. */
import type { DecodedImage } from '../core/image';

/** Options for {@link decodeImage}. */
export interface DecodeOptions {
  /** The file's name as the user knows it; every error message starts with it. */
  readonly name: string;
  /** Refuse images with more pixels than this, read from the header before allocating. Default 100e6. */
  readonly maxPixels?: number;
}

/** A decoded file: the pixels the metrics see, plus what was dropped and what the file said. */
export interface DecodeResult {
  /** Code values, alpha dropped: 1 channel for gray, 3 for RGB/palette; 8 or 16 bits. */
  readonly image: DecodedImage;
  /** The alpha plane (same bit depth as `image`) when the file had alpha or tRNS; for display and tests. */
  readonly alpha?: Uint8Array | Uint16Array;
  /** Container format, detected from the content. */
  readonly format: 'png' | 'jpeg';
  /** Which decoder produced the pixels, e.g. `pngjs 7.0.0`, `libjpeg-turbo 2.0 (WASM)`, `jpeg-js 0.4.4`. */
  readonly decoder: string;
  /** The file carries an alpha channel or a tRNS chunk. */
  readonly hasAlpha: boolean;
  /** At least one pixel is not fully opaque. */
  readonly anyTransparent: boolean;
  /** Bits per sample in the file (1, 2, 4, 8, 16 for PNG; 8 for JPEG). */
  readonly sourceBitDepth: number;
  /** Colour-profile information found in the file (iCCP name, sRGB, gAMA, cHRM, JPEG ICC), not applied. */
  readonly colorProfile?: string;
  /** EXIF orientation (1–8) when present; reported, never applied. */
  readonly exifOrientation?: number;
  /** Sentences for the user (transparency ignored, orientation not applied, decoder fallback). */
  readonly notices: string[];
}

/** JPEG frame types by SOF marker (ITU T.81 table B.1). */
export type JpegSofType =
  | 'baseline'
  | 'extended-huffman'
  | 'progressive-huffman'
  | 'lossless-huffman'
  | 'differential-sequential-huffman'
  | 'differential-progressive-huffman'
  | 'differential-lossless-huffman'
  | 'extended-arithmetic'
  | 'progressive-arithmetic'
  | 'lossless-arithmetic'
  | 'differential-sequential-arithmetic'
  | 'differential-progressive-arithmetic'
  | 'differential-lossless-arithmetic';

/** What a JPEG's markers say before its entropy-coded data. */
export interface JpegHeader {
  /** The SOF marker byte (0xC0…0xCF). */
  readonly sofMarker: number;
  readonly sofType: JpegSofType;
  /** Sample precision in bits (8 or 12; 2–16 for lossless). */
  readonly precision: number;
  readonly width: number;
  readonly height: number;
  readonly components: readonly { readonly id: number; readonly h: number; readonly v: number; readonly tq: number }[];
  /** Adobe APP14 colour transform (0 none/CMYK/RGB, 1 YCbCr, 2 YCCK), when the marker is present. */
  readonly adobeTransform?: number;
  /** EXIF orientation tag (1–8), when present. */
  readonly exifOrientation?: number;
  /** An ICC profile is embedded (APP2 ICC_PROFILE). */
  readonly hasIccProfile: boolean;
  /** An end-of-image marker follows the first scan (false: the file is truncated). */
  readonly hasEoi: boolean;
}

/** Header facts of a supported file, read without decoding pixels. */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  readonly width: number;
  readonly height: number;
  /** Bits per sample in the file. */
  readonly bitDepth: number;
  /** Samples per pixel in the file, alpha channel included (palette counts as 3; a tRNS chunk is not counted). */
  readonly channels: number;
  /** PNG only: IHDR colour type and interlacing. */
  readonly png?: { readonly colorType: number; readonly interlaced: boolean };
  /** JPEG only: frame type, precision, components, Adobe transform. */
  readonly jpeg?: JpegHeader;
}
