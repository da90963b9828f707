/**
 * `npm start` end to end, as a user runs it: it prints the URL of a code-server with the demo
 * workspace and this extension; in Chromium, a comparison from the Explorer's context menu shows
 * the reference PSNR, and the demo notebook opens and runs; Ctrl-C (SIGINT to the process group)
 * stops everything: no process left, the port free, the temp folder gone, the checkout unchanged.
 * A port in use fails at once with a message that says what to do.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { checkPrerequisites, explorerMenu, freePort, panelFrame, referenceJson, repoRoot, screenshotDir, showExplorer, testTmp } from './harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

interface ReferencePair { readonly a: string; readonly b: string; readonly metrics: { readonly [key: string]: { readonly value: number | null } } }
const reference = JSON.parse(readFileSync(referenceJson, 'utf8')) as { pairs: ReferencePair[] };
function psnrOf(a: string, b: string): number {
  const v = reference.pairs.find((p) => p.a === a && p.b === b)?.metrics.psnr?.value;
  if (typeof v !== 'number') throw new Error(`reference.json has no PSNR for ${a} ↔ ${b}`);
  return v;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

function gitStatus(): string {
  const r = spawnSync('git', ['status', '--porcelain'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** A running `npm start`: its output so far, and how it ended. */
interface Started {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited and its output is closed. */
  readonly closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(port: number | string): Started {
  const child = spawn('npm', ['start'], { cwd: repoRoot, env: { ...process.env, PORT: String(port) }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveClosed) => child.on('close', (code, signal) => resolveClosed({ code, signal })));
  return { child, output: () => out, closed };
}

async function waitForOutput(started: Started, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = started.output().match(pattern);
    if (match) return match;
    if (started.child.exitCode !== null || started.child.signalCode !== null) throw new Error(`npm start exited (${started.child.exitCode ?? started.child.signalCode}) before printing ${pattern}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} in ${timeoutMs / 1000} s:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what())), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

describe('npm start', { timeout: 300_000 }, () => {
  let started: Started | undefined;
  let serverPid: number | undefined;
  let demoTemp: string | undefined;
  let context: BrowserContext | undefined;
  let browserDir: string | undefined;
  let blocker: Server | undefined;
  let gitBefore = '';

  before(() => {
    checkPrerequisites();
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}`);
    mkdirSync(screenshotDir, { recursive: true });
    gitBefore = gitStatus();
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    if (browserDir) rmSync(browserDir, { recursive: true, force: true, maxRetries: 3 });
    if (started && started.child.exitCode === null && started.child.signalCode === null) killGroup(started.child.pid);
    if (serverPid && isAlive(serverPid)) killGroup(serverPid);
    if (demoTemp) rmSync(demoTemp, { recursive: true, force: true, maxRetries: 3 });
    blocker?.close();
  });

  it('serves the demo workspace with the extension; a comparison from the Explorer shows the reference PSNR; Ctrl-C stops everything', async () => {
    const port = await freePort();
    const t0 = Date.now();
    started = npmStart(port);
    const [, url] = await waitForOutput(started, /^Image Similarity is running at (http:\/\/\S+)$/m, 60_000);
    const urlMs = Date.now() - t0;
    await waitForOutput(started, /Press Ctrl-C to stop\./, 5_000);
    serverPid = Number((await waitForOutput(started, /code-server pid (\d+)/, 1_000))[1]);
    const workspace = (await waitForOutput(started, /^start: demo workspace (.+)$/m, 1_000))[1] as string;
    demoTemp = dirname(workspace);
    assert.match(url as string, new RegExp(`^http://127\\.0\\.0\\.1:${port}/\\?folder=`));
    assert.match(demoTemp, /imsim-demo-/);
    assert.ok(isAlive(serverPid), 'code-server runs');
    console.log(`npm start printed the URL after ${urlMs} ms`);

    mkdirSync(testTmp, { recursive: true });
    browserDir = mkdtempSync(join(testTmp, 'start-chromium-'));
    context = await chromium.launchPersistentContext(browserDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      env: { ...process.env, TMPDIR: browserDir, XDG_CONFIG_HOME: join(browserDir, 'xdg-config') },
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-gpu'],
    });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    await page.goto(url as string);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await showExplorer(page);
    const row = (name: string) => page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"]`).first();
    for (const name of ['cat', 'coffee-cup', 'folders', 'large-1024', 'demo.imsim', 'README.md']) await row(name).waitFor({ timeout: 30_000 });

    // As a user: open cat/, select reference.png and 2-blur.png, right-click → Compare Selected Images (Image Similarity).
    await row('cat').click();
    await row('2-blur.png').waitFor({ timeout: 10_000 });
    const deadline = Date.now() + 60_000;
    for (;;) {
      await row('reference.png').click();
      await row('2-blur.png').click({ modifiers: ['Control'] });
      await row('2-blur.png').click({ button: 'right' });
      const item = page.locator('.monaco-menu .action-item:has(.action-label:text-is("Compare Selected Images (Image Similarity)"))').first();
      if (await item.waitFor({ state: 'visible', timeout: 1500 }).then(() => true, () => false)) {
        await page.waitForTimeout(150);
        await item.hover();
        await page.keyboard.press('Enter');
        break;
      }
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) {
        await page.screenshot({ path: join(screenshotDir, 'start-no-menu.png') });
        throw new Error(`the Explorer menu never showed "Compare Selected Images (Image Similarity)" (is the extension loaded?)\n${started.output()}`);
      }
    }
    const psnr = panelFrame(page).locator('.card[data-metric="psnr"] .value');
    await psnr.filter({ hasText: /^\d+\.\d\d$/ }).waitFor({ timeout: 60_000 });
    assert.equal(((await psnr.textContent()) ?? '').trim(), psnrOf('chelsea/ref.png', 'chelsea/blur_s3.png').toFixed(2));
    await page.screenshot({ path: join(screenshotDir, 'start-01-compare-selected.png') });

    // The other menu path: Select for Compare, then Compare with Selected.
    await explorerMenu(page, 'reference.png', 'Select for Compare (Image Similarity)');
    await explorerMenu(page, '5b-brightness.png', 'Compare with Selected (Image Similarity)');
    await page.locator('.tab:has-text("reference.png ↔ 5b-brightness.png")').waitFor({ timeout: 30_000 });
    const psnr2 = panelFrame(page).locator('.card[data-metric="psnr"] .value');
    await psnr2.filter({ hasText: psnrOf('chelsea/ref.png', 'chelsea/bright_p40.png').toFixed(2) }).waitFor({ timeout: 60_000 });

    // The demo notebook opens as a notebook and its first cell runs (alone: its output webview is then the only one).
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+W');
    await page.waitForTimeout(300);
    await row('demo.imsim').dblclick();
    await page.locator('.notebook-editor .view-line:has-text("compare cat/2-blur.png with cat/reference.png")').first().waitFor({ timeout: 30_000 });
    await page.locator('.notebook-editor .view-line:has-text("compare folders/model-output/ with folders/ground-truth/")').first().waitFor({ timeout: 10_000 });
    const runAll = page.locator('.notebook-toolbar-container .action-label[aria-label="Run All"]').first();
    await runAll.waitFor({ state: 'visible', timeout: 30_000 });
    await runAll.click();
    const kernelPick = page.locator('.quick-input-list .monaco-list-row:has-text("Image Similarity")').first();
    if (await kernelPick.waitFor({ state: 'visible', timeout: 5000 }).then(() => true, () => false)) await kernelPick.click();
    const cellPsnr = page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame').locator('.card[data-metric="psnr"] .value').first();
    await cellPsnr.waitFor({ timeout: 120_000 });
    assert.equal(((await cellPsnr.textContent()) ?? '').trim(), psnrOf('chelsea/ref.png', 'chelsea/blur_s3.png').toFixed(4));
    await page.screenshot({ path: join(screenshotDir, 'start-02-demo-notebook.png') });
    await context.close();
    context = undefined;

    // Ctrl-C: SIGINT to the whole foreground group (npm, sh, node).
    const stopAt = Date.now();
    process.kill(-(started.child.pid as number), 'SIGINT');
    const end = await withTimeout(started.closed, 20_000, () => `npm start did not exit within 20 s of SIGINT:\n${started?.output()}`);
    console.log(`stopped ${Date.now() - stopAt} ms after SIGINT`);
    // start.mjs exits 0; npm's `sh -c` re-raises a SIGINT it received once its child has exited (as
    // a shell does after Ctrl-C), so npm itself ends by SIGINT (130 in a terminal).
    assert.ok(end.code === 0 || end.signal === 'SIGINT', `exit ${end.code ?? end.signal}:\n${started.output()}`);
    assert.match(started.output(), /^stopped$/m);
    assert.doesNotMatch(started.output(), /code-server exited unexpectedly|could not remove/);

    assert.equal(isAlive(serverPid), false, `code-server (pid ${serverPid}) is still running`);
    const ps = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout;
    const left = ps.split('\n').filter((line) => line.includes(demoTemp as string));
    assert.deepEqual(left, [], `processes left behind:\n${left.join('\n')}`);
    assert.equal(await portIsFree(port), true, `port ${port} is still in use`);
    assert.equal(existsSync(demoTemp), false, `${demoTemp} was not removed`);
    assert.equal(gitStatus(), gitBefore, 'git status changed: npm start modified the checkout');
  });

  it('fails at once with a clear message when the port is in use', async () => {
    blocker = createServer();
    await new Promise<void>((resolveListen) => blocker?.listen(0, '127.0.0.1', resolveListen));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const t0 = Date.now();
    const run = npmStart(port);
    const end = await withTimeout(run.closed, 15_000, () => `npm start did not exit within 15 s with port ${port} taken:\n${run.output()}`);
    assert.equal(end.code, 1, run.output());
    assert.match(run.output(), new RegExp(`start: port ${port} on 127\\.0\\.0\\.1 is in use; run PORT=\\d+ npm start`));
    assert.doesNotMatch(run.output(), /Image Similarity is running/);
    assert.ok(Date.now() - t0 < 15_000);
    await new Promise((r) => blocker?.close(r));
    blocker = undefined;
  });

  it('rejects a PORT that is not a port number', async () => {
    const run = npmStart('80a');
    const end = await withTimeout(run.closed, 15_000, () => `npm start did not exit:\n${run.output()}`);
    assert.equal(end.code, 1, run.output());
    assert.match(run.output(), /PORT must be an integer from 1 to 65535 \(got "80a"\)/);
  });
});
