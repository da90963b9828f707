/**
 * The score cards (PSNR, SSIM, MS-SSIM, LPIPS) with their recipe lines; reports the text shown to
 * the host (`rendered`, for tests and accessibility).
 */
import { el } from '../dom';
import { cardsEl } from './layout';
import { lpipsRecipeLine, recipeLines } from './recipeText';
import { post, state } from './state';
import { formatPsnr, formatScore } from './viewMath';

export function card(metric: string, name: string, value: string, unit: string, direction: string, recipe: string, extra?: HTMLElement): HTMLElement {
  const c = el('div', { className: 'card' });
  c.dataset.metric = metric;
  const v = el('div', { className: 'value', text: value });
  v.dataset.metric = metric;
  c.append(el('div', { className: 'name' }, el('span', { text: name }), el('span', { className: 'direction', text: direction })), el('div', { className: 'valueline' }, v, el('span', { className: 'unit', text: unit })), el('div', { className: 'recipe-line', text: recipe }));
  if (extra) c.append(extra);
  return c;
}

export function perChannel(values: readonly number[] | undefined): HTMLElement | undefined {
  if (!values || values.length !== 3) return undefined;
  const d = el('details', { className: 'channels' });
  d.append(el('summary', { text: 'per channel' }), el('div', { text: `R ${formatScore(values[0])} · G ${formatScore(values[1])} · B ${formatScore(values[2])}` }));
  return d;
}

export function renderCards(): void {
  cardsEl.textContent = '';
  const metrics = state.settings?.metrics ?? ['psnr', 'ssim', 'msssim', 'lpips'];
  const s = state.scores;
  const r = state.scoresRecipe ?? state.recipe;
  const lines = s ? recipeLines(r, s.dataRange, s.ssimDownsampleFactor) : undefined;
  const pending = state.computing ? 'computing…' : state.error ? 'failed' : 'waiting…';
  const displayed: Record<string, string> = {};
  const unavailable = (m: string) => s?.unavailable[m];
  const none = state.error && !s ? '—' : '…';
  if (metrics.includes('psnr')) {
    const value = s ? (unavailable('psnr') ? 'n/a' : formatPsnr(s.metrics.psnr, s.psnrInfinite)) : none;
    displayed.psnr = value;
    const mse = s?.metrics.mse;
    c(card('psnr', 'PSNR', value, 'dB', 'higher is more similar', unavailable('psnr') ?? lines?.psnr ?? pending, typeof mse === 'number' ? el('div', { className: 'sub', text: `MSE ${mse.toPrecision(6)}` }) : undefined));
  }
  if (metrics.includes('ssim')) {
    const value = s ? (unavailable('ssim') ? 'n/a' : formatScore(s.metrics.ssim)) : none;
    displayed.ssim = value;
    c(card('ssim', 'SSIM', value, '', 'higher is more similar', unavailable('ssim') ?? lines?.ssim ?? pending, perChannel(s?.perChannel.ssim)));
  }
  if (metrics.includes('msssim')) {
    const stillComputing = !s || state.pending.includes('msssim');
    const value = !s ? none : stillComputing ? '…' : unavailable('msssim') ? 'n/a' : formatScore(s.metrics.msssim);
    displayed.msssim = value;
    const mc = card('msssim', 'MS-SSIM', value, '', 'higher is more similar', (stillComputing ? undefined : unavailable('msssim')) ?? lines?.msssim ?? pending, perChannel(s?.perChannel.msssim));
    if (s && stillComputing) mc.querySelector('.value')?.prepend(el('span', { className: 'spinner' }));
    c(mc);
  }
  if (metrics.includes('lpips')) {
    let value = '…';
    let line = 'waiting for the images…';
    if (state.lpipsState === 'running') line = 'running in a Web Worker…';
    if (state.lpipsState === 'done' && state.lpips) {
      value = formatScore(state.lpips.value);
      line = lpipsRecipeLine(state.lpips, r.cropBorder);
    }
    if (state.lpipsState === 'unavailable') {
      value = 'n/a';
      line = state.lpipsReason ?? 'not available';
    }
    displayed.lpips = value;
    const lc = card('lpips', 'LPIPS', value, '', 'lower is more similar', line);
    if (state.lpipsState === 'running') lc.querySelector('.value')?.prepend(el('span', { className: 'spinner' }));
    c(lc);
  }
  function c(node: HTMLElement) {
    cardsEl.append(node);
  }
  post({ type: 'rendered', cards: displayed });
}
