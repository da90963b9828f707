/**
 * The recipe controls, the status line, errors (with the crop/scale offers after a size mismatch)
 * and notices.
 */
import type { DecodedImage } from '../../src/core/image';
import { CHANNEL_MODES, type Recipe, SSIM_VARIANTS } from '../../src/core/recipe';
import { el } from '../dom';
import { button, errorEl, noticesEl, recipeEl, select, statusEl } from './layout';
import { startLpips } from './lpips';
import { CHANNEL_LABELS, SSIM_VARIANT_LABELS } from './recipeText';
import { statusText } from './model';
import { canvasFrom, toRgba } from './stage';
import { post, saveState, state } from './state';

export function buildRecipeControls(): void {
  recipeEl.textContent = '';
  const crop = el('input');
  crop.type = 'number';
  crop.min = '0';
  crop.step = '1';
  crop.id = 'crop-border';
  crop.value = String(state.recipe.cropBorder);
  crop.addEventListener('change', () => {
    const n = Math.max(0, Math.floor(Number(crop.value) || 0));
    crop.value = String(n);
    setRecipe({ ...state.recipe, cropBorder: n });
  });
  recipeEl.append(
    select('SSIM', SSIM_VARIANTS, (v) => SSIM_VARIANT_LABELS[v], state.recipe.ssimVariant, (v) => setRecipe({ ...state.recipe, ssimVariant: v }), 'ssim-variant'),
    select('Channel', CHANNEL_MODES, (v) => CHANNEL_LABELS[v], state.recipe.channel, (v) => setRecipe({ ...state.recipe, channel: v }), 'channel'),
    el('label', { className: 'control' }, el('span', { text: 'Crop border (px)' }), crop),
  );
}

export function setRecipe(recipe: Recipe): void {
  const cropChanged = recipe.cropBorder !== state.recipe.cropBorder;
  state.recipe = recipe;
  saveState();
  post({ type: 'recompute', recipe });
  // LPIPS always sees RGB: only the crop changes it.
  if (cropChanged) startLpips();
}

export function renderStatus(text?: string): void {
  if (text !== undefined) {
    statusEl.textContent = text;
    return;
  }
  statusEl.textContent = statusText(state);
}

export function renderError(): void {
  const messages: string[] = [];
  if (state.error) messages.push(state.error.message);
  if (state.decodeError && state.decodeError !== state.error?.message) messages.push(state.decodeError);
  errorEl.textContent = messages.join('\n');
  errorEl.classList.toggle('hidden', messages.length === 0);
  const d = state.decoded;
  if (state.error && d && (d[0].image.width !== d[1].image.width || d[0].image.height !== d[1].image.height)) {
    const [a, b] = [d[0].image, d[1].image];
    const w = Math.min(a.width, b.width);
    const h = Math.min(a.height, b.height);
    const offer = el('div', { className: 'offer' });
    if (a.bitDepth === 8 && b.bitDepth === 8) {
      offer.append(
        button(`Crop both to the common top-left ${w}×${h}`, 'Compare the top-left region both images share', () => void deriveCrop(w, h), 'offer-crop'),
        button(`Scale B to A's size (${a.width}×${a.height})`, 'Resample B (bilinear); the numbers are then about the scaled image', () => void deriveScale(), 'offer-scale'),
      );
    } else {
      offer.append(el('span', { text: 'Crop or resize one of the 16-bit images first (the panel only crops or scales 8-bit images).' }));
    }
    errorEl.append(offer);
  }
}

export async function pngFromCanvas(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode a PNG');
  return new Uint8Array(await blob.arrayBuffer());
}

export function stemOf(label: string): string {
  return label.replace(/ \(.*\)$/, '');
}

export async function deriveCrop(w: number, h: number): Promise<void> {
  const d = state.decoded;
  if (!d || !state.files) return;
  const crop = async (image: DecodedImage) => {
    const full = toRgba(image);
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    (c.getContext('2d') as CanvasRenderingContext2D).putImageData(full, 0, 0, 0, 0, w, h);
    return pngFromCanvas(c);
  };
  const [a, b] = await Promise.all([crop(d[0].image), crop(d[1].image)]);
  const note = `Both images were cropped to their common top-left ${w}×${h} region; the numbers are about that region.`;
  post({ type: 'derive', files: [{ label: `${stemOf(state.files[0].label)} (cropped ${w}×${h})`, bytes: a }, { label: `${stemOf(state.files[1].label)} (cropped ${w}×${h})`, bytes: b }], note }, [a.buffer, b.buffer]);
}

export async function deriveScale(): Promise<void> {
  const d = state.decoded;
  if (!d || !state.files || !state.bytes) return;
  const bytesA = state.bytes[0];
  const target = d[0].image;
  const source = canvasFrom(toRgba(d[1].image));
  const c = document.createElement('canvas');
  c.width = target.width;
  c.height = target.height;
  const ctx = c.getContext('2d') as CanvasRenderingContext2D;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, target.width, target.height);
  const b = await pngFromCanvas(c);
  const a = new Uint8Array(bytesA);
  const note = `B was scaled from ${d[1].image.width}×${d[1].image.height} to ${target.width}×${target.height} by the browser's canvas resampling; the numbers are about the scaled image, not the file.`;
  post({ type: 'derive', files: [{ label: stemOf(state.files[0].label), bytes: a }, { label: `${stemOf(state.files[1].label)} (scaled to ${target.width}×${target.height})`, bytes: b }], note }, [a.buffer, b.buffer]);
}

export function renderNotices(): void {
  noticesEl.textContent = '';
  const notices = new Set<string>();
  for (const n of state.scores?.notices ?? []) notices.add(n);
  const s = state.scores;
  if (s) {
    const [fa, fb] = s.files;
    notices.add(`Decoder: ${s.decoder}.`);
    if ((fa.colorProfile ?? '') !== (fb.colorProfile ?? '')) {
      notices.add(`The files carry different colour profiles (A: ${fa.colorProfile ?? 'none'}, B: ${fb.colorProfile ?? 'none'}); the metrics use code values.`);
    }
    if (fa.bitDepth === 16 || fb.bitDepth === 16) notices.add('16-bit data: data range 65535 (Y modes: 255).');
  }
  for (const n of state.lpipsNotices) notices.add(n);
  const derived = state.files?.[0].derivedNote ?? state.files?.[1].derivedNote;
  if (derived) notices.add(derived);
  if (state.lpipsState === 'unavailable' && state.lpipsReason?.startsWith('LPIPS skipped')) notices.add(state.lpipsReason);
  for (const n of notices) noticesEl.append(el('li', { text: n }));
  noticesEl.classList.toggle('hidden', notices.size === 0);
}
