/**
 * Test page for the LPIPS browser suite (bundled by lpips.test.ts at run time, never shipped): drives
 * the real page-side client (webview/lpips/lpipsClient.ts) and worker bundle (dist/webview/lpipsWorker.js)
 * exactly as a webview would, with pixels served by the test's server.
 */
import type { DecodedImage } from '../../src/core/image';
import type { LpipsBackendSetting, LpipsRunResult } from '../../src/protocol/lpips';
import { LpipsClient, LpipsClientError } from '../../webview/lpips/lpipsClient';

/** One pair to run, by corpus-relative path. */
export interface PagePair {
  readonly a: string;
  readonly b: string;
}

/** What the page returns per pair (the map summarised: it stays in the page). */
export interface PageResult {
  readonly pair: PagePair;
  readonly result?: Omit<LpipsRunResult, 'map'> & { map?: { width: number; height: number; min: number; max: number; mean: number } };
  readonly error?: { kind: string; message: string; name: string };
  /** Wall time of the client call, ms. */
  readonly wallMillis: number;
}

async function loadPixels(path: string): Promise<DecodedImage> {
  const response = await fetch(`/pixels/${path}`);
  if (!response.ok) throw new Error(`pixels ${path}: HTTP ${response.status}`);
  const width = Number(response.headers.get('x-width'));
  const height = Number(response.headers.get('x-height'));
  const channels = Number(response.headers.get('x-channels')) as 1 | 3;
  const bitDepth = Number(response.headers.get('x-bit-depth')) as 8 | 16;
  const buffer = await response.arrayBuffer();
  const data = bitDepth === 16 ? new Uint16Array(buffer) : new Uint8Array(buffer);
  return { width, height, channels, bitDepth, data };
}

const clients = new Map<LpipsBackendSetting, LpipsClient>();

async function run(backend: LpipsBackendSetting, pairs: readonly PagePair[], options: { map?: boolean; repeat?: number; warmUp?: boolean } = {}): Promise<PageResult[]> {
  let client = clients.get(backend);
  if (!client) {
    client = new LpipsClient({
      workerUrl: '/dist/webview/lpipsWorker.js',
      modelUrl: '/models/lpips-squeeze-v0.1.onnx',
      wasmBaseUrl: '/dist/',
      backend,
    });
    clients.set(backend, client);
    if (options.warmUp) await client.warmUp();
  }
  const out: PageResult[] = [];
  for (const pair of pairs) {
    const a = await loadPixels(pair.a);
    const b = await loadPixels(pair.b);
    for (let k = 0; k < (options.repeat ?? 1); k++) {
      const start = performance.now();
      try {
        const result = await client.run(a, b, { map: options.map === true });
        const wallMillis = performance.now() - start;
        const { map, ...rest } = result;
        let summary: { width: number; height: number; min: number; max: number; mean: number } | undefined;
        if (map) {
          let sum = 0;
          for (const v of map.data) sum += v;
          summary = { width: map.width, height: map.height, min: map.min, max: map.max, mean: sum / map.data.length };
        }
        out.push({ pair, result: summary ? { ...rest, map: summary } : rest, wallMillis });
      } catch (error) {
        const e = error as Error;
        out.push({ pair, error: { kind: error instanceof LpipsClientError ? error.kind : 'thrown', message: e.message, name: e.name }, wallMillis: performance.now() - start });
      }
    }
  }
  return out;
}

(globalThis as unknown as { lpipsTest: { run: typeof run } }).lpipsTest = { run };
document.title = 'lpips-ready';
