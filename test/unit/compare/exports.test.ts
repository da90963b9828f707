/**
 * The panel's copy actions (webview/compare/exports.ts). The Python snippet is run, as a user would
 * paste it, under Debian's python3 with scikit-image (scripts/setup.sh installs python3-skimage),
 * and must print the panel's PSNR and SSIM for every SSIM variant, channel mode and a crop, on PNG,
 * gray and JPEG pairs. Markdown holds the displayed numbers and recipe lines; JSON is
 * `imsim compare --json`'s object for the same pair.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Recipe } from '../../../src/core/recipe';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';
import type { PanelScores } from '../../../src/protocol/compare';
import { compareFiles } from '../../../src/worker/compareFiles';
import { exportJson, exportMarkdown, exportPython } from '../../../webview/compare/exports';
import type { ExportInput } from '../../../webview/compare/exports';
import { CORPUS, REPO_ROOT } from '../../helpers/paths';

initJpegTurboFromDisk();

/** Debian's interpreter: its python3-skimage is the peer (a pyenv or venv python may lack it). */
const PYTHON = process.env.IMSIM_PYTHON ?? '/usr/bin/python3';

function panelInput(a: string, b: string, recipe: Recipe): ExportInput {
  const pathA = join(CORPUS, a);
  const pathB = join(CORPUS, b);
  const result = compareFiles(new Uint8Array(readFileSync(pathA)), new Uint8Array(readFileSync(pathB)), pathA, pathB, { metrics: ['psnr', 'ssim', 'msssim'], recipe, strict: false }, 'serial');
  const scores: PanelScores = { ...result, maps: {} };
  return { pathA, pathB, recipe, scores, version: '0.0.0-test' };
}

function runPython(script: string): Map<string, number> {
  const run = spawnSync(PYTHON, ['-'], { input: script, encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`cannot run ${PYTHON} (scripts/setup.sh installs python3-skimage): ${run.error.message}`);
  assert.equal(run.status, 0, `the snippet failed:\n${run.stderr}\n--- snippet ---\n${script}`);
  const printed = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    printed.set(name, Number(value));
  }
  return printed;
}

const RECIPES: { a: string; b: string; recipe: Recipe }[] = [
  { a: 'astronaut/ref.png', b: 'astronaut/noise_s51.png', recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 } },
  { a: 'astronaut/ref.png', b: 'astronaut/blur_s3.png', recipe: { ssimVariant: 'skimage', channel: 'rgb', cropBorder: 4 } },
  { a: 'astronaut/ref.png', b: 'astronaut/contrast_x0.6.png', recipe: { ssimVariant: 'matlab', channel: 'rgb', cropBorder: 0 } },
  { a: 'chelsea/ref.png', b: 'chelsea/noise_s51.png', recipe: { ssimVariant: 'wang2004', channel: 'y', cropBorder: 4 } },
  { a: 'chelsea/ref.png', b: 'chelsea/blur_s3.png', recipe: { ssimVariant: 'wang2004', channel: 'y-matlab', cropBorder: 0 } },
  { a: 'coffee/ref.png', b: 'coffee/bright_p40.png', recipe: { ssimVariant: 'wang2004', channel: 'gray', cropBorder: 0 } },
  { a: 'camera/ref.png', b: 'camera/noise_s51.png', recipe: { ssimVariant: 'matlab', channel: 'rgb', cropBorder: 2 } },
  { a: 'astronaut/ref.png', b: 'astronaut/jpeg_q10.jpg', recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 } },
];

describe('copy actions', () => {
  it('finds Debian python3 with scikit-image (scripts/setup.sh installs python3-skimage)', () => {
    assert.ok(existsSync(PYTHON), `${PYTHON} is missing: run scripts/setup.sh`);
    const probe = spawnSync(PYTHON, ['-c', 'import skimage, numpy; print(skimage.__version__)'], { encoding: 'utf8' });
    assert.equal(probe.status, 0, `scikit-image is not importable by ${PYTHON}: run scripts/setup.sh (python3-skimage)\n${probe.stderr}`);
  });

  for (const { a, b, recipe } of RECIPES) {
    it(`Copy Python reproduces PSNR and SSIM under scikit-image: ${a} ↔ ${b}, ${recipe.ssimVariant}, ${recipe.channel}, crop ${recipe.cropBorder}`, () => {
      const input = panelInput(a, b, recipe);
      const printed = runPython(exportPython(input));
      const psnr = input.scores.metrics.psnr as number;
      const ssim = input.scores.metrics.ssim as number;
      assert.ok(Math.abs((printed.get('psnr') ?? NaN) - psnr) < 1e-6, `psnr: Python ${printed.get('psnr')}, panel ${psnr}`);
      assert.ok(Math.abs((printed.get('ssim') ?? NaN) - ssim) < 1e-6, `ssim: Python ${printed.get('ssim')}, panel ${ssim}`);
    });
  }

  it('Copy Markdown holds the displayed numbers, directions and recipe lines', () => {
    const input = panelInput('astronaut/ref.png', 'astronaut/noise_s51.png', { ssimVariant: 'wang2004', channel: 'y', cropBorder: 4 });
    const markdown = exportMarkdown(input);
    const m = input.scores.metrics;
    const rows = markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
    const cells = (metric: string) => rows.find((r) => r.startsWith(`| ${metric} |`))?.split(' | ').map((c) => c.replace(/^\| | \|$/g, '')) ?? [];
    assert.deepEqual(cells('PSNR (dB)').slice(1, 3), [(m.psnr as number).toFixed(2), 'higher']);
    assert.deepEqual(cells('SSIM').slice(1, 3), [(m.ssim as number).toFixed(4), 'higher']);
    assert.deepEqual(cells('MS-SSIM').slice(1, 3), [(m.msssim as number).toFixed(4), 'higher']);
    assert.match(cells('SSIM')[3] ?? '', /^SSIM · Wang 2004 Gaussian σ1\.5 · Y \(BT\.601\) · crop 4 px · data range 255$/);
    assert.match(markdown, /ref\.png\*\* ↔ \*\*.*noise_s51\.png\*\* \(512×512\)/);
  });

  it('Copy JSON is imsim compare --json for the same pair and recipe', () => {
    const recipe: Recipe = { ssimVariant: 'skimage', channel: 'rgb', cropBorder: 4 };
    const input = panelInput('astronaut/ref.png', 'astronaut/blur_s3.png', recipe);
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'compare', input.pathA, input.pathB, '--metrics', 'psnr,ssim,msssim', '--ssim-variant', 'skimage', '--crop-border', '4', '--json'], { encoding: 'utf8' });
    assert.equal(cli.status, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout) as { metrics: Record<string, number>; settings: Record<string, unknown> };
    const fromPanel = JSON.parse(exportJson(input)) as { metrics: Record<string, number>; settings: Record<string, unknown> };
    assert.deepEqual(Object.keys(fromPanel), Object.keys(fromCli), 'the same top-level keys in the same order');
    assert.deepEqual(fromPanel.metrics, fromCli.metrics);
    for (const key of ['ssimVariant', 'channel', 'cropBorder', 'dataRange', 'decoder']) assert.deepEqual(fromPanel.settings[key], fromCli.settings[key], key);
  });
});
