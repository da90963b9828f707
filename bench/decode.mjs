// Decode timings (medians): our PNG path (TypeScript chunk walk, strict inflate, unfilter) against
// pngjs's PNG.sync.read, and our JPEG path (libjpeg-turbo WASM) against jpeg-js 0.4.4, on the same
// files in the same process. src/decode is bundled with esbuild here, so no build step is needed.
// Usage: node bench/decode.mjs [--runs N]
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleTs, median } from './common.mjs';
import fixtures from '../test/helpers/fixtures.cjs';

const require = createRequire(import.meta.url);
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;

const decode = await bundleTs(
  'decode',
  "export * from './src/decode/index'; export { initJpegTurboFromDisk, useNativeInflate } from './src/decode/nodeWasm'; export { setZlibInflater } from './src/decode/inflate';",
);
decode.initJpegTurboFromDisk();
const { PNG } = require('pngjs');
const jpegJs = require('jpeg-js');

function time(fn) {
  fn(); // warm-up (JIT, WASM heap growth)
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function row(label, ms, base) {
  const ratio = base === undefined ? '' : `  (${(base / ms).toFixed(2)}× the peer's speed)`;
  console.log(`  ${label.padEnd(68)} ${ms.toFixed(1).padStart(8)} ms${ratio}`);
}

const pngPath = join(fixtures.CORPUS, 'big/astronaut1024_ref.png');
const jpegPath = join(fixtures.CORPUS, 'astronaut/jpeg_q10.jpg');
const png = readFileSync(pngPath);
const jpeg = readFileSync(jpegPath);
const pngBytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
const jpegBytes = new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);

const pngInfo = decode.readImageHeader(pngBytes, pngPath);
console.log(`PNG ${pngPath} (${pngInfo.width}×${pngInfo.height}, ${pngInfo.bitDepth}-bit, ${png.length} bytes), median of ${runs}`);
const pngjsMs = time(() => PNG.sync.read(png));
row('pngjs 7.0.0 PNG.sync.read (RGBA)', pngjsMs);
row('decodeImage (TypeScript inflate + unfilter, 3-channel RGB)', time(() => decode.decodeImage(pngBytes, { name: 'big.png' })), pngjsMs);
// What the worker and the CLI use in Node: the same decoder with native zlib for the inflate.
decode.useNativeInflate();
row('decodeImage (native zlib inflate + unfilter, as in Node workers)', time(() => decode.decodeImage(pngBytes, { name: 'big.png' })), pngjsMs);
decode.setZlibInflater(undefined);

const jpegInfo = decode.readImageHeader(jpegBytes, jpegPath);
console.log(`JPEG ${jpegPath} (${jpegInfo.width}×${jpegInfo.height}, ${jpegInfo.jpeg.sofType}, ${jpeg.length} bytes), median of ${runs}`);
const jpegJsMs = time(() => jpegJs.decode(jpeg, { useTArray: true, formatAsRGBA: false }));
row('jpeg-js 0.4.4 decode (RGB)', jpegJsMs);
row(`decodeImage (${decode.JPEG_TURBO_DECODER})`, time(() => decode.decodeImage(jpegBytes, { name: 'q10.jpg' })), jpegJsMs);
