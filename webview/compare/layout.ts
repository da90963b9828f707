/**
 * The page's elements, built once at load, and the small control builders (button, select, range).
 */
import { el } from '../dom';

export function button(label: string, title: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text: label, title, className });
  b.type = 'button';
  b.addEventListener('click', onClick);
  return b;
}

export function select<T extends string>(label: string, options: readonly T[], labels: (v: T) => string, value: T, onChange: (v: T) => void, id: string): HTMLLabelElement {
  const s = el('select');
  s.id = id;
  for (const o of options) {
    const opt = el('option', { text: labels(o) });
    opt.value = o;
    s.append(opt);
  }
  s.value = value;
  s.addEventListener('change', () => onChange(s.value as T));
  return el('label', { className: 'control' }, el('span', { text: label }), s);
}

export const app = document.getElementById('app') as HTMLElement;
app.textContent = '';
export const header = el('header', { className: 'toolbar' });
export const titleEl = el('h1', { className: 'title', text: app.dataset.title ?? 'Image Similarity' });
export const actions = el('div', { className: 'actions' });
export const cardsEl = el('section', { className: 'cards' });
cardsEl.setAttribute('aria-label', 'Scores');
export const recipeEl = el('section', { className: 'recipe' });
export const statusEl = el('span', { className: 'status' });
statusEl.setAttribute('role', 'status');
export const errorEl = el('div', { className: 'error' });
errorEl.setAttribute('role', 'alert');
export const noticesEl = el('ul', { className: 'notices' });
export const viewBar = el('div', { className: 'viewbar' });
viewBar.setAttribute('role', 'toolbar');
export const viewOptions = el('div', { className: 'viewoptions' });
export const stageEl = el('div', { className: 'stage' });
export const sideEl = el('aside', { className: 'side' });
export const colorbarEl = el('div', { className: 'colorbar' });
export const worstEl = el('div', { className: 'worst' });
export const inspectorEl = el('div', { className: 'inspector', text: 'Hover the image to inspect pixels.' });
inspectorEl.setAttribute('aria-live', 'off');
export const helpEl = el('div', { className: 'help hidden' });
helpEl.setAttribute('role', 'dialog');
sideEl.append(colorbarEl, worstEl);
header.append(titleEl, actions);
app.append(header, cardsEl, el('div', { className: 'recipebar' }, recipeEl, statusEl), errorEl, noticesEl, el('div', { className: 'viewrow' }, viewBar, viewOptions), el('div', { className: 'main' }, stageEl, sideEl), inspectorEl, helpEl);

export function range(label: string, value: number, onInput: (v: number) => void, id: string): HTMLLabelElement {
  const r = el('input');
  r.type = 'range';
  r.min = '0';
  r.max = '100';
  r.id = id;
  r.value = String(Math.round(value * 100));
  r.addEventListener('input', () => onInput(Number(r.value) / 100));
  return el('label', { className: 'control' }, el('span', { text: label }), r);
}
