/**
 * The batch view's pure table logic (webview/batch/table.ts): columns, worst-first and best-first
 * sorts for every kind of column, name filter, run-over-run deltas, virtual list window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BatchPairResult } from '../../../src/core/batchReport';
import type { BatchRow } from '../../../src/protocol/batch';
import { baselineIndex, columnId, deltaOf, sortedRows, tableColumns, visibleRange } from '../../../webview/batch/table';

const row = (index: number, name: string, metrics: BatchPairResult['metrics'], extra: Partial<BatchPairResult> = {}): BatchRow => ({
  index, name, pair: { a: `out/${name}`, b: `gt/${name}`, width: 8, height: 8 + index, identical: false, metrics, ...extra },
});
const rows: (BatchRow | undefined)[] = [
  row(0, 'a.png', { mse: 5, psnr: 41, ssim: 0.98 }),
  row(1, 'B.png', { mse: 50, psnr: 31, ssim: 0.7 }),
  undefined, // not finished yet
  row(3, 'c.png', { mse: 0, psnr: null, ssim: 1 }, { psnrInfinite: true, identical: true }),
  { index: 4, name: 'd.png', pair: { a: 'out/d.png', b: 'gt/d.png', width: null, height: null, identical: null, metrics: {}, error: 'different sizes' } },
];
const names = (r: BatchRow[]) => r.map((x) => x.name);

test('columns and ids', () => {
  assert.deepEqual(tableColumns(['psnr', 'ssim'], false).map(columnId), ['name', 'size', 'metric:psnr', 'metric:ssim', 'status']);
  assert.deepEqual(tableColumns(['ssim'], true).map(columnId), ['name', 'size', 'metric:ssim', 'delta:ssim', 'status']);
});

test('worst first puts failures first, then least similar; best first reverses; missing values stay last', () => {
  const none = new Map<string, BatchPairResult>();
  assert.deepEqual(names(sortedRows(rows, { kind: 'metric', column: 'ssim' }, 'worst', '', none)), ['d.png', 'B.png', 'a.png', 'c.png']);
  assert.deepEqual(names(sortedRows(rows, { kind: 'metric', column: 'ssim' }, 'best', '', none)), ['c.png', 'a.png', 'B.png', 'd.png']);
  assert.deepEqual(names(sortedRows(rows, { kind: 'metric', column: 'psnr' }, 'worst', '', none)), ['d.png', 'B.png', 'a.png', 'c.png'], 'an infinite PSNR is the best');
  assert.deepEqual(names(sortedRows(rows, { kind: 'metric', column: 'mse' }, 'worst', '', none)), ['d.png', 'B.png', 'a.png', 'c.png'], 'a larger MSE is worse');
  assert.deepEqual(names(sortedRows(rows, { kind: 'name' }, 'worst', '', none)), ['B.png', 'a.png', 'c.png', 'd.png'], 'code-point order, as the CLI');
  assert.deepEqual(names(sortedRows(rows, { kind: 'size' }, 'best', '', none)), ['c.png', 'B.png', 'a.png', 'd.png']);
});

test('name filter is case-insensitive and also matches the ground-truth path', () => {
  const none = new Map<string, BatchPairResult>();
  assert.deepEqual(names(sortedRows(rows, { kind: 'name' }, 'worst', 'b.', none)), ['B.png']);
  assert.deepEqual(names(sortedRows(rows, { kind: 'name' }, 'worst', 'gt/c', none)), ['c.png']);
});

test('run over run: deltas by ground-truth path, largest regression first', () => {
  const baseline = baselineIndex({
    pairs: [
      { a: 'old/a.png', b: 'gt/a.png', width: 8, height: 8, identical: false, metrics: { ssim: 0.9 } },
      { a: 'old/B.png', b: 'gt/B.png', width: 8, height: 8, identical: false, metrics: { ssim: 0.9 } },
    ],
    unmatched: { a: [], b: [] },
    summary: {},
    settings: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0, dataRange: 255, decoder: '', version: '' },
  });
  assert.ok(Math.abs((deltaOf(rows[1] as BatchRow, baseline, 'ssim') as number) + 0.2) < 1e-12);
  assert.equal(deltaOf(rows[3] as BatchRow, baseline, 'ssim'), undefined);
  assert.deepEqual(names(sortedRows(rows, { kind: 'delta', column: 'ssim' }, 'worst', '', baseline)), ['B.png', 'a.png', 'c.png', 'd.png']);
});

test('virtual window: only the visible rows plus overscan', () => {
  assert.deepEqual(visibleRange(0, 440, 22, 10_000, 8), { first: 0, last: 28 });
  assert.deepEqual(visibleRange(22 * 9_990, 440, 22, 10_000, 8), { first: 9_982, last: 10_000 });
  assert.deepEqual(visibleRange(0, 440, 22, 0, 8), { first: 0, last: 0 });
});
