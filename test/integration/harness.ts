/**
 * A real VS Code for the integration tests: code-server 4.100.3 (from scripts/setupTools.sh)
 * driven by Debian's Chromium through playwright-core, as docs/ARCHITECTURE.md ("Tests") describes. The
 * extension loads in development mode from the repository through the URL payload.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { CORPUS, REFERENCE_JSON } from '../helpers/fixtures.cjs';
import CODE_SERVER_USER_SETTINGS from '../../scripts/codeServerSettings.json';

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'extension'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${start}`);
  }
}

/** The repository root (tests run from out/test/integration). */
export const repoRoot = findRepoRoot(__dirname);
/** Where tests write (gitignored). */
export const testTmp = join(repoRoot, '.test-tmp');
/** Screenshots for people to look at (gitignored). */
export const screenshotDir = join(testTmp, 'screenshots');
/** The reference corpus (test/fixtures). */
export const corpusDir = CORPUS;
/** reference.json: expected values for the corpus. */
export const referenceJson = REFERENCE_JSON;

const CODE_SERVER = join(repoRoot, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Throws a message that says how to install what is missing (no silent skips). */
export function checkPrerequisites(): void {
  if (!existsSync(CODE_SERVER)) throw new Error(`code-server is not installed at ${CODE_SERVER}: run scripts/setupTools.sh (or scripts/setup.sh).`);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install chromium (scripts/setup.sh does), or set CHROMIUM_PATH.`);
  if (!existsSync(join(repoRoot, 'dist', 'extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first.');
}

/** A port that is free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** A running code-server and a browser page on its workbench. */
export interface Workbench {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly port: number;
  readonly serverLog: () => string;
  /** Content-Security-Policy violations reported by our webviews so far (console "Refused to …"). */
  readonly cspViolations: () => string[];
  /** Closes browser and server; throws when a webview reported a CSP violation during the run. */
  close(): Promise<void>;
}

/** Options of {@link startWorkbench}. */
export interface WorkbenchOptions {
  /** Folder to open. */
  readonly workspace: string;
  /** Absolute path of an extension-host test module (runs its `run()`); omitted: just load the extension. */
  readonly extensionTestsPath?: string;
  /** Called with the exit code when the extension-host tests finish. */
  readonly onExit?: (code: number) => void;
  /** Extra user settings. */
  readonly settings?: Record<string, unknown>;
  /** Called with extension host console output. */
  readonly onLog?: (type: string, args: unknown[]) => void;
  /** Install this .vsix into a fresh extensions folder and load it from there instead of the repository. */
  readonly installVsix?: string;
}

/** Starts code-server on a random port with fresh user data, and opens the workbench in headless Chromium. */
export async function startWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  checkPrerequisites();
  mkdirSync(testTmp, { recursive: true });
  const dir = mkdtempSync(join(testTmp, 'cs-'));
  const userData = join(dir, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    ...CODE_SERVER_USER_SETTINGS,
    ...(options.settings ?? {}),
  }));
  const port = await freePort();
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'xdg-config'), XDG_DATA_HOME: join(dir, 'xdg-data'), TMPDIR: dir };
  if (options.installVsix) {
    const install = spawnSync(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', join(dir, 'extensions'), '--install-extension', options.installVsix], { env, encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`code-server --install-extension ${options.installVsix} failed (${install.status}):\n${install.stdout}\n${install.stderr}`);
  }
  let log = '';
  const server: ChildProcess = spawn(CODE_SERVER, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', userData, '--extensions-dir', join(dir, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    options.workspace,
  ], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!log.includes('HTTP server listening')) {
    if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const browserDir = join(dir, 'chromium');
  const context = await chromium.launchPersistentContext(browserDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    env: { ...process.env, TMPDIR: dir, XDG_CONFIG_HOME: join(dir, 'xdg-config') },
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--disable-gpu'],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  const page = context.pages()[0] ?? (await context.newPage());
  // Every CSP violation in our webviews (compare panel, batch view, notebook renderer) fails the
  // suite: the webview frames are same-origin in code-server, so their console reaches the page.
  const csp: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (!/Content Security Policy/i.test(text)) return;
    const where = message.location().url ?? '';
    const ours = /\/webview\/|vscode-resource|vscode-cdn|image-similarity|imageSimilarity/i.test(where + text) || /webview/i.test(where);
    if (ours) csp.push(`${text} (${where})`);
  });
  if (options.onExit) await page.exposeFunction('codeAutomationExit', (code: number) => options.onExit?.(code));
  if (options.onLog) await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => options.onLog?.(type, args));
  const payload: [string, string][] = options.installVsix ? [] : [['extensionDevelopmentPath', `vscode-remote://remote${repoRoot}`]];
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${options.extensionTestsPath}`]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}${payload.length > 0 ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return {
    page,
    context,
    port,
    serverLog: () => log,
    cspViolations: () => [...csp],
    async close() {
      await context.close().catch(() => undefined);
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 300));
        if (server.exitCode === null) server.kill('SIGKILL');
      }
      // Chromium's helpers may still be writing for a moment after close.
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      if (csp.length > 0) throw new Error(`webviews reported ${csp.length} Content Security Policy violation(s):\n${csp.slice(0, 10).join('\n')}`);
    },
  };
}

/** Shows the Explorer (Ctrl+Shift+E focuses it; clicking the activity bar would toggle it). */
export async function showExplorer(page: Page): Promise<void> {
  await page.keyboard.press('Control+Shift+E');
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
}

/**
 * Right-clicks the Explorer row of `name` and activates the menu item `item`, retrying the
 * right-click until the item appears (the extension's menu contributions arrive a moment after the
 * Explorer). Returns the time (Date.now()) at which the item was activated.
 */
export async function explorerMenu(page: Page, name: string, item: string, timeoutMs = 30_000): Promise<number> {
  const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label="${name}"], .explorer-folders-view .monaco-list-row:has(.label-name:text-is("${name}"))`).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await row.click({ button: 'right' });
    const menuItem = page.locator(`.monaco-menu .action-item:has(.action-label:text-is("${item}"))`).first();
    try {
      await menuItem.waitFor({ state: 'visible', timeout: 1500 });
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`the Explorer menu of ${name} never showed "${item}"`);
      continue;
    }
    // The menu ignores a click that comes right after it opened; hover, then activate with Enter.
    await page.waitForTimeout(150);
    await menuItem.hover();
    const activated = Date.now();
    await page.keyboard.press('Enter');
    try {
      await page.locator('.monaco-menu').waitFor({ state: 'hidden', timeout: 3000 });
      return activated;
    } catch {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`the Explorer menu of ${name} never showed "${item}"`);
    }
  }
}

/** The comparison panel's document (the active webview: two nested iframes). */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

/** Runs a command through the Command Palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator(`.quick-input-list .monaco-list-row:has-text("${title}")`).first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** When the comparison panel first showed scores, measured inside its document (see {@link timeToFirstScores}). */
export interface FirstScoresTiming {
  /** From `startedAt` to the first animation frame at which the PSNR and SSIM cards hold numbers (ms). */
  readonly ms: number;
  /**
   * Of that, how long the panel document's navigation waited for VS Code's webview service worker to
   * start (PerformanceNavigationTiming workerStart − startTime, ms).
   */
  readonly serviceWorkerWaitMs: number;
}

/**
 * Waits for the PSNR and SSIM cards of the (only) comparison panel to hold numbers and returns when
 * that happened, measured inside the panel's document on every animation frame (no polling
 * interval in the measurement) against `startedAt` (Date.now() in this process; same machine clock).
 */
export async function timeToFirstScores(page: Page, startedAt: number, timeoutMs = 60_000): Promise<FirstScoresTiming> {
  const deadline = Date.now() + timeoutMs;
  let frame: Frame | undefined;
  // The panel's document is the inner iframe VS Code loads from fake.html and writes our HTML into.
  while (!(frame = page.frames().find((f) => f.url().includes('/fake.html') && !f.isDetached()))) {
    if (Date.now() > deadline) throw new Error('no comparison panel frame appeared');
    await page.waitForTimeout(5);
  }
  const handle = await frame.waitForFunction(() => {
    const value = (metric: string) => document.querySelector(`.card[data-metric="${metric}"] .value`)?.textContent?.trim() ?? '';
    if (!/^\d+\.\d\d$/.test(value('psnr')) || !/^\d\.\d{4}$/.test(value('ssim'))) return 0;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return { at: performance.timeOrigin + performance.now(), swWait: nav && nav.workerStart > 0 ? nav.workerStart - nav.startTime : 0 };
  }, undefined, { polling: 'raf', timeout: Math.max(1, deadline - Date.now()) });
  const { at, swWait } = (await handle.jsonValue()) as { at: number; swWait: number };
  return { ms: Math.round(at - startedAt), serviceWorkerWaitMs: Math.round(swWait) };
}
