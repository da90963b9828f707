// The comparison panel's page code in Chromium: the webview bundle's decoders (src/decode, plain
// TypeScript with no Node modules, and the JPEG WASM fetched by URL) give the same pixels as Node's, and
// the view logic (zoom math, colorbar ticks, colormap LUTs) behaves the same in the browser.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { colormapLut } from '../../src/core/colormaps';
import { decodeImage } from '../../src/decode';
import { initJpegTurboFromDisk } from '../../src/decode/nodeWasm';
import { CORPUS } from '../helpers/fixtures.cjs';

const root = resolve(__dirname, '..', '..', '..');
const corpus = CORPUS;
const FILES = ['astronaut/ref.png', 'astronaut/jpeg_q10.jpg', 'formats/camera256_gray16_ref.png', 'formats/chelsea_rgba_ref.png', 'formats/coffee_palette256.png', 'formats/astronaut_progressive_q75.jpg'];

const ENTRY = `
import { decodeFile } from './webview/compare/decode';
import { colorbarTicks, fitTransform, zoomAround } from './webview/compare/viewMath';
import { colormapLut } from './src/core/colormaps';
async function sha256(bytes) {
  const d = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
window.decodeForTest = async (name) => {
  const bytes = new Uint8Array(await (await fetch('/corpus/' + name)).arrayBuffer());
  const r = await decodeFile(bytes, name, 100e6, '/jpeg-turbo.wasm');
  const data = r.image.data;
  return { width: r.image.width, height: r.image.height, channels: r.image.channels, bitDepth: r.image.bitDepth, decoder: r.decoder,
    sha: await sha256(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)) };
};
window.viewForTest = () => ({
  fit: fitTransform(1000, 500, 500, 500),
  zoom: zoomAround({ zoom: 2, offsetX: 10, offsetY: -30 }, 1.7, 123, 77),
  ticks: colorbarTicks(0, 1, 5),
  lut: Array.from(colormapLut('viridis').subarray(0, 6)),
});
`;

describe('compare panel page code in Chromium', { timeout: 180_000 }, () => {
  let browser: Browser;
  let page: Page;
  let profile: string;

  before(async () => {
    const bundle = await esbuild.build({
      stdin: { contents: ENTRY, resolveDir: root, loader: 'ts' },
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0].text;
    profile = mkdtempSync(join(tmpdir(), 'imsim-chromium-'));
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
      env: { ...process.env, TMPDIR: profile, XDG_CONFIG_HOME: profile },
    });
    page = await browser.newPage();
    await page.route('http://localhost:47999/**', async (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: '<!DOCTYPE html><script type="module" src="/page.js"></script>' });
      if (path === '/page.js') return route.fulfill({ contentType: 'text/javascript', body: script });
      if (path === '/jpeg-turbo.wasm') return route.fulfill({ contentType: 'application/wasm', body: readFileSync(join(root, 'node_modules/@cwasm/jpeg-turbo/jpeg-turbo.wasm')) });
      if (path.startsWith('/corpus/')) return route.fulfill({ body: readFileSync(join(corpus, decodeURIComponent(path.slice('/corpus/'.length)))) });
      return route.fulfill({ status: 404 });
    });
    // localhost is a secure context (crypto.subtle); every request is answered by the route above.
    await page.goto('http://localhost:47999/');
    await page.waitForFunction(() => 'decodeForTest' in window);
    initJpegTurboFromDisk();
  });

  after(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  for (const name of FILES) {
    it(`decodes ${name} to the same pixels as Node`, async () => {
      const inPage = await page.evaluate((n) => (window as unknown as { decodeForTest(n: string): Promise<Record<string, unknown>> }).decodeForTest(n), name);
      const node = decodeImage(new Uint8Array(readFileSync(join(corpus, name))), { name });
      const data = node.image.data;
      const sha = createHash('sha256').update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).digest('hex');
      assert.deepEqual(inPage, { width: node.image.width, height: node.image.height, channels: node.image.channels, bitDepth: node.image.bitDepth, decoder: node.decoder, sha });
    });
  }

  it('computes the view logic the same in the browser', async () => {
    const view = await page.evaluate(() => (window as unknown as { viewForTest(): unknown }).viewForTest());
    assert.deepEqual(view, {
      fit: { zoom: 0.5, offsetX: 0, offsetY: 125 },
      zoom: { zoom: 3.4, offsetX: 123 - (123 - 10) * 1.7, offsetY: 77 - (77 + 30) * 1.7 },
      ticks: [0, 0.25, 0.5, 0.75, 1],
      lut: Array.from(colormapLut('viridis').subarray(0, 6)),
    });
  });
});
