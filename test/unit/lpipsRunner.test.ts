/**
 * LpipsRunner over a fake onnxruntime module: one session reused, only `distance` fetched unless
 * the map is asked for, the model input (8-bit /255, 16-bit /65535, gray replicated, crop, planar
 * RGB), the injected clock, and the network name from metadata or file name.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { DecodedImage } from '../../src/core/image';
import { toLpipsPlanes } from '../../src/core/lpipsInput';
import { lpipsModelInfo, readOnnxMetadata } from '../../src/core/lpipsModel';
import { LpipsRunner, type OrtModuleLike, type OrtSessionOptionsLike, type OrtTensorLike } from '../../src/core/lpipsRunner';
import { MODEL } from '../helpers/paths';

class FakeTensor implements OrtTensorLike {
  disposed = false;
  constructor(
    readonly type: string,
    readonly data: Float32Array,
    readonly dims: readonly number[],
  ) {}
  dispose(): void {
    this.disposed = true;
  }
}

function fakeOrt() {
  const calls = { creates: [] as OrtSessionOptionsLike[], runs: [] as { feeds: Record<string, FakeTensor>; fetches: readonly string[] }[], released: 0 };
  const ort: OrtModuleLike = {
    Tensor: FakeTensor,
    InferenceSession: {
      async create(_model: Uint8Array, options: OrtSessionOptionsLike) {
        calls.creates.push(options);
        return {
          inputNames: ['a', 'b'],
          outputNames: ['distance', 'map'],
          async run(feeds: { readonly [name: string]: OrtTensorLike }, fetches: readonly string[]) {
            calls.runs.push({ feeds: feeds as Record<string, FakeTensor>, fetches });
            const a = feeds.a as FakeTensor;
            const [, , h, w] = a.dims;
            const out: Record<string, OrtTensorLike> = { distance: new FakeTensor('float32', new Float32Array([0.25]), [1]) };
            if (fetches.includes('map')) out.map = new FakeTensor('float32', new Float32Array(h * w).map((_, i) => i), [1, 1, h, w]);
            return out;
          },
          async release() {
            calls.released++;
          },
        };
      },
    },
  };
  return { ort, calls };
}

/** A minimal ONNX ModelProto: ir_version, one metadata_props entry per pair. */
function onnxWithMetadata(props: Record<string, string>): Uint8Array {
  const bytes: number[] = [0x08, 0x08];
  const str = (field: number, s: string) => {
    const b = Array.from(Buffer.from(s, 'utf8'));
    return [(field << 3) | 2, b.length, ...b];
  };
  for (const [k, v] of Object.entries(props)) {
    const entry = [...str(1, k), ...str(2, v)];
    bytes.push((14 << 3) | 2, entry.length, ...entry);
  }
  return new Uint8Array(bytes);
}

const image = (width: number, height: number, channels: 1 | 3, bitDepth: 8 | 16, fill: (i: number) => number): DecodedImage => {
  const n = width * height * channels;
  const data = bitDepth === 8 ? new Uint8Array(n) : new Uint16Array(n);
  for (let i = 0; i < n; i++) data[i] = fill(i);
  return { width, height, channels, bitDepth, data };
};

describe('LpipsRunner with an injected ort module', () => {
  test('creates one session, reuses it, fetches only distance unless the map is asked for', async () => {
    const { ort, calls } = fakeOrt();
    let now = 1000;
    const runner = new LpipsRunner({ ort, model: onnxWithMetadata({ lpips_net: 'alex', lpips_version: '0.1' }), backend: 'webgpu', adapter: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader' }, clock: () => (now += 5) });
    const a = image(20, 18, 3, 8, (i) => i % 256);
    const first = await runner.run(a, a);
    const second = await runner.run(a, a, { map: true });
    assert.equal(calls.creates.length, 1);
    assert.deepEqual(calls.creates[0].executionProviders, ['webgpu']);
    assert.deepEqual(calls.runs.map((r) => r.fetches), [['distance'], ['distance', 'map']]);
    assert.equal(first.distance, 0.25);
    assert.equal(first.map, undefined);
    assert.equal(first.network, 'alex');
    assert.equal(first.networkVersion, '0.1');
    assert.equal(first.backend, 'webgpu');
    assert.equal(first.adapter?.architecture, 'swiftshader');
    assert.equal(first.millis, 5, 'one clock tick between start and end');
    assert.equal(first.sessionMillis, 5);
    assert.equal(second.sessionMillis, undefined);
    assert.equal(second.map?.width, 20);
    assert.equal(second.map?.height, 18);
    assert.equal(second.map?.min, 0);
    assert.equal(second.map?.max, 20 * 18 - 1);
    assert.ok(calls.runs.every((r) => r.feeds.a.disposed && r.feeds.b.disposed), 'input tensors disposed');
    await runner.dispose();
    assert.equal(calls.released, 1);
    await assert.rejects(() => runner.run(a, a), /after dispose/);
  });

  test('serialises concurrent runs', async () => {
    const { ort, calls } = fakeOrt();
    const runner = new LpipsRunner({ ort, model: new Uint8Array(), modelName: 'x-vgg.onnx', backend: 'wasm', clock: () => 0 });
    const a = image(17, 17, 1, 8, () => 7);
    const results = await Promise.all([runner.run(a, a), runner.run(a, a), runner.run(a, a)]);
    assert.equal(calls.creates.length, 1);
    assert.equal(results.length, 3);
    assert.equal(results[0].network, 'vgg');
  });

  test('a model without inputs a and b is refused with its name', async () => {
    const ort: OrtModuleLike = {
      Tensor: FakeTensor,
      InferenceSession: {
        async create() {
          return { inputNames: ['x'], outputNames: ['y'], run: async () => ({}), release: async () => undefined };
        },
      },
    };
    const runner = new LpipsRunner({ ort, model: new Uint8Array(), modelName: 'mine.onnx', backend: 'wasm', clock: () => 0 });
    const a = image(17, 17, 3, 8, () => 0);
    await assert.rejects(() => runner.run(a, a), /mine\.onnx is not an LPIPS model.*expected inputs a, b/);
  });
});

describe('LPIPS input conversion', () => {
  test('8-bit RGB: /255, planar', () => {
    const img = image(17, 17, 3, 8, (i) => (i * 7) % 256);
    const planes = toLpipsPlanes(img);
    const n = 17 * 17;
    for (const p of [0, 5, n - 1]) {
      for (let c = 0; c < 3; c++) assert.equal(planes.data[c * n + p], Math.fround(img.data[p * 3 + c] / 255));
    }
  });

  test('16-bit gray: /65535, replicated to R = G = B', () => {
    const img = image(17, 17, 1, 16, (i) => (i * 997) % 65536);
    const planes = toLpipsPlanes(img);
    const n = 17 * 17;
    for (const p of [0, 100, n - 1]) {
      const v = Math.fround(img.data[p] / 65535);
      assert.equal(planes.data[p], v);
      assert.equal(planes.data[n + p], v);
      assert.equal(planes.data[2 * n + p], v);
    }
  });

  test('crop border drops pixels on every side', () => {
    const img = image(25, 23, 3, 8, (i) => Math.floor(i / 3) % 256);
    const planes = toLpipsPlanes(img, 3);
    assert.equal(planes.width, 19);
    assert.equal(planes.height, 17);
    // pixel (0,0) of the crop is (3,3) of the image
    assert.equal(planes.data[0], Math.fround(((3 * 25 + 3) % 256) / 255));
    assert.equal(planes.data[19 * 17 - 1], Math.fround(((19 * 25 + 21) % 256) / 255));
  });
});

describe('LPIPS network name', () => {
  test('the shipped model declares squeeze v0.1 in its metadata', () => {
    const model = readFileSync(MODEL);
    const info = lpipsModelInfo(model, 'whatever.onnx');
    assert.equal(info.network, 'squeeze');
    assert.equal(info.version, '0.1');
    assert.equal(info.networkSource, 'metadata');
    assert.equal(readOnnxMetadata(model).input_range, '[0,1]');
  });

  test('from the file name when the metadata says nothing, else the stem', () => {
    assert.equal(lpipsModelInfo(new Uint8Array(), '/models/lpips_alex_v0.1.onnx').network, 'alex');
    assert.equal(lpipsModelInfo(new Uint8Array(), 'C:\\m\\LPIPS-VGG.onnx').network, 'vgg');
    const unknown = lpipsModelInfo(new Uint8Array(), 'my-metric.onnx');
    assert.equal(unknown.network, 'my-metric');
    assert.equal(unknown.networkSource, 'unknown');
  });

  test('non-protobuf bytes give no metadata and no exception', () => {
    assert.deepEqual(readOnnxMetadata(new Uint8Array([0xff, 0xff, 0xff])), {});
    assert.deepEqual(readOnnxMetadata(onnxWithMetadata({ net: 'résumé' })), { net: 'résumé' });
  });
});
