/**
 * Browser harness for LPIPS (browser tests and bench/lpips.mjs): a 127.0.0.1 HTTP server for the
 * built dist/ and models/, a test page bundled from test/browser/lpipsPage.ts, decoded corpus pixels
 * at /pixels/<corpus path>, and Debian's Chromium driven by playwright-core (flags in docs/ARCHITECTURE.md, "Tests").
 */
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { decodeImage } from '../../src/decode/index';
import { initJpegTurboFromDisk } from '../../src/decode/nodeWasm';
import { CORPUS, REPO_ROOT } from '../helpers/paths';

/** Debian's Chromium (scripts/setup.sh installs it). */
export const CHROMIUM = process.env.IMSIM_CHROMIUM ?? '/usr/bin/chromium';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.html': 'text/html',
  '.map': 'application/json',
};

/** A running server; `close` stops it. */
export interface LpipsServer {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Serves dist/, models/, the test page and decoded corpus pixels on 127.0.0.1 (random port). */
export async function startLpipsServer(): Promise<LpipsServer> {
  for (const required of ['dist/webview/lpipsWorker.js', 'dist/ort-wasm-simd-threaded.asyncify.wasm', 'models/lpips-squeeze-v0.1.onnx']) {
    if (!existsSync(join(REPO_ROOT, required))) throw new Error(`${required} is missing: run \`node scripts/build.mjs\` first`);
  }
  initJpegTurboFromDisk();
  const bundle = await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'test/browser/lpipsPage.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'warning',
  });
  const pageJs = bundle.outputFiles[0].contents;
  const html = '<!doctype html><meta charset="utf-8"><title>lpips</title><script type="module" src="/page/page.js"></script>';
  const roots: Record<string, string> = { dist: join(REPO_ROOT, 'dist'), models: join(REPO_ROOT, 'models') };

  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const send = (status: number, body: string | Uint8Array, type = 'text/plain', headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      response.end(body);
    };
    try {
      if (path === '/page/index.html') return send(200, html, TYPES['.html']);
      if (path === '/page/page.js') return send(200, pageJs, TYPES['.js']);
      if (path.startsWith('/pixels/')) {
        const file = safeJoin(CORPUS, path.slice('/pixels/'.length));
        if (!file) return send(404, 'not found');
        const { image } = decodeImage(readFileSync(file), { name: file });
        const bytes = new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength);
        return send(200, bytes, 'application/octet-stream', {
          'x-width': String(image.width),
          'x-height': String(image.height),
          'x-channels': String(image.channels),
          'x-bit-depth': String(image.bitDepth),
        });
      }
      const [, top, ...rest] = path.split('/');
      const root = roots[top];
      const file = root ? safeJoin(root, rest.join('/')) : undefined;
      if (!file) return send(404, 'not found');
      return send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream');
    } catch (error) {
      return send(500, String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `root/relative` if it stays inside root and is a file. */
function safeJoin(root: string, relative: string): string | undefined {
  const full = normalize(join(root, relative));
  if (!full.startsWith(root + sep)) return undefined;
  return existsSync(full) && statSync(full).isFile() ? full : undefined;
}

/** A Chromium with its own temp profile; `close` removes it. */
export interface LpipsBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Starts headless Chromium; with `webgpu`, `--enable-unsafe-webgpu` (SwiftShader on a machine without a GPU). */
export async function launchChromium(options: { webgpu: boolean }): Promise<LpipsBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does)`);
  const temp = mkdtempSync(join(tmpdir(), 'imsim-chromium-'));
  const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check'];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  env.TMPDIR = join(temp, 'tmp');
  env.XDG_CONFIG_HOME = join(temp, 'config');
  for (const dir of [env.TMPDIR, env.XDG_CONFIG_HOME]) mkdirSync(dir, { recursive: true });
  const context = await chromium.launchPersistentContext(join(temp, 'profile'), { executablePath: CHROMIUM, headless: true, args, env });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(temp, { recursive: true, force: true });
    },
  };
}

/** Opens the test page and waits until `window.lpipsTest` exists. */
export async function openLpipsPage(browser: LpipsBrowser, server: LpipsServer, log: string[] = []): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('console', (message) => log.push(`[console.${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  await page.goto(`${server.baseUrl}/page/index.html`);
  await page.waitForFunction(() => document.title === 'lpips-ready');
  return page;
}
