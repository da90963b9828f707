/**
 * `.imsim` notebooks end to end in a real VS Code (code-server + headless Chromium): a notebook
 * with a pair cell, a folder cell and a bad cell opens as a notebook; Run All renders the score
 * cards (numbers equal test/fixtures/reference/reference.json) and the batch summary in the renderer,
 * and the bad cell's error with its line; after saving and reopening, the saved outputs show
 * without running. Screenshots in .test-tmp/screenshots.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { corpusDir, referenceJson, repoRoot, screenshotDir, showExplorer, startWorkbench, testTmp } from './harness';
import type { Workbench } from './harness';

const workspace = join(testTmp, 'e2e-notebook-workspace');
const notebookPath = join(workspace, 'report.imsim');
let wb: Workbench;
let page: Page;

interface ReferencePair { readonly a: string; readonly b: string; readonly metrics: { readonly [key: string]: { readonly value: number | null } } }
const reference = JSON.parse(readFileSync(referenceJson, 'utf8')) as { pairs: ReferencePair[] };
const astronaut = reference.pairs.find((p) => p.a === 'astronaut/ref.png' && p.b === 'astronaut/noise_s51.png');

function copy(target: string, source: string): void {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(corpusDir, source), target);
}

/** The notebook's output webview (two nested iframes). */
function outputFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
}

/** Waits until the extension's contributions are known (else an .imsim file opens as text). */
async function waitForContributions(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('>New Image Similarity Notebook');
    const found = await page.locator('.quick-input-list .monaco-list-row:has-text("New Image Similarity Notebook")').first().waitFor({ state: 'visible', timeout: 2000 }).then(() => true, () => false);
    await page.keyboard.press('Escape');
    if (found) return;
    if (Date.now() > deadline) throw new Error('the extension\'s commands never appeared in the Command Palette');
    await page.waitForTimeout(500);
  }
}

async function openNotebook(): Promise<void> {
  await showExplorer(page);
  await page.locator('.explorer-folders-view .monaco-list-row[aria-label="report.imsim"]').first().dblclick();
  await page.locator('.notebook-editor').first().waitFor({ state: 'attached', timeout: 30_000 });
}

describe('.imsim notebooks in code-server', { timeout: 600_000 }, () => {
  before(async () => {
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    copy(join(workspace, 'images', 'ref.png'), 'astronaut/ref.png');
    copy(join(workspace, 'images', 'noise.png'), 'astronaut/noise_s51.png');
    copy(join(workspace, 'outputs', 'astronaut.png'), 'astronaut/noise_s51.png');
    copy(join(workspace, 'outputs', 'camera.png'), 'camera/blur_s3.png');
    copy(join(workspace, 'gt', 'astronaut.png'), 'astronaut/ref.png');
    copy(join(workspace, 'gt', 'camera.png'), 'camera/ref.png');
    writeFileSync(notebookPath, JSON.stringify({
      imsim: 1,
      cells: [
        { kind: 'markdown', source: ['# Noise vs reference\n'] },
        { kind: 'code', language: 'imsim', source: ['compare images/ref.png with images/noise.png\n', 'metrics psnr ssim lpips\n', 'ssim wang2004, channel rgb, crop 0'] },
        { kind: 'code', language: 'imsim', source: ['compare outputs/ with gt/\n', 'metrics psnr ssim lpips\n', 'worst 2'] },
        { kind: 'code', language: 'imsim', source: ['compare images/ref.png with images/noise.png\n', 'metrics psnr psim'] },
      ],
    }, null, 2));
    wb = await startWorkbench({ workspace, onLog: (type, args) => { if (type === 'error' || type === 'warn') console.log(`extension host ${type}: ${JSON.stringify(args).slice(0, 500)}`); } });
    page = wb.page;
    await page.waitForTimeout(2000);
  });

  after(async () => {
    await wb?.close();
  });

  it('runs the cells: score cards equal the reference, folder summary and worst pairs render, a bad cell shows its error', async () => {
    assert.ok(astronaut, 'reference pair');
    await waitForContributions();
    await openNotebook();
    const runAll = page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]').first();
    await runAll.waitFor({ state: 'visible', timeout: 30_000 });
    await runAll.click();
    // With one controller VS Code may still ask which kernel to use.
    const kernelPick = page.locator('.quick-input-list .monaco-list-row:has-text("Image Similarity")').first();
    if (await kernelPick.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) await kernelPick.click();
    const frame = outputFrame();
    const psnr = frame.locator('.card[data-metric="psnr"] .value').first();
    await psnr.waitFor({ timeout: 120_000 });
    assert.equal((await psnr.textContent())?.trim(), (astronaut.metrics.psnr?.value as number).toFixed(4));
    const ssimTitle = await frame.locator('.card[data-metric="ssim"]').first().getAttribute('title');
    assert.ok(Math.abs(Number(ssimTitle) - (astronaut.metrics.ssim_wang2004?.value as number)) < 1e-6, `ssim ${ssimTitle}`);
    // LPIPS runs in the host's LPIPS worker (onnxruntime-web WASM in Node), as imsim does.
    const lpipsCard = frame.locator('.card[data-metric="lpips"]').first();
    assert.match((await lpipsCard.textContent()) ?? '', /LPIPS \(squeeze v0\.1, wasm\)/);
    const lpipsTitle = (await lpipsCard.getAttribute('title')) ?? '';
    const lpipsRef = astronaut.metrics['lpips_squeeze_v0.1']?.value as number;
    assert.ok(Math.abs(Number.parseFloat(lpipsTitle) - lpipsRef) < 1e-5, `lpips ${lpipsTitle} vs ${lpipsRef}`);
    await page.screenshot({ path: join(screenshotDir, 'notebook-00-pair-cell.png') });
    assert.equal(await frame.locator('.imsim-output figure img').count() >= 3, true, 'A, B and heatmap thumbnails');
    await frame.locator('.imsim-output table th:has-text("2 pairs")').waitFor({ timeout: 120_000 });
    await frame.locator('.imsim-output table th:has-text("LPIPS")').first().waitFor({ timeout: 10_000 });
    assert.equal(await frame.locator('.imsim-output .worst .pair').count(), 2);
    // Cell errors render in the same output webview, with the line and column of the problem
    // (outputs below the fold render once scrolled into view: the toolbar's "Go To" failed cell does).
    await page.locator('.notebook-toolbar-container [aria-label="Go To"]').first().click({ timeout: 30_000, force: true });
    await frame.locator('text=line 2, column 14: unknown metric "psim"').first().waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: join(screenshotDir, 'notebook-error-missing.png') });
      console.log((await frame.locator('body').innerText()).slice(-1500));
      throw error;
    });
    await page.screenshot({ path: join(screenshotDir, 'notebook-01-run-bottom.png') });
  });

  it('saves the outputs in the file with stable keys, and a reopened notebook shows them without running', async () => {
    await page.keyboard.press('Control+S');
    const deadline = Date.now() + 20_000;
    let saved: { cells: { outputs?: { items: { mime: string; json?: { type: string; metrics?: { psnr?: number; lpips?: number }; summary?: Record<string, { mean: number | null; n: number }> } }[] }[] }[] } | undefined;
    while (Date.now() < deadline) {
      const file = JSON.parse(readFileSync(notebookPath, 'utf8')) as NonNullable<typeof saved>;
      if ((file.cells[1]?.outputs?.length ?? 0) > 0) {
        saved = file;
        break;
      }
      await page.waitForTimeout(300);
    }
    assert.ok(saved, 'the outputs were saved');
    const item = saved.cells[1]?.outputs?.[0]?.items[0];
    assert.equal(item?.mime, 'application/vnd.image-similarity.result+json');
    assert.equal(item?.json?.type, 'pair');
    assert.ok(Math.abs((item?.json?.metrics?.psnr as number) - (astronaut?.metrics.psnr?.value as number)) < 1e-9, `psnr ${item?.json?.metrics?.psnr}`);
    assert.ok(Math.abs((item?.json?.metrics?.lpips as number) - (astronaut?.metrics['lpips_squeeze_v0.1']?.value as number)) < 1e-5, `lpips ${item?.json?.metrics?.lpips}`);
    // The folder cell's LPIPS summary equals imsim batch --metrics lpips on the same folders.
    const folder = saved.cells[2]?.outputs?.[0]?.items[0]?.json;
    assert.equal(folder?.type, 'folder');
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'batch', 'outputs', 'gt', '--metrics', 'psnr,ssim,lpips', '--json'], { cwd: workspace, encoding: 'utf8', timeout: 300_000 });
    assert.equal(cli.status, 0, cli.stderr);
    const fromCli = JSON.parse(cli.stdout) as { summary: Record<string, { mean: number; n: number }> };
    assert.equal(folder?.summary?.lpips?.n, 2);
    assert.ok(Math.abs((folder?.summary?.lpips?.mean as number) - fromCli.summary.lpips.mean) < 1e-5, `folder LPIPS mean ${folder?.summary?.lpips?.mean} vs imsim ${fromCli.summary.lpips.mean}`);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+W');
    await page.waitForTimeout(1000);
    await openNotebook();
    const psnr = outputFrame().locator('.card[data-metric="psnr"] .value').first();
    await psnr.waitFor({ timeout: 30_000 });
    assert.equal((await psnr.textContent())?.trim(), (astronaut?.metrics.psnr?.value as number).toFixed(4));
    await page.screenshot({ path: join(screenshotDir, 'notebook-02-reopened.png') });
  });

  it('New Image Similarity Notebook opens an untitled notebook with an example cell for the Explorer selection', async () => {
    await showExplorer(page);
    const row = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    await row('outputs').click();
    await row('gt').click({ modifiers: ['Control'] });
    await row('gt').click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item:has(.action-label:has-text("New Image Similarity Notebook"))').first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(150);
    await item.hover();
    await page.keyboard.press('Enter');
    await page.locator('.tab:has-text("Untitled")').first().waitFor({ timeout: 30_000 });
    await page.locator('.notebook-editor .view-line:has-text("compare outputs/ with gt/")').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(screenshotDir, 'notebook-03-new.png') });
  });
});
