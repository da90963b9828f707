/**
 * src/core/batchReport.ts, globFilter.ts, mapOut.ts and the pairing rules: export formats equal the
 * CLI's (src/cli/output.ts), statistics, worst-first order, histogram, run-over-run deltas, Markdown,
 * glob filter, PNG encoding (decoded back with pngjs).
 */
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import {
  batchCsv,
  batchSummary,
  computedColumns,
  histogram,
  runDeltas,
  runSummaryMarkdown,
  pairedChange,
  formatPairedChange,
  summaryMarkdown,
  worstFirstOrder,
  type BatchPairResult,
  type BatchReport,
} from '../../../src/core/batchReport';
import { globMatcher } from '../../../src/core/globFilter';
import { crc32, encodePngRgba, heatmapFileName, heatmapRgba, worstPairs } from '../../../src/core/mapOut';
import { pairFiles } from '../../../src/core/pairing';

const pair = (a: string, metrics: BatchPairResult['metrics'], extra: Partial<BatchPairResult> = {}): BatchPairResult => ({
  a: `out/${a}`, b: `gt/${a}`, width: 4, height: 3, identical: false, metrics, ...extra,
});

const pairs: BatchPairResult[] = [
  pair('a.png', { mse: 10, psnr: 38.13, ssim: 0.91 }),
  pair('b,"quoted".png', { mse: 0, psnr: null, ssim: 1 }, { identical: true, psnrInfinite: true }),
  pair('c.png', { mse: 100, psnr: 28.13, ssim: 0.5 }, { byStem: true }),
  { a: 'out/d.png', b: 'gt/d.png', width: null, height: null, identical: null, metrics: {}, error: 'out/d.png: the images have different sizes' },
  pair('e.png', { mse: 1e-7, psnr: 118.1, ssim: 0.999999 }),
];

test('CSV equals the CLI writer byte for byte (quoting, inf, empty values, error column)', () => {
  const columns = computedColumns(['psnr', 'ssim']);
  assert.deepEqual(columns, ['mse', 'psnr', 'ssim']);
  const csv = batchCsv(pairs, columns);
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines[0], 'a,b,width,height,mse,psnr,ssim,error');
  assert.equal(lines[2], '"out/b,""quoted"".png","gt/b,""quoted"".png",4,3,0,inf,1,');
  assert.equal(lines[4], 'out/d.png,gt/d.png,,,,,,out/d.png: the images have different sizes');
  assert.equal(lines[5], 'out/e.png,gt/e.png,4,3,1e-7,118.1,0.999999,');
  assert.deepEqual(computedColumns(['ssim', 'lpips', 'msssim']), ['ssim', 'msssim', 'lpips']);
});

test('summary: finite values only, infinite PSNR counted apart, failed pairs left out, population std', () => {
  const s = batchSummary(pairs, ['psnr', 'ssim']);
  assert.equal(s.psnr?.n, 3);
  assert.equal(s.psnr?.nInfinite, 1);
  assert.equal(s.psnr?.median, 38.13);
  assert.equal(s.ssim?.n, 4);
  const v = [0.91, 1, 0.5, 0.999999];
  const mean = v.reduce((x, y) => x + y) / 4;
  assert.ok(Math.abs((s.ssim?.mean as number) - mean) < 1e-15);
  assert.ok(Math.abs((s.ssim?.std as number) - Math.sqrt(v.reduce((x, y) => x + (y - mean) ** 2, 0) / 4)) < 1e-15);
});

test('worst first: errors, then least similar; MSE and LPIPS reversed; missing values last', () => {
  assert.deepEqual(worstFirstOrder(pairs, 'ssim').map((i) => pairs[i]?.a), ['out/d.png', 'out/c.png', 'out/a.png', 'out/e.png', 'out/b,"quoted".png']);
  assert.deepEqual(worstFirstOrder(pairs, 'psnr').map((i) => pairs[i]?.a), ['out/d.png', 'out/c.png', 'out/a.png', 'out/e.png', 'out/b,"quoted".png']);
  assert.deepEqual(worstFirstOrder(pairs, 'mse').map((i) => pairs[i]?.a), ['out/d.png', 'out/c.png', 'out/a.png', 'out/e.png', 'out/b,"quoted".png']);
  assert.deepEqual(worstFirstOrder(pairs, 'lpips').map((i) => pairs[i]?.a).slice(0, 1), ['out/d.png']);
  assert.deepEqual(worstPairs(pairs, 'ssim', 2).map((p) => p.a), ['out/c.png', 'out/a.png']);
  assert.deepEqual(worstPairs(pairs, 'psnr', 10).map((p) => p.a), ['out/c.png', 'out/a.png', 'out/e.png'], 'the infinite PSNR has no heatmap worth writing');
});

test('histogram: equal-width bins over finite values, infinite values counted apart', () => {
  const h = histogram([0, 1, 2, 3, 4, Infinity, undefined], 4);
  assert.deepEqual(h.counts, [1, 1, 1, 2]);
  assert.equal(h.min, 0);
  assert.equal(h.max, 4);
  assert.equal(h.nInfinite, 1);
  assert.deepEqual(histogram([5, 5, 5], 10).counts, [3]);
  assert.deepEqual(histogram([], 10).counts, []);
});

function report(ps: BatchPairResult[]): BatchReport {
  return {
    pairs: ps,
    unmatched: { a: [], b: ['gt/x.png'] },
    summary: batchSummary(ps, ['mse', 'psnr', 'ssim']),
    settings: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0, dataRange: 255, decoder: 'pngjs', version: '0.1.0' },
  };
}

test('Markdown summary: one row per metric, counts, recipe line, pipes escaped', () => {
  const md = summaryMarkdown(report(pairs), 'epoch 10 | val');
  const lines = md.trimEnd().split('\n');
  assert.equal(lines[0], '**epoch 10 \\| val**');
  assert.equal(lines[2], '| Metric | n | mean | median | std | min | max |');
  assert.match(lines[5] ?? '', /^\| PSNR \(dB\) \| 3 \(\+1 ∞\) \| /);
  assert.match(md, /5 pairs, 1 failed, 1 unmatched files\. SSIM wang2004 · channel rgb · crop 0 · data range 255 · decoder pngjs · imsim 0\.1\.0/);
});

test('run over run: deltas by ground-truth path, largest regression first', () => {
  const before = report([pair('a.png', { psnr: 30, ssim: 0.9 }), pair('c.png', { psnr: 25, ssim: 0.7 }), pair('only_before.png', { psnr: 20, ssim: 0.1 })]);
  const after = report([
    { ...pair('a.png', { psnr: 28, ssim: 0.8 }), a: 'out20/a.png' },
    { ...pair('c.png', { psnr: 27, ssim: 0.75 }), a: 'out20/c.png' },
    { ...pair('new.png', { psnr: 40, ssim: 0.99 }), a: 'out20/new.png' },
  ]);
  const deltas = runDeltas(before, after, 'ssim');
  assert.deepEqual(deltas.map((d) => d.b), ['gt/a.png', 'gt/c.png', 'gt/new.png', 'gt/only_before.png']);
  assert.ok(Math.abs((deltas[0]?.delta.ssim as number) + 0.1) < 1e-12);
  assert.ok(Math.abs((deltas[0]?.regression as number) - 0.1) < 1e-12);
  assert.equal(deltas[0]?.delta.psnr, -2);
  assert.equal(deltas[2]?.regression, undefined);
  const md = runSummaryMarkdown(before, after, ['epoch 10', 'epoch 20']);
  assert.match(md, /\| Metric \| epoch 10 mean \| epoch 20 mean \| Δ mean \(paired\) \|/);
  // The means are over different sets (25.0000 vs 31.6667); the change is over the 2 pairs both runs have.
  assert.match(md, /\| PSNR \(dB\) \| 25\.0000 \| 31\.6667 \| \+0\.0000 \(2 paired, 2 left out\) \|/);
});

test('run over run: the change is over the pairs both runs have, never a difference of means over different sets', () => {
  const gt = ['0.png', '1.png', '2.png', '3.png'];
  // Run A misses 3.png; run B fails on 2.png and has an identical (infinite PSNR) 1.png.
  const before = report([pair(gt[0] as string, { psnr: 30, ssim: 0.9 }), pair(gt[1] as string, { psnr: 20, ssim: 0.5 }), pair(gt[2] as string, { psnr: 10, ssim: 0.1 })]);
  const failed: BatchPairResult = { ...pair(gt[2] as string, {}), width: null, height: null, identical: null, error: 'truncated' };
  const infinite: BatchPairResult = { ...pair(gt[1] as string, { ssim: 1 }), metrics: { mse: 0, psnr: null, ssim: 1 }, psnrInfinite: true };
  const after = report([pair(gt[0] as string, { psnr: 33, ssim: 0.95 }), infinite, failed, pair(gt[3] as string, { psnr: 50, ssim: 0.99 })]);
  assert.deepEqual(pairedChange(before, after, 'psnr'), { n: 1, meanDelta: 3, excluded: 3 });
  const ssim = pairedChange(before, after, 'ssim');
  assert.equal(ssim.n, 2);
  assert.ok(Math.abs((ssim.meanDelta as number) - 0.275) < 1e-12, String(ssim.meanDelta));
  assert.equal(formatPairedChange('psnr', pairedChange(before, after, 'psnr')), '+3.0000 (1 paired, 3 left out)');
  assert.deepEqual(pairedChange(before, report([]), 'psnr'), { n: 0, meanDelta: null, excluded: 3 });
  assert.equal(formatPairedChange('psnr', pairedChange(before, report([]), 'psnr')), '—');
});

test('glob filter: *, **, ?, {a,b}; name-only patterns match at any depth; clear error for a lone {', () => {
  const paths = ['a.png', 'val/b.png', 'val/deep/c.jpg', 'train/d.png', 'val/e.jpeg'];
  const keep = (g: string) => paths.filter(globMatcher(g));
  assert.deepEqual(keep(''), paths);
  assert.deepEqual(keep('*.png'), ['a.png', 'val/b.png', 'train/d.png']);
  assert.deepEqual(keep('val/**'), ['val/b.png', 'val/deep/c.jpg', 'val/e.jpeg']);
  assert.deepEqual(keep('val/*.png'), ['val/b.png']);
  assert.deepEqual(keep('**/*.{jpg,jpeg}'), ['val/deep/c.jpg', 'val/e.jpeg']);
  assert.deepEqual(keep('?.png'), ['a.png', 'val/b.png', 'train/d.png']);
  assert.throws(() => globMatcher('*.{png'), /"\*\.\{png" has a "\{" without its "\}"/);
});

test('pairing: exact paths, nested folders, stems with another extension, ambiguity, unmatched, case', () => {
  const p = pairFiles(
    ['0001.png', 'sub/0002.png', '0003.jpg', '0004.png', '0004.jpeg', 'a_only.png', 'CASE.PNG'],
    ['0001.png', 'sub/0002.png', '0003.png', '0004.jpg', 'b_only.png', 'case.png'],
  );
  assert.deepEqual(p.pairs, [
    { a: '0001.png', b: '0001.png', byStem: false },
    { a: '0003.jpg', b: '0003.png', byStem: true },
    { a: 'sub/0002.png', b: 'sub/0002.png', byStem: false },
  ]);
  assert.deepEqual(p.unmatched.a, ['0004.jpeg', '0004.png', 'CASE.PNG', 'a_only.png']);
  assert.deepEqual(p.unmatched.b, ['0004.jpg', 'b_only.png', 'case.png']);
});

test('heatmap PNG: encoder output decodes with pngjs to the same pixels; CRC-32 check value; file names', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  const map = { width: 5, height: 3, data: Float32Array.from({ length: 15 }, (_, i) => 1 - i / 14), min: 0, max: 1, valid: { left: 1, top: 0, right: 5, bottom: 3 } };
  const rgba = heatmapRgba(map, 'ssim', 'grayscale');
  assert.deepEqual([...rgba.subarray(0, 4)], [128, 128, 128, 255], 'outside the valid region: mid-gray');
  assert.deepEqual([...rgba.subarray(4, 8)], [18, 18, 18, 255], '1 − SSIM 0.0714 → level 18 on grayscale');
  const png = encodePngRgba(5, 3, rgba, (d) => deflateSync(d));
  const decoded = PNG.sync.read(Buffer.from(png));
  assert.equal(decoded.width, 5);
  assert.equal(decoded.height, 3);
  assert.deepEqual([...decoded.data], [...rgba]);
  assert.throws(() => encodePngRgba(2, 2, new Uint8Array(15), (d) => d), /expected 16 bytes for 2×2 RGBA, got 15/);
  assert.equal(heatmapFileName(pairs[2] as BatchPairResult, 1, 'ssim', 'nested dir/c.png'), '001_ssim_0.500000_nested_dir_c.png');
});
