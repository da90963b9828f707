/**
 * Pure view logic of the comparison panel: zoom and pan transforms, colorbar ticks, number
 * formatting. No DOM, so it is unit-tested in plain Node and in Chromium.
 */

/** Image → screen transform: screen = image · zoom + offset (device pixels). */
export interface ViewTransform {
  /** Device pixels per image pixel. */
  readonly zoom: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** Zoom limits: 1/64 to 64 device pixels per image pixel. */
export const MIN_ZOOM = 1 / 64;
export const MAX_ZOOM = 64;

/** Clamps a zoom to [MIN_ZOOM, MAX_ZOOM]. */
export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The transform that fits a `width`×`height` image into a `viewWidth`×`viewHeight` viewport, centred (never above 1:1 for small images unless `upscale`). */
export function fitTransform(width: number, height: number, viewWidth: number, viewHeight: number, upscale = false): ViewTransform {
  let zoom = Math.min(viewWidth / width, viewHeight / height);
  if (!upscale) zoom = Math.min(1, zoom);
  zoom = clampZoom(zoom);
  return { zoom, offsetX: (viewWidth - width * zoom) / 2, offsetY: (viewHeight - height * zoom) / 2 };
}

/** The transform with image point (centerX, centerY) at the viewport centre. */
export function centeredTransform(zoom: number, centerX: number, centerY: number, viewWidth: number, viewHeight: number): ViewTransform {
  const z = clampZoom(zoom);
  return { zoom: z, offsetX: viewWidth / 2 - centerX * z, offsetY: viewHeight / 2 - centerY * z };
}

/** The image point at the viewport centre. */
export function viewCenter(t: ViewTransform, viewWidth: number, viewHeight: number): { x: number; y: number } {
  return { x: (viewWidth / 2 - t.offsetX) / t.zoom, y: (viewHeight / 2 - t.offsetY) / t.zoom };
}

/** Zooms by `factor` keeping the image point under screen point (sx, sy) fixed (mouse-wheel zoom around the cursor). */
export function zoomAround(t: ViewTransform, factor: number, sx: number, sy: number): ViewTransform {
  const zoom = clampZoom(t.zoom * factor);
  const k = zoom / t.zoom;
  return { zoom, offsetX: sx - (sx - t.offsetX) * k, offsetY: sy - (sy - t.offsetY) * k };
}

/** Moves the image by (dx, dy) device pixels. */
export function pan(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { zoom: t.zoom, offsetX: t.offsetX + dx, offsetY: t.offsetY + dy };
}

/** The image pixel under screen point (sx, sy), or undefined outside a `width`×`height` image. */
export function pixelAt(t: ViewTransform, sx: number, sy: number, width: number, height: number): { x: number; y: number } | undefined {
  const x = Math.floor((sx - t.offsetX) / t.zoom);
  const y = Math.floor((sy - t.offsetY) / t.zoom);
  return x >= 0 && y >= 0 && x < width && y < height ? { x, y } : undefined;
}

/** A transform that shows the image region [x, x+w) × [y, y+h) filling most of the viewport. */
export function regionTransform(x: number, y: number, w: number, h: number, viewWidth: number, viewHeight: number): ViewTransform {
  const zoom = clampZoom(0.8 * Math.min(viewWidth / w, viewHeight / h));
  return centeredTransform(zoom, x + w / 2, y + h / 2, viewWidth, viewHeight);
}

/** "Nice" tick values between min and max (inclusive of both ends), about `count` of them. */
export function colorbarTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count - 1);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [min];
  for (let v = Math.ceil(min / step) * step; v < max - step * 0.25; v += step) {
    if (v > min + step * 0.25) ticks.push(Number(v.toPrecision(12)));
  }
  ticks.push(max);
  return ticks;
}

/** A tick label: enough digits to tell neighbouring ticks apart, no trailing noise. */
export function formatTick(value: number, span: number): string {
  if (value === 0) return '0';
  const digits = span > 0 ? Math.max(0, Math.min(6, 2 - Math.floor(Math.log10(span)))) : 3;
  return value.toFixed(digits);
}

/** PSNR as shown on the card: dB with 2 decimals, ∞ for identical images. */
export function formatPsnr(psnr: number | null | undefined, infinite: boolean): string {
  if (infinite) return '∞';
  return typeof psnr === 'number' ? psnr.toFixed(2) : '—';
}

/** SSIM, MS-SSIM, LPIPS as shown on the cards: 4 decimals. */
export function formatScore(value: number | undefined): string {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(4) : '—';
}
