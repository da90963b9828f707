/**
 * The notebook renderer of `.imsim` cell outputs (NOTEBOOK_RESULT_MIME): for a pair, the score
 * cards with the recipe line and the thumbnails of A, B and the heatmap (click → comparison panel);
 * for a folder pair, the batch summary, a histogram per metric and the worst pairs as thumbnails
 * (click → comparison panel; "Open in batch view" → the full table). Output JSON is untrusted: every
 * field is checked before use, and thumbnails are shown through blob URLs of checked PNG bytes.
 */
import { COLUMN_TITLES, formatMetricValue, recipeLine, type BatchColumn } from '../../src/core/batchReport';
import type { MetricSummary } from '../../src/core/summary';
import type {
  FolderResultOutput,
  HistogramOutput,
  NotebookResultOutput,
  PairResultOutput,
  PairThumbnails,
  RendererToExtensionMessage,
  Thumbnail,
} from '../../src/protocol/notebook';
import { el } from '../dom';
import { adoptStyles } from '../styles';
import { RENDERER_CSS } from './styles';

/** The parts of VS Code's renderer API we use (vscode-notebook-renderer). */
interface OutputItem {
  readonly id: string;
  readonly mime: string;
  json(): unknown;
}
interface RendererContext {
  postMessage?(message: RendererToExtensionMessage): void;
}
interface Renderer {
  renderOutputItem(item: OutputItem, element: HTMLElement, signal?: AbortSignal): void;
  disposeOutputItem?(id?: string): void;
}



const urlsByOutput = new Map<string, string[]>();

/** A blob URL for a thumbnail whose bytes start with the PNG signature; undefined otherwise. */
function thumbnailUrl(thumbnail: Thumbnail | undefined, outputId: string): string | undefined {
  if (!thumbnail || typeof thumbnail.png !== 'string' || thumbnail.png.length > 8_000_000) return undefined;
  let binary: string;
  try {
    binary = atob(thumbnail.png);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  if (bytes.length < 8 || bytes[0] !== 0x89 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) return undefined;
  const url = URL.createObjectURL(new Blob([bytes], { type: 'image/png' }));
  urlsByOutput.set(outputId, [...(urlsByOutput.get(outputId) ?? []), url]);
  return url;
}

function figure(thumbnail: Thumbnail | undefined, caption: string, outputId: string, onClick: () => void): HTMLElement | undefined {
  const url = thumbnailUrl(thumbnail, outputId);
  if (!url) return undefined;
  const img = el('img');
  img.src = url;
  img.alt = caption;
  if (thumbnail && Number.isFinite(thumbnail.width) && Number.isFinite(thumbnail.height)) {
    img.width = thumbnail.width;
    img.height = thumbnail.height;
  }
  const fig = el('figure', { title: 'Open the comparison panel' }, img, el('figcaption', { text: caption }));
  fig.addEventListener('click', onClick);
  return fig;
}

function metricCards(output: PairResultOutput): HTMLElement {
  const cards: HTMLElement[] = [];
  const metrics = output.metrics ?? {};
  const add = (key: string, label: string, value: string, title?: string) => {
    const card = el('div', { className: 'card', title }, el('div', { className: 'label', text: label }), el('div', { className: 'value', text: value }));
    card.dataset.metric = key;
    cards.push(card);
  };
  if (metrics.psnr !== undefined || output.psnrInfinite) add('psnr', 'PSNR (dB)', formatMetricValue('psnr', typeof metrics.psnr === 'number' ? metrics.psnr : null, output.psnrInfinite === true), typeof metrics.psnr === 'number' ? String(metrics.psnr) : 'infinite: identical');
  if (typeof metrics.ssim === 'number') add('ssim', `SSIM (${output.settings?.ssimVariant ?? ''})`, formatMetricValue('ssim', metrics.ssim), String(metrics.ssim));
  if (typeof metrics.msssim === 'number') add('msssim', 'MS-SSIM', formatMetricValue('msssim', metrics.msssim), String(metrics.msssim));
  if (typeof metrics.lpips === 'number') {
    const how = [output.settings?.lpipsNetwork, output.settings?.lpipsBackend].filter(Boolean).join(', ');
    add('lpips', how ? `LPIPS (${how})` : 'LPIPS', formatMetricValue('lpips', metrics.lpips), `${metrics.lpips} (lower is more similar)`);
  }
  if (typeof metrics.mse === 'number') add('mse', 'MSE', formatMetricValue('mse', metrics.mse), String(metrics.mse));
  for (const [metric, reason] of Object.entries(output.unavailable ?? {})) {
    const card = el('div', { className: 'card unavailable', title: String(reason) }, el('div', { className: 'label', text: metric.toUpperCase() }), el('div', { className: 'value', text: String(reason) }));
    card.dataset.metric = metric;
    cards.push(card);
  }
  return el('div', { className: 'cards' }, ...cards);
}

function renderPair(output: PairResultOutput, element: HTMLElement, outputId: string, context: RendererContext): void {
  const open = () => context.postMessage?.({ type: 'openPair', a: output.a, b: output.b });
  const t: PairThumbnails = output.thumbnails ?? {};
  const figures = [
    figure(t.a, `A: ${output.a}`, outputId, open),
    figure(t.b, `B: ${output.b}`, outputId, open),
    figure(t.heatmap, t.heatmapLabel ?? 'heatmap', outputId, open),
  ].filter((f): f is HTMLElement => f !== undefined);
  const notices = (output.notices ?? []).map((n) => el('p', { className: 'note', text: String(n) }));
  element.replaceChildren(el('div', { className: 'imsim-output', title: '' },
    el('h3', { text: `${output.a} ↔ ${output.b}${output.identical ? ' (identical)' : ''}` }),
    metricCards(output),
    el('p', { className: 'recipe', text: `${output.width}×${output.height} · ${output.settings ? recipeLine(output.settings) : ''}` }),
    ...notices,
    el('div', { className: 'thumbs' }, ...figures),
    el('p', { className: 'note', text: `Ran ${String(output.ranAt ?? '').replace('T', ' ').replace(/\..*$/, '')} UTC. Click an image to open the comparison panel.` }),
  ));
}

function summaryTable(columns: readonly BatchColumn[], summary: { readonly [c: string]: MetricSummary }, pairs: number, failed: number): HTMLElement {
  const row = (label: string, pick: (s: MetricSummary, c: BatchColumn) => string) =>
    el('tr', {}, el('td', { text: label }), ...columns.map((c) => el('td', { text: summary[c] ? pick(summary[c] as MetricSummary, c) : '—' })));
  const fmt = (k: 'mean' | 'median' | 'min' | 'max') => (s: MetricSummary, c: BatchColumn) => formatMetricValue(c, s[k]);
  return el('table', {},
    el('thead', {}, el('tr', {}, el('th', { text: `${pairs} pairs${failed ? `, ${failed} failed` : ''}` }), ...columns.map((c) => el('th', { text: COLUMN_TITLES[c] ?? c })))),
    el('tbody', {},
      row('n', (s) => `${s.n}${s.nInfinite ? ` (+${s.nInfinite} ∞)` : ''}`),
      row('mean', fmt('mean')),
      row('median', fmt('median')),
      row('std', (s, c) => (s.std === null ? '—' : c === 'psnr' ? s.std.toFixed(4) : s.std.toPrecision(4))),
      row('min', fmt('min')),
      row('max', fmt('max'))));
}

function histogramFigure(column: BatchColumn, h: HistogramOutput): HTMLElement {
  const canvas = el('canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(200 * dpr);
  canvas.height = Math.round(56 * dpr);
  const counts = Array.isArray(h.counts) ? h.counts.filter((c) => typeof c === 'number').slice(0, 1000) : [];
  const ctx = canvas.getContext('2d');
  const peak = Math.max(1, ...counts);
  if (ctx && counts.length > 0) {
    ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
    const w = canvas.width / counts.length;
    counts.forEach((count, i) => {
      const height = (count / peak) * (canvas.height - 2);
      ctx.fillRect(i * w + 1, canvas.height - height, Math.max(1, w - 2), height);
    });
  }
  const range = counts.length === 0 ? 'no finite values' : `${formatMetricValue(column, h.min)} … ${formatMetricValue(column, h.max)}`;
  return el('figure', {}, canvas, el('figcaption', { text: `${COLUMN_TITLES[column] ?? column}: ${range}${h.nInfinite ? ` (+${h.nInfinite} ∞)` : ''}` }));
}

function renderFolder(output: FolderResultOutput, element: HTMLElement, outputId: string, context: RendererContext): void {
  const columns = (Array.isArray(output.columns) ? output.columns : []).filter((c): c is BatchColumn => typeof c === 'string' && c in COLUMN_TITLES);
  const histograms = columns.filter((c) => output.histograms?.[c]).map((c) => histogramFigure(c, output.histograms[c] as HistogramOutput));
  const worst = (Array.isArray(output.worst) ? output.worst : []).map((p) => {
    const open = () => context.postMessage?.({ type: 'openPair', a: String(p.a), b: String(p.b) });
    const imgs = [p.thumbnails?.a, p.thumbnails?.b, p.thumbnails?.heatmap].map((t) => {
      const url = thumbnailUrl(t, outputId);
      if (!url) return undefined;
      const img = el('img');
      img.src = url;
      img.alt = String(p.name);
      return img;
    }).filter((i): i is HTMLImageElement => i !== undefined);
    const value = formatMetricValue(output.worstColumn, typeof p.value === 'number' ? p.value : null);
    const card = el('div', { className: 'pair', title: `${p.a} ↔ ${p.b}: open the comparison panel` }, el('div', { className: 'imgs' }, ...imgs), el('figcaption', { text: `${p.name} · ${COLUMN_TITLES[output.worstColumn] ?? output.worstColumn} ${value}` }));
    card.addEventListener('click', open);
    return card;
  });
  const openView = el('button', { text: 'Open in batch view' });
  openView.addEventListener('click', () => context.postMessage?.({ type: 'openFolders', a: output.folderA, b: output.folderB }));
  const errors = (Array.isArray(output.errors) ? output.errors : []).slice(0, 20).map((e) => el('li', { text: `${e.a}: ${e.error}` }));
  const unmatched = (output.unmatched?.a ?? 0) + (output.unmatched?.b ?? 0);
  element.replaceChildren(el('div', { className: 'imsim-output' },
    el('h3', { text: `${output.folderA} ↔ ${output.folderB}` }),
    el('p', { className: 'recipe', text: `${output.settings ? recipeLine(output.settings) : ''}${unmatched ? ` · ${unmatched} files without a partner` : ''}` }),
    ...(output.notices ?? []).map((n) => el('p', { className: 'note', text: String(n) })),
    summaryTable(columns, output.summary ?? {}, Number(output.pairs) || 0, Number(output.failed) || 0),
    el('div', { className: 'histograms' }, ...histograms),
    el('h3', { text: `Worst ${worst.length} by ${COLUMN_TITLES[output.worstColumn] ?? output.worstColumn} (A, B, heatmap)` }),
    el('div', { className: 'worst' }, ...worst),
    ...(errors.length > 0 ? [el('ul', { className: 'errors' }, ...errors)] : []),
    el('p', { className: 'note' }, `Ran ${String(output.ranAt ?? '').replace('T', ' ').replace(/\..*$/, '')} UTC. `, openView),
  ));
}

function isResult(value: unknown): value is NotebookResultOutput {
  const v = value as { type?: unknown; version?: unknown } | null;
  return typeof v === 'object' && v !== null && (v.type === 'pair' || v.type === 'folder') && v.version === 1;
}

/** The renderer entry point (package.json `notebookRenderer`). */
export function activate(context: RendererContext): Renderer {
  adoptStyles(document, RENDERER_CSS);
  return {
    renderOutputItem(item, element) {
      const value = item.json();
      if (!isResult(value)) {
        element.replaceChildren(el('p', { text: 'This output is not an Image Similarity result this version can show; run the cell again.' }));
        return;
      }
      for (const url of urlsByOutput.get(item.id) ?? []) URL.revokeObjectURL(url);
      urlsByOutput.delete(item.id);
      if (value.type === 'pair') renderPair(value, element, item.id, context);
      else renderFolder(value, element, item.id, context);
    },
    disposeOutputItem(id) {
      const ids = id ? [id] : [...urlsByOutput.keys()];
      for (const key of ids) {
        for (const url of urlsByOutput.get(key) ?? []) URL.revokeObjectURL(url);
        urlsByOutput.delete(key);
      }
    },
  };
}
