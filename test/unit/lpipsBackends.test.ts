/**
 * The LPIPS worker's backend policy (webview/lpips/lpipsBackends.ts) with fake runners: `auto`
 * falls back to WASM and says so (no adapter, a WebGPU failure at run time, a lost device), forced
 * `webgpu` fails instead, input errors never cause a fallback.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MetricError } from '../../src/core/errors';
import type { DecodedImage } from '../../src/core/image';
import type { LpipsAdapterInfo, LpipsBackend, LpipsResult } from '../../src/core/lpipsRunner';
import { LpipsBackendChooser, type LpipsRunnerLike } from '../../webview/lpips/lpipsBackends';

const SWIFTSHADER: LpipsAdapterInfo = { vendor: 'google', architecture: 'swiftshader', description: '', isFallbackAdapter: true };
const image: DecodedImage = { width: 17, height: 17, channels: 3, bitDepth: 8, data: new Uint8Array(17 * 17 * 3) };

function setup(options: { adapter?: LpipsAdapterInfo | { unavailable: string }; gpuFails?: Error[] } = {}) {
  const created: LpipsBackend[] = [];
  const disposed: LpipsBackend[] = [];
  let adapterLookups = 0;
  const gpuFails = [...(options.gpuFails ?? [])];
  const chooser = new LpipsBackendChooser({
    async findAdapter() {
      adapterLookups++;
      return options.adapter ?? SWIFTSHADER;
    },
    createRunner(backend, adapter): LpipsRunnerLike {
      created.push(backend);
      return {
        async run(): Promise<LpipsResult> {
          if (backend === 'webgpu' && gpuFails.length > 0) throw gpuFails.shift();
          return { distance: 0.5, backend, ...(adapter ? { adapter } : {}), network: 'squeeze', millis: 1 };
        },
        async dispose() {
          disposed.push(backend);
        },
      };
    },
  });
  return { chooser, created, disposed, lookups: () => adapterLookups };
}

describe('LPIPS backend policy', () => {
  test('auto with an adapter runs on WebGPU and reports the adapter; one runner, one lookup', async () => {
    const { chooser, created, lookups } = setup();
    for (let i = 0; i < 2; i++) {
      const r = await chooser.run('auto', image, image, {});
      assert.equal(r.backend, 'webgpu');
      assert.deepEqual(r.adapter, SWIFTSHADER);
      assert.deepEqual(r.notices, []);
    }
    assert.deepEqual(created, ['webgpu']);
    assert.equal(lookups(), 1);
  });

  test('wasm never looks for an adapter', async () => {
    const { chooser, created, lookups } = setup();
    const r = await chooser.run('wasm', image, image, {});
    assert.equal(r.backend, 'wasm');
    assert.deepEqual(r.notices, []);
    assert.deepEqual(created, ['wasm']);
    assert.equal(lookups(), 0);
  });

  test('no adapter: auto falls back and says why, webgpu fails with the reason', async () => {
    const { chooser } = setup({ adapter: { unavailable: 'navigator.gpu.requestAdapter() found no adapter' } });
    const r = await chooser.run('auto', image, image, {});
    assert.equal(r.backend, 'wasm');
    assert.match(r.notices.join(' '), /ran on WASM \(CPU\) because navigator\.gpu\.requestAdapter\(\) found no adapter/);
    await assert.rejects(() => chooser.run('webgpu', image, image, {}), /cannot use WebGPU: navigator\.gpu\.requestAdapter\(\) found no adapter\. Set imageSimilarity\.lpips\.backend to "auto" or "wasm"/);
  });

  test('a WebGPU failure at run time: auto falls back for this and later runs and says so', async () => {
    const { chooser, created, disposed } = setup({ gpuFails: [new Error('out of memory')] });
    const first = await chooser.run('auto', image, image, {});
    assert.equal(first.backend, 'wasm');
    assert.match(first.notices.join(' '), /WebGPU failed \(out of memory\)/);
    const second = await chooser.run('auto', image, image, {});
    assert.equal(second.backend, 'wasm');
    assert.equal(second.notices.length, 1);
    assert.deepEqual(created, ['webgpu', 'wasm']);
    assert.deepEqual(disposed, ['webgpu']);
  });

  test('a WebGPU failure with webgpu forced is an error, not a fallback', async () => {
    const { chooser, created } = setup({ gpuFails: [new Error('device lost')] });
    await assert.rejects(() => chooser.run('webgpu', image, image, {}), /LPIPS on WebGPU failed: device lost/);
    assert.deepEqual(created, ['webgpu']);
  });

  test('a lost device switches auto to WASM', async () => {
    const { chooser } = setup();
    assert.equal((await chooser.run('auto', image, image, {})).backend, 'webgpu');
    chooser.markWebgpuLost('the WebGPU device was lost (unknown: gone)');
    const r = await chooser.run('auto', image, image, {});
    assert.equal(r.backend, 'wasm');
    assert.match(r.notices.join(' '), /device was lost/);
  });

  test('input errors are not backend failures', async () => {
    const { chooser, created } = setup({ gpuFails: [new MetricError('lpips', 'LPIPS needs at least 17×17 pixels')] });
    await assert.rejects(() => chooser.run('auto', image, image, {}), MetricError);
    assert.deepEqual(created, ['webgpu']);
    assert.equal(chooser.webgpuUnavailable, undefined);
  });
});
