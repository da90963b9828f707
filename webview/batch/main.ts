/**
 * The batch results view: the recipe line, progress with Cancel, the summary (mean, median, std,
 * min, max per metric) and a histogram per metric, and a virtualised table with one row per pair
 * (a fixed pool of row elements, so 10,000 rows keep a few dozen in the DOM), sortable by any
 * column, worst first by default, filterable by name; a click opens the comparison panel. Exports
 * are built by the host from its full-precision results. UI state lives in getState/setState.
 */
import {
  batchSummary,
  COLUMN_TITLES,
  formatMetricValue,
  formatPairedChange,
  histogram,
  pairValue,
  pairedChange,
  recipeLine,
  type BatchColumn,
  type BatchPairResult,
  type BatchSettings,
} from '../../src/core/batchReport';
import type { MetricSummary } from '../../src/core/summary';
import { HOST_TO_BATCH_TYPES } from '../../src/protocol/batch';
import type { BatchBaseline, BatchHeader, BatchProgress, BatchRow, BatchToHostMessage, HostToBatchMessage, PersistedBatchState } from '../../src/protocol/batch';
import { assertNever, isMessageOf } from '../../src/protocol/channel';
import { HostAssetLoader } from '../lpips/hostAssets';
import { BatchLpipsRunner } from './lpips';
import { applyStyles } from './styles';
import { baselineIndex, columnId, deltaOf, sortedRows, tableColumns, visibleRange, type SortDirection, type TableColumn } from './table';
import { el } from '../dom';

interface VsCodeApi {
  postMessage(message: BatchToHostMessage): void;
  getState(): unknown;
  setState(state: PersistedBatchState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;


const vscode = acquireVsCodeApi();
const ROW_HEIGHT = 22;
const OVERSCAN = 8;
const HISTOGRAM_BINS = 24;

interface Model {
  header?: BatchHeader;
  rows: (BatchRow | undefined)[];
  rowCount: number;
  progress?: BatchProgress;
  settings?: BatchSettings;
  baseline?: BatchBaseline;
  baselineByB: Map<string, BatchPairResult>;
  order: BatchRow[];
  sort?: string;
  direction: SortDirection;
  filter: string;
  mapCount: number;
  status?: string;
}

const saved = (vscode.getState() ?? {}) as Partial<PersistedBatchState>;
const model: Model = {
  rows: [],
  rowCount: 0,
  baselineByB: new Map(),
  order: [],
  sort: saved.sort,
  direction: saved.direction === 'best' ? 'best' : 'worst',
  filter: typeof saved.filter === 'string' ? saved.filter : '',
  mapCount: typeof saved.mapCount === 'number' && saved.mapCount > 0 ? saved.mapCount : 8,
};

function post(message: BatchToHostMessage): void {
  vscode.postMessage(message);
}

function saveState(): void {
  vscode.setState({ version: 1, source: model.header?.source, sort: model.sort, direction: model.direction, filter: model.filter, mapCount: model.mapCount });
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

function button(text: string, onClick: () => void, className = ''): HTMLButtonElement {
  const b = el('button', { text, className });
  b.addEventListener('click', onClick);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Columns and cells

function columns(): TableColumn[] {
  return tableColumns(model.header?.columns ?? [], model.baseline !== undefined);
}

function currentSort(): TableColumn {
  const all = columns();
  const found = all.find((c) => columnId(c) === model.sort);
  if (found) return found;
  const worst = model.header?.worstColumn;
  if (model.baseline && worst) return { kind: 'delta', column: worst };
  return worst ? { kind: 'metric', column: worst } : { kind: 'name' };
}

function columnTitle(column: TableColumn): string {
  switch (column.kind) {
    case 'name':
      return 'Name';
    case 'size':
      return 'Size';
    case 'metric':
      return COLUMN_TITLES[column.column];
    case 'delta':
      return `Δ ${COLUMN_TITLES[column.column]}`;
    case 'status':
      return 'Status';
    default: {
      const never: never = column;
      return String(never);
    }
  }
}

function columnWidth(column: TableColumn): string {
  switch (column.kind) {
    case 'name':
      return 'minmax(160px, 3fr)';
    case 'status':
      return 'minmax(120px, 2fr)';
    default:
      return 'minmax(80px, 1fr)';
  }
}

function formatDelta(column: BatchColumn, d: number | undefined): string {
  if (d === undefined) return '—';
  const text = column === 'psnr' ? d.toFixed(4) : column === 'mse' ? d.toPrecision(4) : d.toFixed(6);
  return d > 0 ? `+${text}` : text;
}

function cellText(row: BatchRow, column: TableColumn): { text: string; title?: string; className?: string } {
  const pair = row.pair;
  switch (column.kind) {
    case 'name':
      return { text: row.name, title: `${pair.a} ↔ ${pair.b}${pair.byStem ? ' (matched by stem)' : ''}` };
    case 'size':
      return { text: pair.width === null ? '—' : `${pair.width}×${pair.height}`, className: 'num' };
    case 'metric': {
      if (pair.error !== undefined) return { text: '—', className: 'num' };
      const v = pairValue(pair, column.column);
      return { text: formatMetricValue(column.column, v, column.column === 'psnr' && pair.psnrInfinite === true), title: v === undefined ? undefined : String(v), className: 'num' };
    }
    case 'delta': {
      const d = deltaOf(row, model.baselineByB, column.column);
      const worse = d !== undefined && d !== 0 && (column.column === 'psnr' || column.column === 'ssim' || column.column === 'msssim' ? d < 0 : d > 0);
      return { text: formatDelta(column.column, d), className: `num ${d === undefined || d === 0 ? '' : worse ? 'worse' : 'better'}` };
    }
    case 'status':
      return pair.error !== undefined
        ? { text: pair.error, title: pair.error }
        : { text: [pair.identical ? 'identical' : '', pair.byStem ? 'by stem' : '', row.cached ? 'cached' : ''].filter(Boolean).join(', ') };
    default: {
      const never: never = column;
      return { text: String(never) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Layout

const app = document.getElementById('app') as HTMLElement;
const titleEl = el('h1');
const recipeEl = el('p', { className: 'recipe' });
const noticesEl = el('div');
const progressEl = el('p', { className: 'progress' });
const cancelButton = button('Cancel', () => post({ type: 'cancel' }));
const statusEl = el('p', { className: 'status' });
const summaryArea = el('div', { className: 'summary-area' });
const unmatchedEl = el('div');
const filterInput = el('input');
const countInput = el('input', { className: 'count' });
const headRow = el('div', { className: 'row thead' });
const viewport = el('div', { className: 'viewport' });
const spacer = el('div', { className: 'spacer body' });
const rowPool: HTMLDivElement[] = [];

function buildLayout(): void {
  filterInput.type = 'search';
  filterInput.placeholder = 'Filter by name';
  filterInput.value = model.filter;
  filterInput.setAttribute('aria-label', 'Filter rows by name');
  filterInput.addEventListener('input', () => {
    model.filter = filterInput.value;
    saveState();
    schedule(true);
  });
  countInput.type = 'number';
  countInput.min = '1';
  countInput.max = '1000';
  countInput.value = String(model.mapCount);
  countInput.title = 'How many of the worst pairs';
  countInput.addEventListener('change', () => {
    const n = Math.floor(Number(countInput.value));
    if (Number.isFinite(n) && n > 0) {
      model.mapCount = Math.min(n, 1000);
      saveState();
    }
  });
  const toolbar = el('div', { className: 'toolbar' },
    filterInput,
    button('Export CSV…', () => post({ type: 'export', format: 'csv' })),
    button('Export JSON…', () => post({ type: 'export', format: 'json' })),
    button('Copy Summary as Markdown', () => post({ type: 'copySummary' })),
    button('Re-run', () => post({ type: 'rerun' })),
    button('Compare with Another Run…', () => post({ type: 'compareRun' })),
    button('Write Worst Heatmaps…', () => {
      const sort = currentSort();
      const column = sort.kind === 'metric' || sort.kind === 'delta' ? sort.column : (model.header?.worstColumn ?? 'ssim');
      post({ type: 'mapOut', column, count: model.mapCount });
    }),
    countInput,
  );
  const table = el('div', { className: 'table' }, headRow, viewport);
  viewport.append(spacer);
  viewport.tabIndex = 0;
  viewport.setAttribute('role', 'grid');
  viewport.addEventListener('scroll', () => renderRows());
  new ResizeObserver(() => renderRows()).observe(viewport);
  spacer.addEventListener('click', (event) => {
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('.row');
    const index = Number(rowEl?.dataset.index);
    if (rowEl && Number.isInteger(index)) post({ type: 'openPair', index });
  });
  spacer.addEventListener('keydown', (event) => {
    const rowEl = (event.target as HTMLElement).closest<HTMLElement>('.row');
    const index = Number(rowEl?.dataset.index);
    if (event.key === 'Enter' && rowEl && Number.isInteger(index)) post({ type: 'openPair', index });
  });
  const header = el('header', {}, titleEl, recipeEl, noticesEl, el('div', { className: 'toolbar' }, progressEl, cancelButton), statusEl, summaryArea, unmatchedEl, toolbar);
  app.replaceChildren(header, table);
}

// ---------------------------------------------------------------------------------------------
// Rendering

let scheduled = false;
let reorder = false;
function schedule(needsReorder: boolean): void {
  reorder ||= needsReorder;
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    if (reorder) {
      reorder = false;
      model.order = sortedRows(model.rows, currentSort(), model.direction, model.filter, model.baselineByB);
    }
    renderHeader();
    renderSummary();
    renderRows();
  });
}

function renderHeader(): void {
  const h = model.header;
  if (!h) return;
  titleEl.textContent = model.baseline ? `${model.baseline.label} → ${h.folderA} against ${h.folderB}` : `${h.folderA} ↔ ${h.folderB}`;
  recipeEl.textContent = `${recipeLine(model.settings ?? h.settings)}${h.filter ? ` · filter ${h.filter}` : ''}`;
  noticesEl.replaceChildren(...h.notices.map((n) => el('p', { className: 'notice', text: n })));
  const p = model.progress;
  const lpips = p?.lpips ? ` · LPIPS ${p.lpips.done}/${p.lpips.total}` : '';
  if (!p) progressEl.textContent = 'Listing the folders…';
  else if (p.state === 'running') progressEl.textContent = `Comparing: ${p.done}/${p.total} pairs${p.cached ? ` (${p.cached} cached)` : ''} · ${p.pairsPerSecond.toFixed(1)} pairs/s · ETA ${p.etaSeconds === null ? '…' : `${Math.ceil(p.etaSeconds)} s`}${lpips}`;
  else progressEl.textContent = `${p.state === 'done' ? 'Done' : p.state === 'cancelled' ? 'Cancelled' : 'Failed'}: ${p.done}/${p.total} pairs${p.cached ? ` (${p.cached} from the cache)` : ''}, ${p.pairsPerSecond.toFixed(1)} pairs/s${lpips}.`;
  cancelButton.hidden = p?.state !== 'running';
  statusEl.textContent = model.status ?? '';
  const unmatched = h.unmatched.a.length + h.unmatched.b.length;
  if (unmatched === 0) unmatchedEl.replaceChildren();
  else {
    const list = (side: string, files: readonly string[]) => el('div', {},
      el('strong', { text: `Only in ${side} (${files.length})` }),
      el('ul', {}, ...files.slice(0, 500).map((f) => el('li', { text: f })), ...(files.length > 500 ? [el('li', { text: `… and ${files.length - 500} more` })] : [])));
    unmatchedEl.replaceChildren(el('details', {}, el('summary', { text: `${unmatched} files without a partner` }), list(h.folderA, h.unmatched.a), list(h.folderB, h.unmatched.b)));
  }
  const cols = columns();
  app.style.setProperty('--columns', cols.map(columnWidth).join(' '));
  const sort = currentSort();
  headRow.replaceChildren(...cols.map((c) => {
    const sorted = columnId(c) === columnId(sort);
    const arrow = sorted ? (model.direction === 'worst' ? ' ▲' : ' ▼') : '';
    const order = c.kind === 'name' ? (model.direction === 'worst' ? 'A to Z' : 'Z to A') : model.direction === 'worst' ? 'worst first' : 'best first';
    const cell = el('span', {
      className: `${sorted ? 'sorted' : ''} ${c.kind === 'name' || c.kind === 'status' ? '' : 'num'}`,
      text: `${columnTitle(c)}${arrow}`,
      title: sorted ? `Sorted ${order}; click to reverse` : 'Sort by this column (worst first)',
    });
    if (sorted) cell.setAttribute('aria-sort', model.direction === 'worst' ? 'ascending' : 'descending');
    cell.setAttribute('role', 'columnheader');
    cell.addEventListener('click', () => {
      if (columnId(c) === columnId(currentSort())) model.direction = model.direction === 'worst' ? 'best' : 'worst';
      else {
        model.sort = columnId(c);
        model.direction = 'worst';
      }
      saveState();
      schedule(true);
    });
    return cell;
  }));
}

function statRow(label: string, cols: readonly BatchColumn[], pick: (s: MetricSummary, c: BatchColumn) => string, summary: Record<string, MetricSummary>): HTMLTableRowElement {
  return el('tr', {}, el('td', { text: label }), ...cols.map((c) => el('td', { text: summary[c] ? pick(summary[c] as MetricSummary, c) : '—' })));
}

function renderSummary(): void {
  const h = model.header;
  if (!h) return;
  const cols = h.columns;
  const pairs = model.rows.filter((r): r is BatchRow => r !== undefined).map((r) => r.pair);
  const summary = batchSummary(pairs, cols);
  const failed = pairs.filter((p) => p.error !== undefined).length;
  const fmt = (k: 'mean' | 'median' | 'min' | 'max') => (s: MetricSummary, c: BatchColumn) => formatMetricValue(c, s[k]);
  const rows = [
    statRow('n', cols, (s) => `${s.n}${s.nInfinite ? ` (+${s.nInfinite} ∞)` : ''}`, summary),
    statRow('mean', cols, fmt('mean'), summary),
    statRow('median', cols, fmt('median'), summary),
    statRow('std', cols, (s, c) => (s.std === null ? '—' : c === 'psnr' ? s.std.toFixed(4) : s.std.toPrecision(4)), summary),
    statRow('min', cols, fmt('min'), summary),
    statRow('max', cols, fmt('max'), summary),
  ];
  if (model.baseline) {
    const before = model.baseline.report.summary;
    rows.push(statRow(`mean, ${model.baseline.label}`, cols, fmt('mean'), before));
    // Over the pairs both runs have (a pair missing, failed or infinite in one run is left out and counted).
    const baseline = model.baseline.report;
    rows.push(statRow('Δ mean (paired)', cols, (_s, c) => formatPairedChange(c, pairedChange(baseline, { pairs }, c)), summary));
  }
  const table = el('table', { className: 'summary' },
    el('thead', {}, el('tr', {}, el('th', { text: `${pairs.length} pairs${failed ? `, ${failed} failed` : ''}` }), ...cols.map((c) => el('th', { text: COLUMN_TITLES[c] })))),
    el('tbody', {}, ...rows));
  table.setAttribute('aria-label', 'Summary statistics');
  const figures = cols.map((c) => histogramFigure(c, pairs));
  summaryArea.replaceChildren(table, el('div', { className: 'histograms' }, ...figures));
}

function histogramFigure(column: BatchColumn, pairs: readonly BatchPairResult[]): HTMLElement {
  const values = pairs.filter((p) => p.error === undefined).map((p) => pairValue(p, column));
  const hist = histogram(values, HISTOGRAM_BINS);
  const canvas = el('canvas', { className: 'histogram' });
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(220 * dpr);
  canvas.height = Math.round(64 * dpr);
  const ctx = canvas.getContext('2d');
  const peak = Math.max(1, ...hist.counts);
  if (ctx && hist.counts.length > 0) {
    ctx.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim() || '#3794ff';
    const w = canvas.width / hist.counts.length;
    hist.counts.forEach((count, i) => {
      const h = (count / peak) * (canvas.height - 2);
      ctx.fillRect(i * w + 1, canvas.height - h, Math.max(1, w - 2), h);
    });
  }
  const range = hist.counts.length === 0 ? 'no finite values' : `${formatMetricValue(column, hist.min)} … ${formatMetricValue(column, hist.max)}`;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Histogram of ${COLUMN_TITLES[column]}: ${range}`);
  return el('figure', {}, canvas, el('figcaption', { text: `${COLUMN_TITLES[column]}: ${range}${hist.nInfinite ? ` (+${hist.nInfinite} ∞)` : ''}` }));
}

let lastRenderedPost = 0;
let renderedTimer: ReturnType<typeof setTimeout> | undefined;

function renderRows(): void {
  const cols = columns();
  const order = model.order;
  spacer.style.height = `${order.length * ROW_HEIGHT}px`;
  const { first, last } = visibleRange(viewport.scrollTop, viewport.clientHeight || 600, ROW_HEIGHT, order.length, OVERSCAN);
  const needed = last - first;
  while (rowPool.length < needed) {
    const rowEl = el('div', { className: 'row' });
    rowEl.tabIndex = -1;
    rowEl.setAttribute('role', 'row');
    rowPool.push(rowEl);
    spacer.append(rowEl);
  }
  while (rowPool.length > needed) rowPool.pop()?.remove();
  for (let i = 0; i < needed; i++) {
    const row = order[first + i] as BatchRow;
    const rowEl = rowPool[i] as HTMLDivElement;
    rowEl.style.transform = `translateY(${(first + i) * ROW_HEIGHT}px)`;
    rowEl.dataset.index = String(row.index);
    rowEl.classList.toggle('error', row.pair.error !== undefined);
    while (rowEl.children.length < cols.length) rowEl.append(el('span'));
    while (rowEl.children.length > cols.length) rowEl.lastElementChild?.remove();
    cols.forEach((c, j) => {
      const cell = rowEl.children[j] as HTMLSpanElement;
      const { text, title, className } = cellText(row, c);
      if (cell.textContent !== text) cell.textContent = text;
      cell.title = title ?? '';
      cell.className = className ?? '';
    });
  }
  if (order.length === 0 && model.header) {
    if (!spacer.querySelector('.empty')) spacer.append(el('div', { className: 'empty', text: model.progress?.state === 'running' || !model.progress ? 'Waiting for the first results…' : 'No rows.' }));
  } else spacer.querySelector('.empty')?.remove();
  announceRendered();
}

/** Tells the host what is on screen (tests read it); at most every 100 ms. */
function announceRendered(): void {
  const send = () => {
    lastRenderedPost = Date.now();
    renderedTimer = undefined;
    post({ type: 'rendered', rowElements: spacer.querySelectorAll('.row').length, rows: model.order.length, sortColumn: `${columnId(currentSort())} ${model.direction}`, firstRow: model.order[0]?.name });
  };
  if (renderedTimer) return;
  const wait = Math.max(0, 100 - (Date.now() - lastRenderedPost));
  renderedTimer = setTimeout(send, wait);
}

// ---------------------------------------------------------------------------------------------
// Messages

let lpipsRunner: BatchLpipsRunner | undefined;
const hostAssets = new HostAssetLoader(post);

const isHostToBatch = isMessageOf<HostToBatchMessage>(HOST_TO_BATCH_TYPES);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isHostToBatch(event.data)) return;
  const message = event.data;
  switch (message.type) {
    case 'init':
      model.header = message.header;
      model.settings = message.header.settings;
      model.rows = [];
      model.progress = undefined;
      model.status = undefined;
      document.title = message.header.title;
      saveState();
      schedule(true);
      return;
    case 'rows':
      if (!Array.isArray(message.rows)) return;
      for (const row of message.rows) {
        if (row && Number.isInteger(row.index) && row.index >= 0 && row.index < 10_000_000 && typeof row.name === 'string' && row.pair) model.rows[row.index] = row;
      }
      schedule(true);
      return;
    case 'progress':
      model.progress = message.progress;
      model.settings = message.settings;
      schedule(false);
      return;
    case 'baseline':
      // A new comparison of runs starts sorted by the largest regression.
      if ((message.baseline ?? undefined) !== undefined && model.baseline?.label !== message.baseline?.label) {
        model.sort = undefined;
        model.direction = 'worst';
      }
      model.baseline = message.baseline ?? undefined;
      model.baselineByB = baselineIndex(model.baseline?.report);
      schedule(true);
      return;
    case 'status':
      model.status = String(message.text);
      schedule(false);
      return;
    case 'lpipsSetup':
      if (lpipsRunner) lpipsRunner.configure(message.setup);
      else lpipsRunner = new BatchLpipsRunner(message.setup, post, hostAssets.load);
      return;
    case 'lpipsJob':
      if (!lpipsRunner || !(message.a instanceof Uint8Array) || !(message.b instanceof Uint8Array) || !Number.isInteger(message.index)) return;
      lpipsRunner.enqueue({
        index: message.index,
        a: message.a,
        b: message.b,
        nameA: String(message.nameA),
        nameB: String(message.nameB),
        cropBorder: Number.isInteger(message.cropBorder) && message.cropBorder >= 0 ? message.cropBorder : 0,
      });
      return;
    case 'asset':
      hostAssets.onAsset(message);
      return;
    default:
      assertNever(message, (unknown) => console.warn('batch view: unknown message', unknown));
  }
});

applyStyles(document);
buildLayout();
post({ type: 'ready' });
