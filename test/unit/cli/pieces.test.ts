import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { batchCsv } from '../../../src/core/batchReport';
import { conditionHolds, parseFailIf } from '../../../src/core/failIf';
import { pairFiles, stemOf } from '../../../src/core/pairing';
import { summarize } from '../../../src/core/summary';

test('pairing: exact relative paths first, then unique stems with another extension', () => {
  const p = pairFiles(
    ['0001.png', '0002.png', 'sub/0003.png', 'sub/0004.png', 'x.png', 'dup.png', 'dup.jpg', 'only-a.png'],
    ['0001.png', '0002.JPG', 'sub/0003.png', 'sub/0004.jpeg', 'x.jpeg', 'x.jpg', 'dup.jpeg', 'only-b.png'],
  );
  assert.deepEqual(p.pairs, [
    { a: '0001.png', b: '0001.png', byStem: false },
    { a: '0002.png', b: '0002.JPG', byStem: true },
    { a: 'sub/0003.png', b: 'sub/0003.png', byStem: false },
    { a: 'sub/0004.png', b: 'sub/0004.jpeg', byStem: true },
  ]);
  // x.png has two stem candidates in B and dup has two in A: ambiguous, left unmatched.
  assert.deepEqual(p.unmatched, { a: ['dup.jpg', 'dup.png', 'only-a.png', 'x.png'], b: ['dup.jpeg', 'only-b.png', 'x.jpeg', 'x.jpg'] });
  assert.equal(stemOf('a.b/c'), 'a.b/c');
  assert.equal(stemOf('d/e.f.png'), 'd/e.f');
});

test('pairing: a stem match never crosses folders', () => {
  const p = pairFiles(['a/1.png'], ['b/1.jpg']);
  assert.deepEqual(p.pairs, []);
  assert.deepEqual(p.unmatched, { a: ['a/1.png'], b: ['b/1.jpg'] });
});

test('summary: finite values only, population std, median of even count', () => {
  const s = summarize([1, 2, 3, 4, Infinity, undefined]);
  assert.equal(s.n, 4);
  assert.equal(s.nInfinite, 1);
  assert.equal(s.mean, 2.5);
  assert.equal(s.median, 2.5);
  assert.equal(s.std, Math.sqrt(1.25));
  assert.equal(s.min, 1);
  assert.equal(s.max, 4);
  assert.deepEqual(summarize([Infinity]), { n: 0, nInfinite: 1, mean: null, median: null, std: null, min: null, max: null });
});

test('--fail-if: parsing, operators, infinity', () => {
  const conditions = parseFailIf('psnr<40, ssim<=0.99,lpips>0.1,msssim>=1e-3');
  assert.deepEqual(conditions.map((c) => [c.metric, c.op, c.value]), [['psnr', '<', 40], ['ssim', '<=', 0.99], ['lpips', '>', 0.1], ['msssim', '>=', 0.001]]);
  const [psnr, ssim] = conditions as [typeof conditions[0], typeof conditions[0]];
  assert.equal(conditionHolds(psnr, 39.9), true);
  assert.equal(conditionHolds(psnr, 40), false);
  assert.equal(conditionHolds(psnr, Infinity), false);
  assert.equal(conditionHolds(ssim, 0.99), true);
  assert.equal(conditionHolds(ssim, undefined), false);
  assert.throws(() => parseFailIf('psnr=40'), /cannot read "psnr=40"/);
  assert.throws(() => parseFailIf('psnr<40,'), /expected comma-separated/);
});

test('args: defaults, values, usage errors', () => {
  const a = parseArgs(['compare', 'x.png', 'y.png']);
  assert.deepEqual([a.command, a.metrics, a.ssimVariant, a.channel, a.cropBorder, a.dataRange, a.json], ['compare', ['psnr', 'ssim'], 'wang2004', 'rgb', 0, undefined, false]);
  const b = parseArgs(['batch', 'A', 'B', '--metrics', 'lpips,ssim,psnr,msssim', '--ssim-variant=matlab', '--channel', 'y-matlab', '--crop-border', '4', '--data-range', '1', '--json', '--csv', 'o.csv', '--fail-if', 'mse>3']);
  assert.deepEqual([b.metrics, b.ssimVariant, b.channel, b.cropBorder, b.dataRange, b.csv], [['psnr', 'ssim', 'msssim', 'lpips'], 'matlab', 'y-matlab', 4, 1, 'o.csv']);
  assert.equal(parseArgs(['--version']).command, 'version');
  for (const bad of [
    [], ['diff', 'a', 'b'], ['compare', 'a'], ['compare', 'a', 'b', '--metrics', 'psnr,fsim'], ['compare', 'a', 'b', '--channel', 'lab'],
    ['compare', 'a', 'b', '--crop-border', '-1'], ['compare', 'a', 'b', '--data-range', '0'], ['compare', 'a', 'b', '--fail-if', 'lpips>0.1'],
    ['compare', 'a', 'b', '--bogus'], ['compare', 'a', 'b', '--csv', 'x.csv'], ['compare', 'a', 'b', '--metrics'],
  ]) {
    assert.throws(() => parseArgs(bad), UsageError, bad.join(' '));
  }
});

test('csv: header, computed columns only, inf, empty for missing, quoting', () => {
  const csv = batchCsv(
    [
      { a: 'A/1.png', b: 'B/1.png', width: 2, height: 3, identical: true, metrics: { mse: 0, psnr: null, ssim: 1 }, psnrInfinite: true },
      { a: 'A/x,"y".png', b: 'B/2.png', width: null, height: null, identical: null, metrics: {}, error: 'bad file' },
      { a: 'A/3.png', b: 'B/3.png', width: 2, height: 3, identical: false, metrics: { mse: 0.1, psnr: 58.13080875334538, ssim: 0.30000000000000004 } },
    ],
    ['mse', 'psnr', 'ssim'],
  );
  assert.equal(csv, [
    'a,b,width,height,mse,psnr,ssim,error',
    'A/1.png,B/1.png,2,3,0,inf,1,',
    '"A/x,""y"".png",B/2.png,,,,,,bad file',
    'A/3.png,B/3.png,2,3,0.1,58.13080875334538,0.30000000000000004,',
    '',
  ].join('\n'));
});
