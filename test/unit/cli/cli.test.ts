/**
 * The imsim contract from outside: spawn dist/cli.js, check stdout JSON shapes, stderr and exit
 * codes. Expected numbers come from test/fixtures/reference/reference.json.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI, CORPUS, REFERENCE_JSON } from '../../helpers/paths';

interface RefPair { a: string; b: string; metrics: Record<string, { value: number | null }> }
const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: RefPair[] };
const ref = (a: string, b: string): RefPair => {
  const pair = reference.pairs.find((p) => p.a === a && p.b === b);
  assert.ok(pair, `reference pair ${a} ${b}`);
  return pair;
};

const tmp = mkdtempSync(join(tmpdir(), 'imsim-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function imsim(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const c = (p: string): string => join(CORPUS, p);

test('--version names the tool, decoders and onnxruntime-web', () => {
  const r = imsim('--version');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^imsim \d+\.\d+\.\d+/);
  assert.match(r.stdout, /pngjs 7\.0\.0/);
  assert.match(r.stdout, /libjpeg-turbo/);
  assert.match(r.stdout, /onnxruntime-web 1\.\d+/);
});

test('compare --json: shape and numbers equal the reference', () => {
  const r = imsim('compare', c('astronaut/ref.png'), c('astronaut/noise_s51.png'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ['a', 'b', 'width', 'height', 'identical', 'metrics', 'notices', 'settings']);
  assert.deepEqual(Object.keys(out.metrics), ['mse', 'psnr', 'ssim']);
  assert.deepEqual(Object.keys(out.settings), ['ssimVariant', 'channel', 'cropBorder', 'dataRange', 'decoder', 'version']);
  assert.equal(out.width, 512);
  assert.equal(out.height, 512);
  assert.equal(out.identical, false);
  const expected = ref('astronaut/ref.png', 'astronaut/noise_s51.png').metrics;
  assert.ok(Math.abs(out.metrics.psnr - (expected.psnr?.value as number)) < 1e-6);
  assert.ok(Math.abs(out.metrics.mse - (expected.mse?.value as number)) < 1e-6);
  assert.ok(Math.abs(out.metrics.ssim - (expected.ssim_wang2004?.value as number)) < 1e-6);
  assert.deepEqual(out.settings.ssimVariant, 'wang2004');
  assert.equal(out.settings.dataRange, 255);
  assert.match(out.settings.decoder, /pngjs/);
});

test('compare: the recipe of the issue (matlab, gray, crop 4, msssim) equals the reference', () => {
  const r = imsim('compare', c('chelsea/ref.png'), c('chelsea/blur_s3.png'), '--json', '--metrics', 'psnr,ssim,msssim', '--ssim-variant', 'matlab', '--channel', 'gray', '--crop-border', '4');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out.metrics), ['mse', 'psnr', 'ssim', 'msssim']);
  assert.equal(out.settings.channel, 'gray');
  assert.equal(out.settings.cropBorder, 4);
  assert.equal(out.settings.ssimVariant, 'matlab');
  assert.ok(out.metrics.ssim > 0 && out.metrics.ssim < 1);
  // Cross-check pieces of the recipe that the reference holds separately.
  const plain = JSON.parse(imsim('compare', c('chelsea/ref.png'), c('chelsea/blur_s3.png'), '--json', '--metrics', 'msssim', '--channel', 'gray').stdout);
  assert.ok(Math.abs(plain.metrics.msssim - (ref('chelsea/ref.png', 'chelsea/blur_s3.png').metrics.msssim_gray?.value as number)) < 1e-6);
  const crop = JSON.parse(imsim('compare', c('chelsea/ref.png'), c('chelsea/blur_s3.png'), '--json', '--crop-border', '4').stdout);
  assert.ok(Math.abs(crop.metrics.psnr - (ref('chelsea/ref.png', 'chelsea/blur_s3.png').metrics.psnr_crop4?.value as number)) < 1e-6);
  assert.ok(Math.abs(crop.metrics.ssim - (ref('chelsea/ref.png', 'chelsea/blur_s3.png').metrics.ssim_wang2004_crop4?.value as number)) < 1e-6);
});

test('compare: identical images give psnr null and psnrInfinite', () => {
  const r = imsim('compare', c('camera/ref.png'), c('camera/ref.png'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.identical, true);
  assert.equal(out.metrics.psnr, null);
  assert.equal(out.metrics.mse, 0);
  assert.equal(out.metrics.ssim, 1);
  assert.equal(out.psnrInfinite, true);
});

test('compare: input errors are one line naming the file, exit 1', () => {
  const text = join(tmp, 'notes.png');
  writeFileSync(text, 'this is not an image\n');
  const truncated = join(tmp, 'truncated.png');
  writeFileSync(truncated, readFileSync(c('lpips/ex_ref.png')).subarray(0, 400));
  const cases: [string, string, RegExp][] = [
    [join(tmp, 'missing.png'), c('lpips/ex_ref.png'), /missing\.png: no such file/],
    [text, c('lpips/ex_ref.png'), /notes\.png/],
    [truncated, c('lpips/ex_ref.png'), /truncated\.png/],
    [c('lpips/ex_ref.png'), c('astronaut/ref.png'), /different sizes.*64×64.*512×512/],
  ];
  for (const [a, b, pattern] of cases) {
    const r = imsim('compare', a, b, '--json');
    assert.equal(r.code, 1, `${a} ${b}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\s+at\s+\S+\s+\(/, 'no stack trace');
  }
  const small = imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p0.png'), '--metrics', 'msssim');
  assert.equal(small.code, 1);
  assert.match(small.stderr, /msssim|MS-SSIM/);
  assert.match(small.stderr, /176/);
});

test('compare: usage errors exit 2, --fail-if exits 3 after printing', () => {
  assert.equal(imsim('compare', c('lpips/ex_ref.png')).code, 2);
  assert.equal(imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p0.png'), '--fail-if', 'lpips>0.1').code, 2);
  const held = imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p0.png'), '--json', '--fail-if', 'psnr<40');
  assert.equal(held.code, 3);
  assert.ok(JSON.parse(held.stdout).metrics.psnr < 40);
  assert.match(held.stderr, /psnr<40/);
  assert.equal(imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p0.png'), '--fail-if', 'psnr>40,ssim>0.999').code, 0);
  // An input error takes precedence over --fail-if.
  assert.equal(imsim('compare', c('lpips/ex_ref.png'), join(tmp, 'nope.png'), '--fail-if', 'psnr<40').code, 1);
});

test('batch: pairing, unmatched, summary, JSON, CSV, exit codes', () => {
  const dirA = join(tmp, 'A');
  const dirB = join(tmp, 'B');
  mkdirSync(join(dirA, 'sub'), { recursive: true });
  mkdirSync(join(dirB, 'sub'), { recursive: true });
  mkdirSync(join(dirB, '.hidden'), { recursive: true });
  copyFileSync(c('lpips/ex_ref.png'), join(dirA, '0001.png'));
  copyFileSync(c('lpips/ex_p0.png'), join(dirB, '0001.png'));
  copyFileSync(c('lpips/ex_ref.png'), join(dirA, 'sub', 'same.png'));
  copyFileSync(c('lpips/ex_ref.png'), join(dirB, 'sub', 'same.png'));
  copyFileSync(c('astronaut/ref.png'), join(dirA, 'astro.png'));
  copyFileSync(c('astronaut/jpeg_q10.jpg'), join(dirB, 'astro.JPG'));
  copyFileSync(c('lpips/ex_ref.png'), join(dirA, 'only-a.png'));
  copyFileSync(c('lpips/ex_ref.png'), join(dirB, '.hidden', 'only-a.png'));
  writeFileSync(join(dirB, 'notes.txt'), 'not a candidate');

  const csvPath = join(tmp, 'out.csv');
  const jsonPath = join(tmp, 'out.json');
  const r = imsim('batch', dirA, dirB, '--json', '--csv', csvPath, '--json-out', jsonPath, '--workers', '2');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(JSON.parse(readFileSync(jsonPath, 'utf8')), out);
  assert.deepEqual(Object.keys(out), ['pairs', 'unmatched', 'summary', 'settings']);
  assert.deepEqual(out.pairs.map((p: { a: string; b: string; byStem?: boolean }) => [p.a, p.b, p.byStem ?? false]), [
    [join(dirA, '0001.png'), join(dirB, '0001.png'), false],
    [join(dirA, 'astro.png'), join(dirB, 'astro.JPG'), true],
    [join(dirA, 'sub', 'same.png'), join(dirB, 'sub', 'same.png'), false],
  ]);
  assert.deepEqual(out.unmatched, { a: [join(dirA, 'only-a.png')], b: [] });
  assert.match(r.stderr, /only-a\.png/);
  const astro = ref('astronaut/ref.png', 'astronaut/jpeg_q10.jpg').metrics;
  assert.ok(Math.abs(out.pairs[1].metrics.psnr - (astro.psnr?.value as number)) < 1e-6, 'JPEG pair decoded like libjpeg-turbo');
  assert.equal(out.pairs[2].psnrInfinite, true);
  assert.equal(out.pairs[2].metrics.psnr, null);
  assert.deepEqual(Object.keys(out.summary), ['mse', 'psnr', 'ssim']);
  assert.equal(out.summary.psnr.n, 2);
  assert.equal(out.summary.psnr.nInfinite, 1);
  assert.equal(out.summary.ssim.n, 3);
  const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
  assert.equal(csv[0], 'a,b,width,height,mse,psnr,ssim,error');
  assert.equal(csv.length, 4);
  assert.match(csv[3] as string, /,0,inf,1,$/);
  assert.equal((csv[1] as string).split(',')[5], String(out.pairs[0].metrics.psnr));

  const mapDir = join(tmp, 'maps');
  const maps = imsim('batch', dirA, dirB, '--map-out', mapDir, '--map-count', '2', '--quiet');
  assert.equal(maps.code, 0, maps.stderr);
  const written = readdirSync(mapDir).sort();
  assert.equal(written.length, 2, written.join(', '));
  for (const f of written) assert.deepEqual([...readFileSync(join(mapDir, f)).subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], f);
  assert.match(maps.stderr, /wrote/);

  const gate = imsim('batch', dirA, dirB, '--fail-if', 'ssim<0.5', '--json');
  assert.equal(gate.code, 3);
  assert.equal(JSON.parse(gate.stdout).pairs.length, 3);

  writeFileSync(join(dirA, 'broken.png'), 'garbage');
  writeFileSync(join(dirB, 'broken.png'), 'garbage');
  const failed = imsim('batch', dirA, dirB, '--json', '--fail-if', 'ssim<0.5');
  assert.equal(failed.code, 1, 'a failed pair wins over --fail-if');
  const broken = JSON.parse(failed.stdout).pairs.find((p: { a: string }) => p.a.endsWith('broken.png'));
  assert.match(broken.error, /broken\.png/);
  assert.equal(imsim('batch', dirA, join(tmp, 'no-such-dir')).code, 1);
});

test('compare --metrics lpips: squeeze on WASM, equal to the official code', () => {
  const r = imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p1.png'), '--json', '--metrics', 'lpips,psnr');
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out.metrics), ['mse', 'psnr', 'lpips']);
  assert.equal(out.settings.lpipsNetwork, 'squeeze');
  assert.equal(out.settings.lpipsBackend, 'wasm');
  const expected = ref('lpips/ex_ref.png', 'lpips/ex_p1.png').metrics['lpips_squeeze_v0.1']?.value as number;
  assert.ok(Math.abs(out.metrics.lpips - expected) < 1e-5, `${out.metrics.lpips} vs ${expected}`);
  // Too small for LPIPS after the crop: an input error naming the metric.
  const small = imsim('compare', c('lpips/ex_ref.png'), c('lpips/ex_p1.png'), '--metrics', 'lpips', '--crop-border', '24');
  assert.equal(small.code, 1);
  assert.match(small.stderr, /lpips|LPIPS/);
  assert.match(small.stderr, /17/);
});
