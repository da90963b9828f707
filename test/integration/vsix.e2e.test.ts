/**
 * The packaged extension (issue 6): `npm run package` builds the .vsix (minified dist/, the model,
 * the onnxruntime-web WASM it loads; no node_modules), its size stays within the 20 MB budget, and
 * installed into code-server with --install-extension (no development path, no network) it compares
 * two images from the Explorer with the reference numbers, LPIPS included.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { corpusDir, referenceJson, explorerMenu, panelFrame, repoRoot, screenshotDir, showExplorer, startWorkbench, testTmp } from './harness';
import type { Workbench } from './harness';

const BUDGET_BYTES = 20 * 1024 * 1024;
const vsix = join(testTmp, 'image-similarity-e2e.vsix');
const workspace = join(testTmp, 'e2e-vsix-workspace');
let wb: Workbench | undefined;
let page: Page;

interface ReferencePair { readonly a: string; readonly b: string; readonly metrics: Record<string, { readonly value: number | null }> }
const reference = JSON.parse(readFileSync(referenceJson, 'utf8')) as { pairs: ReferencePair[] };
const pair = reference.pairs.find((p) => p.a === 'lpips/ex_ref.png' && p.b === 'lpips/ex_p0.png') as ReferencePair;

describe('the packaged .vsix installed into code-server', { timeout: 600_000 }, () => {
  before(async () => {
    mkdirSync(testTmp, { recursive: true });
    rmSync(vsix, { force: true });
    // vsce runs vscode:prepublish (the minified build) and packages the whitelist of .vscodeignore.
    const pack = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
    assert.equal(pack.status, 0, `${pack.stdout}\n${pack.stderr}`);
    const listing = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    assert.equal(listing.status, 0, listing.stderr);
    const files = listing.stdout.trim().split('\n');
    assert.ok(files.includes('dist/extension.js') && files.includes('models/lpips-squeeze-v0.1.onnx'), files.join(', '));
    assert.ok(!files.some((f) => f.startsWith('node_modules/') || f.startsWith('src/') || f.startsWith('test/') || f.endsWith('.map') || f.startsWith('docs/')), files.join(', '));
    const size = statSync(vsix).size;
    console.log(`vsix: ${(size / 1024 / 1024).toFixed(2)} MB, ${files.length} files`);
    assert.ok(size < BUDGET_BYTES, `${size} bytes`);

    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    copyFileSync(join(corpusDir, 'lpips', 'ex_ref.png'), join(workspace, 'ex_ref.png'));
    copyFileSync(join(corpusDir, 'lpips', 'ex_p0.png'), join(workspace, 'ex_p0.png'));
    wb = await startWorkbench({ workspace, installVsix: vsix });
    page = wb.page;
    await showExplorer(page);
  });

  after(async () => {
    await wb?.close();
  });

  it('compares two images from the Explorer with the reference PSNR, SSIM and LPIPS', async () => {
    await explorerMenu(page, 'ex_ref.png', 'Select for Compare (Image Similarity)', 60_000);
    await explorerMenu(page, 'ex_p0.png', 'Compare with Selected (Image Similarity)');
    const frame = panelFrame(page);
    const card = (metric: string) => frame.locator(`.card[data-metric="${metric}"] .value`);
    await card('psnr').filter({ hasText: /^\d+\.\d\d$/ }).waitFor({ timeout: 60_000 });
    await card('lpips').filter({ hasText: /^\d\.\d{4}$/ }).waitFor({ timeout: 120_000 });
    assert.equal((await card('psnr').textContent())?.trim(), (pair.metrics.psnr?.value as number).toFixed(2));
    assert.equal((await card('ssim').textContent())?.trim(), (pair.metrics.ssim_wang2004?.value as number).toFixed(4));
    assert.equal((await card('lpips').textContent())?.trim(), (pair.metrics['lpips_squeeze_v0.1']?.value as number).toFixed(4));
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, 'vsix-installed.png') });
  });
});
