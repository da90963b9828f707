/**
 * LPIPS in a real browser: Debian's Chromium (playwright-core) runs the built webview worker
 * (dist/webview/lpipsWorker.js, started by webview/lpips/lpipsClient.ts from a blob: URL as in a
 * VS Code webview) with the backend forced to WASM and forced to WebGPU (SwiftShader under
 * --enable-unsafe-webgpu on a machine without a GPU). Both must report the backend they ran on (and
 * the adapter for WebGPU) and agree with the official code within 1e-4 on the 64×64 LPIPS examples
 * and a 256×256 pair. A forced WebGPU run that cannot get an adapter fails: no silent fallback.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { REFERENCE_JSON } from '../helpers/paths';
import { launchChromium, openLpipsPage, startLpipsServer, type LpipsBrowser, type LpipsServer } from './lpipsHarness';
import type { PagePair, PageResult } from './lpipsPage';

const TOLERANCE = 1e-4;
const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as {
  pairs: { a: string; b: string; metrics: Record<string, { value: number } | undefined> }[];
};
function expected(pair: PagePair): number {
  const found = reference.pairs.find((p) => p.a === pair.a && p.b === pair.b)?.metrics['lpips_squeeze_v0.1'];
  assert.ok(found, `no reference LPIPS for ${pair.a} / ${pair.b}`);
  return found.value;
}

/** The 64×64 examples of the LPIPS repository (one identical pair) and one 256×256 pair (16-bit gray). */
const PAIRS: PagePair[] = [
  { a: 'lpips/ex_ref.png', b: 'lpips/ex_p0.png' },
  { a: 'lpips/ex_ref.png', b: 'lpips/ex_p1.png' },
  { a: 'lpips/ex_ref.png', b: 'lpips/ex_dir0_0.png' },
  { a: 'formats/camera256_gray16_ref.png', b: 'formats/camera256_gray16_noise.png' },
];

let server: LpipsServer;
let browser: LpipsBrowser;
let page: Page;
const log: string[] = [];

async function run(p: Page, backend: 'auto' | 'webgpu' | 'wasm', pairs: PagePair[], options: { map?: boolean; warmUp?: boolean } = {}): Promise<PageResult[]> {
  return p.evaluate(([b, ps, o]) => (globalThis as unknown as { lpipsTest: { run: (...args: unknown[]) => Promise<PageResult[]> } }).lpipsTest.run(b, ps, o), [backend, pairs, options] as const);
}

function checkAgainstReference(results: PageResult[]): void {
  for (const { pair, result, error } of results) {
    assert.ok(result, `${pair.a} / ${pair.b}: ${error?.message}\n${log.join('\n')}`);
    const want = expected(pair);
    const diff = Math.abs(result.distance - want);
    assert.ok(diff <= TOLERANCE, `${pair.a} / ${pair.b} on ${result.backend}: got ${result.distance}, expected ${want} (|diff| ${diff.toExponential(2)})`);
    assert.equal(result.network, 'squeeze');
    assert.equal(result.networkVersion, '0.1');
  }
}

describe('LPIPS in Chromium through the webview worker', { timeout: 300_000 }, () => {
  before(async () => {
    server = await startLpipsServer();
    browser = await launchChromium({ webgpu: true });
    page = await openLpipsPage(browser, server, log);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('WASM only: backend wasm, no adapter, within 1e-4', async (t) => {
    const results = await run(page, 'wasm', PAIRS, { warmUp: true });
    checkAgainstReference(results);
    assert.equal(results[0].result?.sessionMillis, undefined, 'warmUp created the session');
    for (const { result } of results) {
      assert.equal(result?.backend, 'wasm');
      assert.equal(result?.adapter, undefined);
      assert.deepEqual(result?.notices, []);
    }
    t.diagnostic(results.map((r) => `${r.pair.b}: ${r.result?.distance} (${r.result?.millis.toFixed(0)} ms)`).join('; '));
  });

  test('WebGPU only: backend webgpu on the SwiftShader adapter, within 1e-4, map on request', async (t) => {
    const results = await run(page, 'webgpu', PAIRS);
    checkAgainstReference(results);
    for (const { result } of results) {
      assert.equal(result?.backend, 'webgpu', 'a forced WebGPU run never falls back');
      assert.deepEqual(result?.notices, []);
      const adapter = result?.adapter;
      assert.ok(adapter, 'the adapter is reported');
      assert.equal(adapter.architecture, 'swiftshader', `adapter: ${JSON.stringify(adapter)}`);
      assert.equal(adapter.vendor, 'google');
    }
    const [withMap] = await run(page, 'webgpu', [PAIRS[1]], { map: true });
    assert.equal(withMap.result?.map?.width, 64);
    assert.equal(withMap.result?.map?.height, 64);
    assert.ok(Math.abs((withMap.result?.map?.mean ?? NaN) - expected(PAIRS[1])) < 1e-3);
    t.diagnostic(`adapter ${JSON.stringify(results[0].result?.adapter)}; ` + results.map((r) => `${r.pair.b}: ${r.result?.distance} (${r.result?.millis.toFixed(0)} ms)`).join('; '));
  });

  test('input errors come back as lpips/error of kind input', async () => {
    const [small] = await run(page, 'wasm', [{ a: 'lpips/ex_ref.png', b: 'formats/camera256_gray8_ref.png' }]);
    assert.equal(small.result, undefined);
    assert.equal(small.error?.kind, 'input');
    assert.match(small.error?.message ?? '', /same size, got 64×64 and 256×256/);
  });
});

describe('LPIPS in Chromium without WebGPU', { timeout: 120_000 }, () => {
  let plain: LpipsBrowser;
  let plainServer: LpipsServer;
  let plainPage: Page;
  before(async () => {
    plainServer = await startLpipsServer();
    plain = await launchChromium({ webgpu: false });
    plainPage = await openLpipsPage(plain, plainServer, log);
  });
  after(async () => {
    await plain?.close();
    await plainServer?.close();
  });

  test('forced WebGPU fails with the reason instead of falling back', async () => {
    const [r] = await run(plainPage, 'webgpu', [PAIRS[1]]);
    assert.equal(r.result, undefined);
    assert.equal(r.error?.kind, 'internal');
    assert.match(r.error?.message ?? '', /cannot use WebGPU: .*no adapter.*"auto" or "wasm"/);
  });

  test('auto falls back to WASM and says so', async () => {
    const results = await run(plainPage, 'auto', [PAIRS[1]]);
    checkAgainstReference(results);
    assert.equal(results[0].result?.backend, 'wasm');
    assert.match(results[0].result?.notices.join(' ') ?? '', /LPIPS ran on WASM \(CPU\) because .*no adapter/);
  });
});
