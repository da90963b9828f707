/**
 * Pure parts of the batch table: columns, sort keys and orders, name filter, run-over-run lookups.
 * No DOM here, so the browser tests and unit tests can check them directly.
 */
import { higherIsBetter, pairValue, type BatchColumn, type BatchPairResult, type BatchReport } from '../../src/core/batchReport';
import type { BatchRow } from '../../src/protocol/batch';

/** A sortable column of the table. */
export type TableColumn =
  | { readonly kind: 'name' }
  | { readonly kind: 'size' }
  | { readonly kind: 'metric'; readonly column: BatchColumn }
  | { readonly kind: 'delta'; readonly column: BatchColumn }
  | { readonly kind: 'status' };

/** Sort direction: `worst` puts the least similar first (errors before them), `best` the reverse. */
export type SortDirection = 'worst' | 'best';

/** The id of a column, as stored in the view state: `name`, `size`, `metric:ssim`, `delta:psnr`, `status`. */
export function columnId(column: TableColumn): string {
  return column.kind === 'metric' || column.kind === 'delta' ? `${column.kind}:${column.column}` : column.kind;
}

/** The columns of a run: name, size, each metric, each delta when a baseline is shown, status. */
export function tableColumns(metrics: readonly BatchColumn[], withBaseline: boolean): TableColumn[] {
  return [
    { kind: 'name' },
    { kind: 'size' },
    ...metrics.map((column) => ({ kind: 'metric' as const, column })),
    ...(withBaseline ? metrics.map((column) => ({ kind: 'delta' as const, column })) : []),
    { kind: 'status' },
  ];
}

/** Baseline pairs by ground-truth path (run over run matches images by B). */
export function baselineIndex(baseline: BatchReport | undefined): Map<string, BatchPairResult> {
  const map = new Map<string, BatchPairResult>();
  for (const pair of baseline?.pairs ?? []) map.set(pair.b, pair);
  return map;
}

/** after − before on `column`, or undefined when either is missing or not finite. */
export function deltaOf(row: BatchRow, baseline: Map<string, BatchPairResult>, column: BatchColumn): number | undefined {
  const before = baseline.get(row.pair.b);
  if (!before || before.error !== undefined || row.pair.error !== undefined) return undefined;
  const u = pairValue(before, column);
  const v = pairValue(row.pair, column);
  return u !== undefined && v !== undefined && Number.isFinite(u) && Number.isFinite(v) ? v - u : undefined;
}

/**
 * A number where smaller is worse (so `worst` sorts ascending), or undefined (sorted last either
 * way); errors get -Infinity so they lead the worst-first order.
 */
function badnessKey(row: BatchRow, column: TableColumn, baseline: Map<string, BatchPairResult>): number | undefined {
  switch (column.kind) {
    case 'metric': {
      if (row.pair.error !== undefined) return -Infinity;
      const v = pairValue(row.pair, column.column);
      if (v === undefined) return undefined;
      return higherIsBetter(column.column) ? v : -v;
    }
    case 'delta': {
      const d = deltaOf(row, baseline, column.column);
      if (d === undefined) return undefined;
      return higherIsBetter(column.column) ? d : -d;
    }
    case 'size':
      return row.pair.width === null || row.pair.height === null ? undefined : row.pair.width * row.pair.height;
    case 'status':
      return row.pair.error !== undefined ? 0 : row.cached ? 2 : 1;
    case 'name':
      return undefined;
    default: {
      const never: never = column;
      throw new Error(`unknown column ${JSON.stringify(never)}`);
    }
  }
}

function byName(x: BatchRow, y: BatchRow): number {
  return x.name < y.name ? -1 : x.name > y.name ? 1 : x.index - y.index;
}

/** The visible order: rows whose name contains `filter` (case-insensitive), sorted. */
export function sortedRows(
  rows: readonly (BatchRow | undefined)[],
  column: TableColumn,
  direction: SortDirection,
  filter: string,
  baseline: Map<string, BatchPairResult>,
): BatchRow[] {
  const needle = filter.trim().toLowerCase();
  const kept: BatchRow[] = [];
  for (const row of rows) {
    if (row && (needle === '' || row.name.toLowerCase().includes(needle) || row.pair.b.toLowerCase().includes(needle))) kept.push(row);
  }
  if (column.kind === 'name') {
    kept.sort(byName);
    if (direction === 'best') kept.reverse();
    return kept;
  }
  const keys = new Map<BatchRow, number | undefined>();
  for (const row of kept) keys.set(row, badnessKey(row, column, baseline));
  const sign = direction === 'worst' ? 1 : -1;
  kept.sort((x, y) => {
    const kx = keys.get(x);
    const ky = keys.get(y);
    if (kx === undefined || ky === undefined) return kx === ky ? byName(x, y) : kx === undefined ? 1 : -1;
    if (kx !== ky) return kx < ky ? -sign : sign;
    return byName(x, y);
  });
  return kept;
}

/** Visible slice of a virtual list: first and last (exclusive) row to render. */
export function visibleRange(scrollTop: number, viewportHeight: number, rowHeight: number, total: number, overscan: number): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}
