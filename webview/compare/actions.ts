/**
 * The action buttons (swap, open, copy Markdown/JSON/Python, save heatmap), the help and the
 * keyboard shortcuts.
 */
import { COLORMAP_NAMES, colormapLut } from '../../src/core/colormaps';
import type { CopyFormat, HeatmapKind } from '../../src/protocol/compare';
import { el } from '../dom';
import { exportJson, exportMarkdown, exportPython } from './exports';
import { heatmapRgba } from './heatmap';
import { actions, button, helpEl } from './layout';
import { HEATMAP_LABELS, VIEWS } from './model';
import { renderStatus } from './sidePanel';
import { canvasFrom, currentMap, fit, oneToOne, scheduleDraw, setTransform, setView, updateFlickerLabel } from './stage';
import { post, state } from './state';
import { pan, zoomAround } from './viewMath';

// Buttons, exports, the help and the keyboard shortcuts.

export function buildActions(): void {
  actions.textContent = '';
  actions.append(
    button('Swap A ↔ B', 'Swap A and B (S)', () => post({ type: 'swap' })),
    button('Open A', 'Open image A in an editor', () => post({ type: 'open', side: 'a' })),
    button('Open B', 'Open image B in an editor', () => post({ type: 'open', side: 'b' })),
    button('Copy Markdown', 'Copy the results as a Markdown table', () => copy('markdown')),
    button('Copy JSON', 'Copy the results as JSON (the imsim CLI shape, full precision)', () => copy('json')),
    button('Copy Python', 'Copy a Python snippet that reproduces the numbers', () => copy('python')),
    button('Save Heatmap…', 'Save the current heatmap as PNG', () => void saveHeatmap()),
    button('?', 'Keyboard shortcuts', () => toggleHelp(), 'help-button'),
  );
}

export function exportInput() {
  if (!state.scores || !state.files) return undefined;
  const derived = state.files[0].derivedNote ?? state.files[1].derivedNote;
  const scores = derived ? { ...state.scores, notices: [...state.scores.notices, derived] } : state.scores;
  return { pathA: state.files[0].path, pathB: state.files[1].path, recipe: state.scoresRecipe ?? state.recipe, scores, lpips: state.lpips, version: state.resources?.version ?? '' };
}

export function copy(format: CopyFormat): void {
  const input = exportInput();
  if (!input) {
    renderStatus('No results to copy yet.');
    return;
  }
  const text = format === 'json' ? exportJson(input) : format === 'python' ? exportPython(input) : exportMarkdown(input);
  post({ type: 'copy', format, text });
}

export async function saveHeatmap(): Promise<void> {
  const map = currentMap();
  if (!map) {
    renderStatus(`No ${HEATMAP_LABELS[state.view.heatmap]} to save.`);
    return;
  }
  const rgba = heatmapRgba(map, colormapLut(state.view.colormap));
  const c = canvasFrom(new ImageData(rgba, map.width, map.height));
  const blob = await new Promise<Blob | null>((resolve) => c.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const png = new Uint8Array(await blob.arrayBuffer());
  const stem = (state.files?.[1].label ?? 'image').replace(/\.[^.]+$/, '');
  post({ type: 'saveHeatmap', png, suggestedName: `${stem}-${state.view.heatmap}-${state.view.colormap}.png` }, [png.buffer]);
}

export function toggleHelp(): void {
  helpEl.classList.toggle('hidden');
  if (!helpEl.classList.contains('hidden')) helpEl.focus();
}

export function buildHelp(): void {
  helpEl.tabIndex = -1;
  const rows: [string, string][] = [
    ['1 – 5', 'side by side, swipe, overlay, flicker, heatmap'],
    ['F or double-click', 'fit to window'],
    ['Z', '1:1 (one image pixel per screen pixel)'],
    ['+ / − or mouse wheel', 'zoom (around the cursor)'],
    ['arrows or drag', 'pan'],
    ['Space', 'flicker: show the other image'],
    ['M', 'heatmap: next map (error, SSIM, LPIPS)'],
    ['C', 'heatmap: next colormap'],
    ['S', 'swap A and B'],
    ['?', 'this help'],
  ];
  const table = el('table');
  for (const [k, v] of rows) table.append(el('tr', {}, el('th', { text: k }), el('td', { text: v })));
  helpEl.append(el('div', { className: 'side-title', text: 'Keyboard shortcuts' }), table, button('Close', 'Close the help', () => toggleHelp()));
}

/** The keyboard shortcuts (see buildHelp). */
export function installKeyboard(): void {
  document.addEventListener('keydown', onKey);
}

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const vp = state.viewports[0];
  const t = state.transform;
  const step = 40 * (window.devicePixelRatio || 1);
  switch (event.key) {
    case '1': case '2': case '3': case '4': case '5':
      setView({ view: VIEWS[Number(event.key) - 1] });
      break;
    case 'f': case 'F': case '0':
      fit();
      break;
    case 'z': case 'Z':
      oneToOne();
      break;
    case '+': case '=':
      if (t && vp) setTransform(zoomAround(t, 1.25, vp.canvas.width / 2, vp.canvas.height / 2));
      break;
    case '-': case '_':
      if (t && vp) setTransform(zoomAround(t, 0.8, vp.canvas.width / 2, vp.canvas.height / 2));
      break;
    case 'ArrowLeft': if (t) setTransform(pan(t, step, 0)); break;
    case 'ArrowRight': if (t) setTransform(pan(t, -step, 0)); break;
    case 'ArrowUp': if (t) setTransform(pan(t, 0, step)); break;
    case 'ArrowDown': if (t) setTransform(pan(t, 0, -step)); break;
    case ' ':
      if (state.view.view !== 'flicker') return;
      state.flickerShowB = !state.flickerShowB;
      updateFlickerLabel();
      scheduleDraw();
      break;
    case 'm': case 'M': {
      const kinds: HeatmapKind[] = ['absError', 'ssim', 'lpips'];
      setView({ view: 'heatmap', heatmap: kinds[(kinds.indexOf(state.view.heatmap) + 1) % kinds.length] });
      break;
    }
    case 'c': case 'C':
      setView({ colormap: COLORMAP_NAMES[(COLORMAP_NAMES.indexOf(state.view.colormap) + 1) % COLORMAP_NAMES.length] });
      break;
    case 's': case 'S':
      post({ type: 'swap' });
      break;
    case '?':
      toggleHelp();
      break;
    case 'Escape':
      helpEl.classList.add('hidden');
      return;
    default:
      return;
  }
  event.preventDefault();
}
