// Types for the three pngjs 7.0.0 modules png.ts calls after its own (checked) inflate.
// pngjs has no "exports" map, so these paths are part of what it ships; the version is pinned.

/** The fields of pngjs's parser metadata that unfiltering, unpacking and normalising read. */
interface PngjsBitmapInfo {
  width: number;
  height: number;
  depth: number;
  /** Samples per pixel in the file: 1 gray/palette, 2 gray+alpha, 3 RGB, 4 RGBA. */
  bpp: number;
  interlace: boolean;
  colorType: number;
  /** Palette entries as [r, g, b, a]. */
  palette?: number[][];
  transColor?: number[];
}

declare module 'pngjs/lib/filter-parse-sync' {
  /** Undoes the per-row filters (all seven Adam7 passes when interlaced). */
  export function process(inflated: Uint8Array, info: PngjsBitmapInfo): Uint8Array;
}

declare module 'pngjs/lib/bitmapper' {
  /** Unpacks samples to 4 per pixel (RGBA order, gray replicated); Uint16Array for 16-bit. */
  export function dataToBitMap(unfiltered: Uint8Array, info: PngjsBitmapInfo): Uint8Array | Uint16Array;
}

declare module 'pngjs/lib/format-normaliser' {
  /** Applies the palette and scales 1/2/4-bit samples to 8 bits (16-bit kept with skipRescale). */
  function normalise(bitmap: Uint8Array | Uint16Array, info: PngjsBitmapInfo, skipRescale?: boolean): Uint8Array | Uint16Array;
  export = normalise;
}
