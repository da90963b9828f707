/**
 * Compare Image with HEAD as a user reaches it, in code-server: right-click a modified image in the
 * Source Control view (that menu gets no resource keys, so the entry must not depend on
 * `resourceExtname`), the Command Palette (a quick pick of the changed images, typed into), and a
 * changed text file, which gets a clear refusal instead of a panel. The panel's PSNR is the
 * reference value of the committed image (astronaut/ref.png) against the working tree's
 * (astronaut/noise_s51.png).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Page } from 'playwright-core';
import { corpusDir, panelFrame, referenceJson, screenshotDir, startWorkbench, testTmp, type Workbench } from './harness';

const ENTRY = 'Compare Image with HEAD (Image Similarity)';
const workspace = join(testTmp, 'scm-workspace');

interface ReferencePair {
  readonly a: string;
  readonly b: string;
  readonly metrics: { readonly [key: string]: { readonly value: number | null } };
}
const reference = JSON.parse(readFileSync(referenceJson, 'utf8')) as { pairs: ReferencePair[] };
const pair = reference.pairs.find((p) => p.a === 'astronaut/ref.png' && p.b === 'astronaut/noise_s51.png');
const expectedPsnr = (pair?.metrics.psnr?.value as number).toFixed(2);

let wb: Workbench;
let page: Page;

function git(...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], { cwd: workspace, stdio: 'ignore' });
}

async function showSourceControl(): Promise<void> {
  await page.keyboard.press('Control+Shift+G');
  await page.locator('.scm-view').first().waitFor({ state: 'visible', timeout: 30_000 });
}

/** Right-clicks a row of the Source Control view until `item` shows (the Git extension and our contributions load after the view). */
async function scmMenu(name: string, item: string, screenshot?: string): Promise<void> {
  const row = page.locator(`.scm-view .monaco-list-row:has-text("${name}")`).first();
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await row.waitFor({ state: 'visible', timeout: 2000 });
      await row.click({ button: 'right' });
      const menuItem = page.locator(`.monaco-menu .action-item:has(.action-label:text-is("${item}"))`).first();
      await menuItem.waitFor({ state: 'visible', timeout: 1500 });
      if (screenshot) await page.screenshot({ path: join(screenshotDir, screenshot) });
      await page.waitForTimeout(150);
      await menuItem.hover();
      await page.keyboard.press('Enter');
      await page.locator('.monaco-menu').waitFor({ state: 'hidden', timeout: 3000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        await page.screenshot({ path: join(screenshotDir, 'scm-failed.png') });
        const view = await page.locator('.scm-view').first().innerHTML().catch(() => '(no .scm-view)');
        throw new Error(`the Source Control menu of ${name} never showed "${item}": ${String(error)}\n${view.slice(0, 3000)}`);
      }
      await page.waitForTimeout(500);
    }
  }
}

async function psnrCard(frame: FrameLocator): Promise<string> {
  const value = frame.locator('.card[data-metric="psnr"] .value');
  await value.filter({ hasText: /^\d+\.\d\d$/ }).waitFor({ state: 'visible', timeout: 60_000 });
  return ((await value.textContent()) ?? '').trim();
}

async function closeAllEditors(): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
  await page.waitForTimeout(300);
}

describe('Compare Image with HEAD in code-server', { timeout: 300_000 }, () => {
  before(async () => {
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    mkdirSync(screenshotDir, { recursive: true });
    copyFileSync(join(corpusDir, 'astronaut', 'ref.png'), join(workspace, 'shot.png'));
    writeFileSync(join(workspace, 'notes.txt'), 'first\n');
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'baseline');
    copyFileSync(join(corpusDir, 'astronaut', 'noise_s51.png'), join(workspace, 'shot.png'));
    writeFileSync(join(workspace, 'notes.txt'), 'second\n');
    wb = await startWorkbench({ workspace, settings: { 'imageSimilarity.metrics': ['psnr', 'ssim'], 'git.autoRepositoryDetection': true } });
    page = wb.page;
  });

  after(async () => {
    await wb?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('right-click a modified image in Source Control → the panel compares HEAD with the working tree', async () => {
    await showSourceControl();
    await scmMenu('shot.png', ENTRY, 'scm-01-menu.png');
    assert.equal(await psnrCard(panelFrame(page)), expectedPsnr);
    const tab = page.locator('.tab.active').first();
    assert.match((await tab.textContent()) ?? '', /shot\.png/);
    await page.screenshot({ path: join(screenshotDir, 'scm-02-panel.png') });
    await closeAllEditors();
  });

  it('a changed file that is not an image gets a clear refusal and no panel', async () => {
    await showSourceControl();
    await scmMenu('notes.txt', ENTRY);
    const toast = page.locator('.notifications-toasts .notification-toast:has-text("notes.txt is not a PNG or JPEG image")').first();
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.locator('iframe.webview.ready').count(), 0, 'no comparison panel opened');
    await page.keyboard.press('Escape');
  });

  it('the Command Palette: typing the command, then the changed image into its quick pick', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.pressSequentially('>image with head', { delay: 20 });
    await page.locator(`.quick-input-list .monaco-list-row:has-text("${ENTRY}")`).first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    const row = page.locator('.quick-input-list .monaco-list-row:has-text("shot.png")').first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.locator('.quick-input-list .monaco-list-row:has-text("notes.txt")').count(), 0, 'only images are offered');
    await input.pressSequentially('shot', { delay: 20 });
    await page.keyboard.press('Enter');
    assert.equal(await psnrCard(panelFrame(page)), expectedPsnr);
    await closeAllEditors();
  });
});
