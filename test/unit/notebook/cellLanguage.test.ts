/**
 * The notebook cell language (src/core/cellLanguage.ts): good cells, bad cells with clear errors
 * (line, column, what was expected), defaults, and what completion offers where.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionContext, exampleCell, formatCellErrors, parseCell, type CellParseResult, type ComparisonCell } from '../../../src/core/cellLanguage';

function ok(text: string): ComparisonCell {
  const r = parseCell(text);
  assert.ok(r.ok, `expected a valid cell, got ${r.ok ? '' : formatCellErrors(r.errors)}`);
  return r.cell;
}

function errors(text: string): string {
  const r: CellParseResult = parseCell(text);
  assert.equal(r.ok, false, 'expected errors');
  return r.ok ? '' : formatCellErrors(r.errors);
}

test('the example of the issue', () => {
  const cell = ok('compare outputs/epoch10/0001.png with gt/0001.png\nmetrics psnr ssim lpips\nssim wang2004, channel y, crop 4');
  assert.deepEqual(cell, {
    a: 'outputs/epoch10/0001.png',
    b: 'gt/0001.png',
    folder: false,
    metrics: ['psnr', 'ssim', 'lpips'],
    recipe: { ssimVariant: 'wang2004', channel: 'y', cropBorder: 4 },
    worst: 8,
  });
});

test('defaults, folder pairs, filter, worst, comments, case, commas, aliases, quotes, data range', () => {
  assert.deepEqual(ok('compare a.png with b.png'), { a: 'a.png', b: 'b.png', folder: false, metrics: ['psnr', 'ssim'], recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 }, worst: 8 });
  const folder = ok('# epoch 10 vs gt\nCOMPARE outputs/epoch10/ WITH gt/   # the validation set\n\nmetrics lpips, MS-SSIM,psnr\nfilter "**/*.{png,jpg}", worst 3\nchannel Y-MATLAB\nssim matlab\ndata-range 1023');
  assert.equal(folder.folder, true);
  assert.deepEqual(folder.metrics, ['psnr', 'msssim', 'lpips']);
  assert.equal(folder.filter, '**/*.{png,jpg}');
  assert.equal(folder.worst, 3);
  assert.deepEqual(folder.recipe, { ssimVariant: 'matlab', channel: 'y-matlab', cropBorder: 0, dataRange: 1023 });
  assert.deepEqual(ok('compare "my images/a 1.png" with "gt, final/a.png"'), { ...ok('compare x with y'), a: 'my images/a 1.png', b: 'gt, final/a.png' });
});

test('bad cells: each error names the line, column and what was expected', () => {
  assert.equal(errors(''), 'line 1, column 1: a cell needs a line "compare A with B" naming two images or two folders');
  assert.equal(errors('compare a.png b.png'), 'line 1, column 1: expected "compare A with B": the word "with" is missing between the two paths');
  assert.equal(errors('compare my a.png with b.png'), 'line 1, column 12: expected one path on each side of "with" (got 2 before and 1 after); quote paths that contain spaces');
  assert.equal(errors('compare a.png with b.png\nmetrics psnr psim'), 'line 2, column 14: unknown metric "psim"; expected one of psnr, ssim, msssim, lpips');
  assert.equal(errors('compare a.png with b.png\nssim gaussian'), 'line 2, column 6: unknown SSIM variant "gaussian"; expected one of wang2004, skimage, matlab');
  assert.equal(errors('compare a.png with b.png\nchannel lab'), 'line 2, column 9: unknown channel mode "lab"; expected one of rgb, y, y-matlab, gray');
  assert.equal(errors('compare a.png with b.png\ncrop -4'), 'line 2, column 6: "crop" needs a whole number of pixels ≥ 0, got "-4"');
  assert.equal(errors('compare a.png with b.png\ncrop 4 px'), 'line 2, column 8: "crop" takes one value: the number of pixels dropped on every side, e.g. crop 4');
  assert.equal(errors('compare a.png with b.png\ncrop 4\ncrop 2'), 'line 3, column 1: "crop" is given twice (first on line 2); keep one');
  assert.equal(errors('compare a.png with b.png\nresize 2'), 'line 2, column 1: unknown clause "resize"; expected one of compare, metrics, ssim, channel, crop, data-range, filter, worst');
  assert.equal(errors('compare a.png with b.png\nmetrics'), 'line 2, column 1: "metrics" needs at least one of psnr, ssim, msssim, lpips');
  assert.equal(errors('compare "a.png with b.png'), 'line 1, column 1: expected "compare A with B": the word "with" is missing between the two paths\nline 1, column 9: a quoted path has no closing quote ("); close it or remove the opening quote');
  assert.equal(errors('compare a.png with b.png\nworst 3'), 'line 2, column 1: "worst" applies to folder cells only; end both paths with / to compare two folders');
  assert.equal(errors('compare a/ with b/\nworst 0'), 'line 2, column 7: "worst" needs a whole number from 1 to 100, got "0"');
  // Several problems are all reported, in order.
  assert.equal(errors('metrics foo\nssim bar, crop x').split('\n').length, 4);
});

test('exampleCell parses back to what it says, quoting paths with spaces', () => {
  const text = exampleCell('out dir/a.png', 'gt/a.png', ['psnr', 'ssim'], { ssimVariant: 'skimage', channel: 'gray', cropBorder: 2 });
  assert.equal(text, 'compare "out dir/a.png" with gt/a.png\nmetrics psnr ssim\nssim skimage, channel gray, crop 2');
  const cell = ok(text);
  assert.equal(cell.a, 'out dir/a.png');
  assert.deepEqual(cell.recipe, { ssimVariant: 'skimage', channel: 'gray', cropBorder: 2 });
});

test('completion: keywords, paths after compare and with, metrics, variants, channels', () => {
  assert.deepEqual(completionContext('', 0), { kind: 'keyword', prefix: '' });
  assert.deepEqual(completionContext('me', 2), { kind: 'keyword', prefix: 'me' });
  assert.deepEqual(completionContext('compare ', 8), { kind: 'path', prefix: '', folder: '', quoted: false });
  assert.deepEqual(completionContext('compare outputs/ep', 18), { kind: 'path', prefix: 'outputs/ep', folder: 'outputs/', quoted: false });
  assert.deepEqual(completionContext('compare outputs/a.png ', 22), { kind: 'with' });
  assert.deepEqual(completionContext('compare outputs/a.png with gt/', 30), { kind: 'path', prefix: 'gt/', folder: 'gt/', quoted: false });
  assert.deepEqual(completionContext('compare "my dir/x', 17), { kind: 'path', prefix: 'my dir/x', folder: 'my dir/', quoted: true });
  assert.deepEqual(completionContext('metrics psnr ', 13), { kind: 'metric', prefix: '', used: ['psnr'] });
  assert.deepEqual(completionContext('metrics psnr, ss', 16), { kind: 'metric', prefix: 'ss', used: ['psnr'] });
  assert.deepEqual(completionContext('ssim w', 6), { kind: 'ssimVariant', prefix: 'w' });
  assert.deepEqual(completionContext('ssim wang2004, channel ', 23), { kind: 'channel', prefix: '' });
  assert.deepEqual(completionContext('ssim wang2004, cr', 17), { kind: 'keyword', prefix: 'cr' });
  assert.deepEqual(completionContext('# compare ', 10), { kind: 'none' });
});
