// The decode entry point must bundle for a browser webview: no `node:*` imports and no path to
// the Node-only wasm loader, no zlib, no pngjs (which needs Node's zlib, stream and Buffer).
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
    // jpeg-js (CMYK only) is plain JS with typed arrays; PNG needs no package and no zlib.
    assert.deepEqual([...new Set(external)].sort(), ['jpeg-js']);
  });
});
