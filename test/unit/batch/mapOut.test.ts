/**
 * `--map-out` (src/cli/mapOut.ts, ready for src/cli/batch.ts to call): the worst N pairs of a real
 * batch are written as PNG heatmaps named by rank, metric, value and path, readable by pngjs, at the
 * compared size.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PNG } from 'pngjs';
import type { BatchReport } from '../../../src/core/batchReport';
import { writeWorstMaps } from '../../../src/cli/mapOut';
import { CLI, REPO_ROOT } from '../../helpers/paths';
import { makeBatchFolders } from './fixtures';

const folders = makeBatchFolders('imsim-mapout-');
after(() => rmSync(folders.root, { recursive: true, force: true }));

test('writes the heatmaps of the worst pairs by SSIM and by PSNR', async () => {
  const cli = spawnSync(process.execPath, [CLI, 'batch', folders.a, folders.b, '--json'], { encoding: 'utf8', timeout: 120_000 });
  const report = JSON.parse(cli.stdout) as BatchReport;
  const recipe = { ssimVariant: 'wang2004' as const, channel: 'rgb' as const, cropBorder: 0 };
  const workerScript = join(REPO_ROOT, 'dist', 'metricsWorker.js');
  const dir = join(folders.root, 'maps');
  const written = await writeWorstMaps({ dir, pairs: report.pairs, dirA: folders.a, column: 'ssim', count: 2, recipe, workerScript });
  assert.equal(written.length, 2);
  const names = readdirSync(dir).sort();
  assert.deepEqual(names, ['001_ssim_0.169903_astronaut.png', '002_ssim_0.689778_coffee_jpeg.png']);
  const png = PNG.sync.read(readFileSync(join(dir, names[0] as string)));
  assert.equal(png.width, 512);
  assert.equal(png.height, 512);
  // The SSIM window does not fit within 5 px of the border: mid-gray there.
  assert.deepEqual([...png.data.subarray(0, 4)], [128, 128, 128, 255]);

  const byPsnr = join(folders.root, 'maps-psnr');
  const all = await writeWorstMaps({ dir: byPsnr, pairs: report.pairs, dirA: folders.a, column: 'psnr', count: 10, recipe, workerScript });
  assert.equal(all.length, 4, 'the failed pair and the identical pair (infinite PSNR) get no heatmap');
  assert.match(readdirSync(byPsnr).sort()[0] ?? '', /^001_psnr_15\.23_astronaut\.png$/);
});
