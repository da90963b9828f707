/**
 * Decompression bombs and large images (issue 6): a header claiming 100,000 × 100,000 px is refused
 * before allocation; a real 8192 × 8192 RGB pair gets PSNR and SSIM from `imsim compare` within a
 * stated memory budget (peak RSS of the process, sampled from /proc), and LPIPS is refused over its
 * 4-megapixel limit with a message that says so.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLI } from '../../helpers/paths';
import { encodePng } from '../../helpers/png';

/** Peak resident memory allowed for an 8K PSNR + SSIM comparison (two 192 MiB RGB images decoded, their files and one inflated stream: ~800 MB live, plus GC slack). */
const RSS_BUDGET_MB = 1300;
const SIDE = 8192;

const tmp = mkdtempSync(join(tmpdir(), 'imsim-big-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function png(width: number, height: number, raw: Uint8Array | null): Buffer {
  return encodePng(width, height, 2, raw);
}

/** A smooth 8-bit RGB gradient with seeded noise of amplitude `noise`, filter byte 0 on each row. */
function rawImage(side: number, noise: number, seed: number): Uint8Array {
  const stride = side * 3 + 1;
  const raw = new Uint8Array(stride * side);
  let s = seed >>> 0;
  for (let y = 0; y < side; y++) {
    const row = y * stride;
    for (let x = 0; x < side; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const n = noise ? ((s >>> 24) % (2 * noise + 1)) - noise : 0;
      const o = row + 1 + x * 3;
      raw[o] = Math.max(0, Math.min(255, ((x + y) >> 6) + n));
      raw[o + 1] = Math.max(0, Math.min(255, (x >> 5) + n));
      raw[o + 2] = Math.max(0, Math.min(255, (y >> 5) - n));
    }
  }
  return raw;
}

function runWithPeakRss(args: string[]): Promise<{ code: number; stdout: string; stderr: string; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // The process has exited between polls.
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code: code ?? -1, stdout, stderr, peakMb: peakKb / 1024 });
    });
  });
}

test('a PNG header claiming 100,000 × 100,000 px is refused at once, before allocation', async () => {
  const bomb = join(tmp, 'bomb.png');
  writeFileSync(bomb, png(100_000, 100_000, null));
  const started = Date.now();
  const r = await runWithPeakRss(['compare', bomb, bomb, '--json']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /bomb\.png/);
  assert.match(r.stderr, /100000\s*×\s*100000|100,000|megapixel|pixel limit/i);
  assert.ok(r.peakMb < 200, `peak RSS ${r.peakMb.toFixed(0)} MB: nothing was allocated for the pixels`);
  assert.ok(Date.now() - started < 10_000);
});

test(`a real ${SIDE} × ${SIDE} pair: PSNR and SSIM within ${RSS_BUDGET_MB} MB peak RSS; LPIPS refused over its limit`, { timeout: 10 * 60_000 }, async () => {
  const a = join(tmp, 'a8k.png');
  const b = join(tmp, 'b8k.png');
  writeFileSync(a, png(SIDE, SIDE, rawImage(SIDE, 0, 1)));
  writeFileSync(b, png(SIDE, SIDE, rawImage(SIDE, 3, 2)));
  const r = await runWithPeakRss(['compare', a, b, '--json', '--metrics', 'psnr,ssim']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.width, SIDE);
  assert.ok(out.metrics.psnr > 30 && out.metrics.psnr < 60, String(out.metrics.psnr));
  assert.ok(out.metrics.ssim > 0 && out.metrics.ssim < 1);
  console.log(`8K compare: peak RSS ${r.peakMb.toFixed(0)} MB (budget ${RSS_BUDGET_MB} MB)`);
  assert.ok(r.peakMb < RSS_BUDGET_MB, `peak RSS ${r.peakMb.toFixed(0)} MB over the ${RSS_BUDGET_MB} MB budget`);

  const l = await runWithPeakRss(['compare', a, b, '--json', '--metrics', 'lpips']);
  assert.equal(l.code, 1);
  assert.match(l.stderr, /LPIPS|lpips/);
  assert.match(l.stderr, /megapixel|MP/i);
});
