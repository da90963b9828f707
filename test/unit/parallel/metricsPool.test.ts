/**
 * The parallel SSIM inside the metrics pool (dist/metricsWorker.js starts its own band workers:
 * nested worker threads): a heatmap job on the 1024×1024 pair gives exactly the in-process serial
 * result, and disposing the pool ends the nested threads too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { initJpegTurboFromDisk } from '../../../src/decode/nodeWasm';
import type { CompareJobOptions } from '../../../src/protocol/worker';
import { compareFiles } from '../../../src/worker/compareFiles';
import { defaultHelpers } from '../../../src/worker/parallelSsim';
import { MetricsPool } from '../../../src/worker/pool';
import { CORPUS, REPO_ROOT } from '../../helpers/paths';
import { osThreads } from '../../helpers/threads';

test('metrics pool: the heatmap job of a 1024² pair (parallel SSIM in nested band workers) equals the serial result; dispose ends every thread', async () => {
  initJpegTurboFromDisk();
  const before = osThreads();
  const a = new Uint8Array(readFileSync(join(CORPUS, 'big/astronaut1024_ref.png')));
  const b = new Uint8Array(readFileSync(join(CORPUS, 'big/astronaut1024_blur_s3.png')));
  const options: CompareJobOptions = {
    metrics: ['psnr', 'ssim'],
    recipe: { ssimVariant: 'wang2004', channel: 'rgb', cropBorder: 0 },
    maps: { ssim: true, absError: true },
    strict: false,
  };
  const expected = compareFiles(a, b, 'a', 'b', options, 'serial');
  const pool = new MetricsPool({ workerScript: join(REPO_ROOT, 'dist', 'metricsWorker.js'), size: 1 });
  try {
    // The first job starts the band workers during its decode; the later ones find them warm.
    for (let i = 0; i < 3; i++) {
      const r = await pool.compare({ a: a.slice(), b: b.slice(), nameA: 'a', nameB: 'b', options });
      assert.equal(r.metrics.ssim, expected.metrics.ssim, `run ${i}: ssim`);
      assert.deepEqual(r.perChannel, expected.perChannel);
      const map = r.maps.ssim;
      const want = expected.maps.ssim;
      assert.ok(map && want, 'the SSIM map came back');
      assert.deepEqual([map.width, map.height, map.min, map.max, map.valid], [want.width, want.height, want.min, want.max, want.valid]);
      assert.ok(Buffer.from(map.data.buffer, map.data.byteOffset, map.data.byteLength).equals(Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength)), `run ${i}: same map bytes`);
      assert.deepEqual(Object.keys(r.maps), Object.keys(expected.maps));
    }
    const during = osThreads();
    if (before !== undefined && during !== undefined && defaultHelpers() > 0) {
      // The metrics worker and its band worker(s).
      assert.ok(during >= before + 2, `threads ${before} → ${during}: the metrics worker started band workers`);
    }
  } finally {
    await pool.dispose();
  }
  if (before !== undefined) {
    let now = osThreads() ?? 0;
    for (let i = 0; i < 100 && now > before; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = osThreads() ?? 0;
    }
    assert.ok(now <= before, `threads ${before} → ${now} after dispose`);
  }
});
