// The decode entry point must bundle for a browser webview: no `node:*` imports and no path to
// the Node-only wasm loader. (zlib is imported by pngjs itself; the webview bundle aliases it.)
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { repoRoot } from './helpers';

describe('decode bundles for the browser', () => {
  it('src/decode/index.ts reaches no node:* module and not nodeWasm.ts', async () => {
    const result = await esbuild.build({
      entryPoints: [join(repoRoot, 'src/decode/index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.some((p) => p.endsWith('src/decode/png.ts')));
    assert.ok(!inputs.some((p) => p.endsWith('nodeWasm.ts')), inputs.join('\n'));
    const external = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.external).map((x) => x.path));
    assert.deepEqual(external.filter((p) => p.startsWith('node:')), []);
    assert.deepEqual([...new Set(external)].sort(), ['jpeg-js', 'pngjs/lib/bitmapper', 'pngjs/lib/filter-parse-sync', 'pngjs/lib/format-normaliser', 'zlib']);
  });
});
