/**
 * Compare Folders end to end in a real VS Code (code-server + headless Chromium): two folders made
 * from test/fixtures/reference/corpus selected in the Explorer → Compare Folders…; the batch view shows
 * one row per pair with the numbers of `imsim batch` on the same folders; sorting works; Export CSV
 * writes exactly the CLI's CSV; a 10,000-row result keeps at most a few hundred row elements in the
 * DOM and scrolls to its end in under 500 ms. Screenshots in .test-tmp/screenshots.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { corpusDir, explorerMenu, repoRoot, runCommand, screenshotDir, showExplorer, startWorkbench, testTmp } from './harness';
import type { Workbench } from './harness';

const workspace = join(testTmp, 'e2e-batch-workspace');
const MANY = 10_000;
let wb: Workbench;
let page: Page;

function copy(target: string, source: string): void {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(corpusDir, source), target);
}

/** A tiny seeded RGB PNG (16×16), so 10,000 pairs stay quick. */
function tinyPng(seed: number): Buffer {
  const png = new PNG({ width: 16, height: 16 });
  let s = seed * 2654435761 >>> 0;
  for (let i = 0; i < png.data.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    png.data[i] = (i & 3) === 3 ? 255 : s >>> 24;
  }
  return PNG.sync.write(png);
}

/** Selects the Explorer rows `names` (Ctrl+click) and runs `item` from the context menu of the last one. */
async function multiSelectMenu(names: readonly string[], item: string): Promise<void> {
  const row = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
  const deadline = Date.now() + 30_000;
  await showExplorer(page);
  for (;;) {
    await row(names[0] as string).scrollIntoViewIfNeeded();
    await row(names[0] as string).click();
    for (const name of names.slice(1)) await row(name).click({ modifiers: ['Control'] });
    await row(names[names.length - 1] as string).click({ button: 'right' });
    const menuItem = page.locator(`.monaco-menu .action-item:has(.action-label:has-text("${item}"))`).first();
    try {
      await menuItem.waitFor({ state: 'visible', timeout: 1500 });
      await page.waitForTimeout(150);
      await menuItem.hover();
      await page.keyboard.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`the Explorer menu never showed "${item}"`);
    }
  }
}

/** Compare Folders… from the Command Palette: two folder dialogs (simple dialog in code-server), then the filter box. */
async function paletteCompareFolders(folderA: string, folderB: string): Promise<void> {
  await runCommand(page, 'Image Similarity: Compare Folders…');
  const input = page.locator('.quick-input-widget input');
  for (const folder of [folderA, folderB]) {
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(1000);
    await input.fill(`${folder}/`);
    const title = page.locator('.quick-input-widget .quick-input-title');
    const before = await title.textContent();
    await page.waitForTimeout(1000);
    await page.keyboard.press('Enter');
    // One Enter accepts the folder; the next step's title then replaces this one.
    for (let i = 0; i < 50 && (await title.textContent()) === before; i++) await page.waitForTimeout(100);
  }
  // The filter box: empty compares every image.
  await page.locator('.quick-input-widget .quick-input-title:has-text("filter")').waitFor({ timeout: 10_000 });
  await input.fill('');
  await page.keyboard.press('Enter');
}

function batchFrame(): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

async function waitForDone(frame: FrameLocator, timeout: number): Promise<string> {
  const progress = frame.locator('.progress');
  await progress.filter({ hasText: /^Done:/ }).waitFor({ timeout });
  return (await progress.textContent()) ?? '';
}

async function closeAllEditors(): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
  await page.waitForTimeout(300);
}

interface CliPair { a: string; b: string; metrics: Record<string, number | null>; psnrInfinite?: true; error?: string }

describe('Compare Folders in code-server', { timeout: 900_000 }, () => {
  before(async () => {
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(screenshotDir, { recursive: true });
    const a = join(workspace, 'outputs');
    const b = join(workspace, 'gt');
    copy(join(a, 'astronaut.png'), 'astronaut/noise_s51.png');
    copy(join(a, 'camera.png'), 'camera/blur_s3.png');
    copy(join(a, 'chelsea.png'), 'chelsea/ref.png');
    copy(join(a, 'nested', 'coffee.png'), 'coffee/jpeg_q10.png');
    copy(join(a, 'coffee_jpeg.jpg'), 'coffee/jpeg_q10.jpg');
    copy(join(a, 'mismatch.png'), 'camera/ref.png');
    copy(join(a, 'only_in_a.png'), 'camera/ref.png');
    const a2 = join(workspace, 'outputs2');
    copy(join(a2, 'astronaut.png'), 'astronaut/blur_s3.png');
    copy(join(a2, 'camera.png'), 'camera/noise_s51.png');
    copy(join(a2, 'chelsea.png'), 'chelsea/ref.png');
    mkdirSync(join(workspace, 'maps'), { recursive: true });
    copy(join(b, 'astronaut.png'), 'astronaut/ref.png');
    copy(join(b, 'camera.png'), 'camera/ref.png');
    copy(join(b, 'chelsea.png'), 'chelsea/ref.png');
    copy(join(b, 'nested', 'coffee.png'), 'coffee/ref.png');
    copy(join(b, 'coffee_jpeg.png'), 'coffee/ref.png');
    copy(join(b, 'mismatch.png'), 'chelsea/ref.png');
    copy(join(b, 'only_in_b.png'), 'astronaut/ref.png');
    for (const side of ['many_a', 'many_b']) mkdirSync(join(workspace, side), { recursive: true });
    for (let i = 0; i < MANY; i++) {
      const name = `${String(i).padStart(5, '0')}.png`;
      writeFileSync(join(workspace, 'many_a', name), tinyPng(i));
      writeFileSync(join(workspace, 'many_b', name), tinyPng(i + (i % 7 === 0 ? 0 : 100_000)));
    }
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'imageSimilarity.batch.metrics': ['psnr', 'ssim', 'msssim'], 'imageSimilarity.batch.cache': false }));
    wb = await startWorkbench({ workspace });
    page = wb.page;
    await showExplorer(page);
  });

  after(async () => {
    await wb?.close();
  });

  it('opens the view with one row per pair and the numbers of imsim batch; sorts; exports the CLI CSV', async () => {
    const cliCsv = join(testTmp, 'batch-cli.csv');
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'batch', 'outputs', 'gt', '--metrics', 'psnr,ssim,msssim', '--json', '--csv', cliCsv], { cwd: workspace, encoding: 'utf8' });
    assert.equal(cli.status, 1, cli.stderr);
    const expected = (JSON.parse(cli.stdout) as { pairs: CliPair[] }).pairs;

    await multiSelectMenu(['outputs', 'gt'], 'Compare Folders');
    await page.locator('.tab:has-text("outputs ↔ gt")').waitFor({ timeout: 30_000 });
    const frame = batchFrame();
    const done = await waitForDone(frame, 120_000);
    assert.match(done, /6\/6 pairs/);
    await frame.locator('table.summary th:has-text("6 pairs, 1 failed")').waitFor();
    const rows = frame.locator('.body .row');
    assert.equal(await rows.count(), 6);
    await page.screenshot({ path: join(screenshotDir, 'batch-01-view.png') });

    // Default order: worst SSIM first (the failing pair leads), values equal the CLI's to full precision.
    const names = await frame.locator('.body .row > span:first-child').allTextContents();
    assert.equal(names[0], 'mismatch.png');
    const ssimIndex = 2 + 2; // name, size, mse, psnr, ssim
    for (let i = 0; i < 6; i++) {
      const row = rows.nth(i);
      const name = ((await row.locator('span').first().textContent()) ?? '').trim();
      const cli = expected.find((p) => p.a === `outputs/${name}`);
      assert.ok(cli, `CLI pair for ${name}`);
      if (cli.error) {
        assert.match((await row.locator('span').last().textContent()) ?? '', /different sizes/);
        continue;
      }
      const ssimTitle = await row.locator('span').nth(ssimIndex).getAttribute('title');
      assert.equal(Number(ssimTitle), cli.metrics.ssim, `${name} ssim`);
      const psnrText = ((await row.locator('span').nth(3).textContent()) ?? '').trim();
      assert.equal(psnrText, cli.psnrInfinite ? '∞' : (cli.metrics.psnr as number).toFixed(4), `${name} psnr`);
    }

    // Sort by name, then by PSNR worst first.
    await frame.locator('.thead > span:has-text("Name")').click();
    await frame.locator('.thead > span.sorted:has-text("Name")').waitFor();
    assert.deepEqual(await frame.locator('.body .row > span:first-child').allTextContents(), ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee_jpeg.jpg', 'mismatch.png', 'nested/coffee.png']);
    await frame.locator('.thead > span:has-text("PSNR")').click();
    await frame.locator('.thead > span.sorted:has-text("PSNR")').waitFor();
    const byPsnr = await frame.locator('.body .row > span:first-child').allTextContents();
    assert.equal(byPsnr[0], 'mismatch.png');
    assert.equal(byPsnr[5], 'chelsea.png', 'the identical pair (infinite PSNR) is the best');

    // Export CSV through the save dialog (code-server's simple dialog): the CLI's CSV, byte for byte.
    const target = join(workspace, 'exported.csv');
    await frame.locator('button:has-text("Export CSV")').click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    // Wait for the dialog's suggested name before typing ours, or the dialog overwrites it.
    for (let i = 0; i < 50 && !(await input.inputValue()).endsWith('outputs-vs-gt.csv'); i++) await page.waitForTimeout(100);
    await input.fill(target);
    // The simple dialog validates the path asynchronously; Enter is ignored until it has.
    for (let i = 0; i < 5 && (await input.isVisible()); i++) {
      await page.waitForTimeout(1000);
      if ((await input.inputValue()) !== target) await input.fill(target);
      await page.keyboard.press('Enter');
    }
    await frame.locator('.status:has-text("Exported 6 pairs")').waitFor({ timeout: 10_000 });
    assert.equal(readFileSync(target, 'utf8'), readFileSync(cliCsv, 'utf8'));
    await page.screenshot({ path: join(screenshotDir, 'batch-02-sorted-exported.png') });

    // Copy Summary as Markdown: a table ready for a PR.
    await frame.locator('button:has-text("Copy Summary as Markdown")').click();
    await frame.locator('.status:has-text("Copied the summary")').waitFor({ timeout: 10_000 });
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(markdown, /\| Metric \| n \| mean \| median \| std \| min \| max \|/);
    assert.match(markdown, /\| PSNR \(dB\) \| 4 \(\+1 ∞\) \|/);

    // Write Worst Heatmaps (sorted by PSNR now): one PNG per finite pair, worst first.
    await frame.locator('button:has-text("Write Worst Heatmaps")').click();
    const mapsDialog = page.locator('.quick-input-widget input');
    await mapsDialog.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(1000);
    await mapsDialog.fill(`${join(workspace, 'maps')}/`);
    for (let i = 0; i < 3 && (await mapsDialog.isVisible()); i++) {
      await page.waitForTimeout(1000);
      await page.keyboard.press('Enter');
    }
    await frame.locator('.status:has-text("Wrote 4 heatmaps")').waitFor({ timeout: 60_000 });
    const maps = readdirSync(join(workspace, 'maps')).sort();
    assert.equal(maps[0], '001_psnr_15.23_astronaut.png');
    assert.deepEqual([...readFileSync(join(workspace, 'maps', maps[0] as string)).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

    // Run over run: outputs2 against the same ground truth; deltas per image, largest SSIM regression first.
    await frame.locator('button:has-text("Compare with Another Run")').click();
    const dialog = page.locator('.quick-input-widget input');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(1000);
    await dialog.fill(`${join(workspace, 'outputs2')}/`);
    // The simple dialog lists the folder first; Enter accepts the folder once it has.
    for (let i = 0; i < 3 && (await dialog.isVisible()); i++) {
      await page.waitForTimeout(1000);
      await page.keyboard.press('Enter');
    }
    await page.locator('.tab:has-text("outputs → outputs2 vs gt")').waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: join(screenshotDir, 'batch-run-over-run-failed.png') });
      throw error;
    });
    await frame.locator('h1:has-text("outputs → outputs2 against gt")').waitFor({ timeout: 30_000 });
    await waitForDone(frame, 120_000);
    await frame.locator('.thead > span.sorted:has-text("Δ SSIM")').waitFor();
    const runNames = await frame.locator('.body .row > span:first-child').allTextContents();
    assert.equal(runNames[0], 'camera.png', `camera got noisier, the largest SSIM regression: ${runNames.join(', ')}`);
    // Columns: name, size, MSE, PSNR, SSIM, MS-SSIM, Δ MSE, Δ PSNR, Δ SSIM, Δ MS-SSIM, status.
    const firstRow = frame.locator('.body .row').first();
    assert.match((await firstRow.locator('span').nth(8).textContent()) ?? '', /^-0\.\d+$/, 'Δ SSIM of camera is negative');
    assert.match((await firstRow.locator('span').nth(6).getAttribute('class')) ?? '', /worse/, 'a larger MSE is shown as worse');
    await frame.locator('table.summary td:has-text("Δ mean")').waitFor();
    await page.screenshot({ path: join(screenshotDir, 'batch-03-run-over-run.png') });

    // A reload restores the view (WebviewPanelSerializer) and runs it again. Which of the two runs
    // comes back depends on when VS Code web last flushed the webview state to its storage.
    await page.waitForTimeout(2000);
    await page.reload();
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('.tab:has-text("↔ gt")').first().waitFor({ timeout: 60_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: join(screenshotDir, 'batch-reload-failed.png') });
      console.log(`tabs after reload: ${(await page.locator('.tab').allTextContents()).join(' | ')}`);
      throw error;
    });
    await waitForDone(batchFrame(), 120_000);
    assert.ok((await batchFrame().locator('.body .row').count()) >= 3);
    await closeAllEditors();
    await showExplorer(page);
    await multiSelectMenu(['outputs', 'gt'], 'Compare Folders');
    await page.locator('.tab:has-text("outputs ↔ gt")').waitFor({ timeout: 30_000 });
    await waitForDone(batchFrame(), 120_000);

    // Select Folder for Compare, then Compare Folder with Selected.
    await closeAllEditors();
    await showExplorer(page);
    // A plain click ends the earlier multi-selection (the menu items are for one folder).
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="outputs2"]').first().click();
    await explorerMenu(page, 'outputs2', 'Select Folder for Compare');
    await explorerMenu(page, 'gt', 'Compare Folder with Selected');
    await page.locator('.tab:has-text("outputs2 ↔ gt")').waitFor({ timeout: 30_000 });
    await waitForDone(batchFrame(), 120_000);
    assert.equal(await batchFrame().locator('.body .row').count(), 3);
    await closeAllEditors();
    await multiSelectMenu(['outputs', 'gt'], 'Compare Folders');
    await page.locator('.tab:has-text("outputs ↔ gt")').waitFor({ timeout: 30_000 });
    await waitForDone(batchFrame(), 120_000);

    // A click on a row opens the comparison panel for that pair.
    await batchFrame().locator('.body .row:has-text("astronaut.png")').click();
    await page.locator('.tab:has-text("astronaut.png ↔ astronaut.png")').waitFor({ timeout: 30_000 });
    await closeAllEditors();
  });

  it('LPIPS runs in the view and equals imsim batch --metrics lpips', async () => {
    const cli = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'batch', 'outputs2', 'gt', '--metrics', 'psnr,ssim,lpips', '--json'], { cwd: workspace, encoding: 'utf8', timeout: 300_000 });
    assert.equal(cli.status, 0, cli.stderr);
    const expected = (JSON.parse(cli.stdout) as { pairs: CliPair[] }).pairs;
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'imageSimilarity.batch.metrics': ['psnr', 'ssim', 'lpips'], 'imageSimilarity.batch.cache': false, 'imageSimilarity.lpips.backend': 'wasm' }));
    await page.waitForTimeout(1000);
    await closeAllEditors();
    await multiSelectMenu(['outputs2', 'gt'], 'Compare Folders');
    await page.locator('.tab:has-text("outputs2 ↔ gt")').waitFor({ timeout: 30_000 });
    const frame = batchFrame();
    const done = await waitForDone(frame, 300_000);
    assert.match(done, /LPIPS 3\/3/);
    await frame.locator('.thead > span:has-text("LPIPS")').waitFor();
    const rows = frame.locator('.body .row');
    assert.equal(await rows.count(), 3);
    for (let i = 0; i < 3; i++) {
      const row = rows.nth(i);
      const name = ((await row.locator('span').first().textContent()) ?? '').trim();
      const cli = expected.find((p) => p.a === `outputs2/${name}`);
      const lpipsTitle = await row.locator('span').nth(5).getAttribute('title');
      assert.ok(cli && Math.abs(Number(lpipsTitle) - (cli.metrics.lpips as number)) < 1e-5, `${name}: view ${lpipsTitle}, imsim ${cli?.metrics.lpips}`);
    }
    await page.screenshot({ path: join(screenshotDir, 'batch-05-lpips.png') });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'imageSimilarity.batch.metrics': ['psnr', 'ssim'], 'imageSimilarity.batch.cache': false }));
    await page.waitForTimeout(1000);
    await closeAllEditors();
  });

  it('10,000 rows: a few hundred row elements at most, scrolls to the end in under 500 ms', async () => {
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'imageSimilarity.batch.metrics': ['psnr', 'ssim'], 'imageSimilarity.batch.cache': false }));
    await page.waitForTimeout(1000);
    const started = Date.now();
    await paletteCompareFolders(join(workspace, 'many_a'), join(workspace, 'many_b'));
    await page.locator('.tab:has-text("many_a ↔ many_b")').waitFor({ timeout: 30_000 });
    const frame = batchFrame();
    const done = await waitForDone(frame, 600_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`10,000 pairs of 16×16 PNG (psnr, ssim) in ${seconds.toFixed(1)} s: ${done}`);
    assert.match(done, /10000\/10000 pairs/);
    const rowElements = await frame.locator('.body .row').count();
    assert.ok(rowElements > 10 && rowElements <= 300, `${rowElements} row elements in the DOM`);
    const ms = await frame.locator('.viewport').evaluate(async (viewport: HTMLElement) => {
      const t0 = performance.now();
      viewport.scrollTop = viewport.scrollHeight;
      const lastTop = `translateY(${(10_000 - 1) * 22}px)`;
      for (;;) {
        const rowsNow = [...viewport.querySelectorAll<HTMLElement>('.body .row')];
        if (rowsNow.some((r) => r.style.transform === lastTop && r.textContent)) break;
        await new Promise((r) => requestAnimationFrame(r));
        if (performance.now() - t0 > 5000) break;
      }
      return performance.now() - t0;
    });
    console.log(`scrolled to the end of 10,000 rows in ${ms.toFixed(1)} ms with ${rowElements} row elements`);
    assert.ok(ms < 500, `scrolling to the end took ${ms} ms`);
    assert.ok((await frame.locator('.body .row').count()) <= 300);
    await page.screenshot({ path: join(screenshotDir, 'batch-04-10000-rows-end.png') });
    assert.ok(existsSync(join(workspace, 'many_a')));
  });
});
