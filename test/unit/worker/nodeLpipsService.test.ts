/**
 * The extension host's LPIPS worker (src/extension/nodeLpipsService.ts + dist/lpipsNodeWorker.js,
 * used by notebook cells): the reference value through the built worker, input errors as values,
 * Cancel terminates the running job and the next job starts a fresh worker.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeLpipsService, type NodeLpipsJob } from '../../../src/extension/nodeLpipsService';
import { CORPUS, REFERENCE_JSON, REPO_ROOT } from '../../helpers/paths';

interface ReferencePair { readonly a: string; readonly b: string; readonly metrics: { readonly [key: string]: { readonly value: number | null } | undefined } }
const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: ReferencePair[] };

function job(a: string, b: string, extra: Partial<NodeLpipsJob> = {}): NodeLpipsJob {
  return { a: new Uint8Array(readFileSync(join(CORPUS, a))), b: new Uint8Array(readFileSync(join(CORPUS, b))), nameA: a, nameB: b, cropBorder: 0, ...extra };
}

describe('NodeLpipsService (host LPIPS worker)', () => {
  const service = new NodeLpipsService(join(REPO_ROOT, 'dist', 'lpipsNodeWorker.js'));
  after(() => service.dispose());

  it('gives the official LPIPS value (squeeze v0.1, within 1e-5) for a PNG and a JPEG pair', async () => {
    for (const [a, b] of [['astronaut/ref.png', 'astronaut/noise_s51.png'], ['astronaut/ref.png', 'astronaut/jpeg_q10.jpg']]) {
      const expected = reference.pairs.find((p) => p.a === a && p.b === b)?.metrics['lpips_squeeze_v0.1']?.value;
      assert.equal(typeof expected, 'number', `reference for ${a} ↔ ${b}`);
      const r = await service.run(job(a, b));
      assert.ok(Math.abs(r.distance - (expected as number)) < 1e-5, `${a} ↔ ${b}: ${r.distance} vs ${expected}`);
      assert.equal(r.network, 'squeeze v0.1');
      assert.equal(r.backend, 'wasm');
    }
  });

  it('reports input problems as errors of kind input (size mismatch, over the megapixel limit)', async () => {
    await assert.rejects(service.run(job('astronaut/ref.png', 'lpips/ex_ref.png')), (e: Error & { kind?: string }) => e.kind === 'input' && /size|differ/i.test(e.message));
    await assert.rejects(service.run(job('astronaut/ref.png', 'astronaut/noise_s51.png', { maxMegapixels: 0.1 })), (e: Error & { kind?: string }) => e.kind === 'input' && /megapixel|MP/i.test(e.message));
  });

  it('a worker that cannot start fails each job with a reason instead of hanging', async () => {
    const broken = new NodeLpipsService(join(REPO_ROOT, 'dist', 'no-such-worker.js'));
    try {
      for (let i = 0; i < 2; i++) {
        await assert.rejects(broken.run(job('astronaut/ref.png', 'astronaut/noise_s51.png')), (e: Error & { kind?: string }) => e.kind === 'internal' && /LPIPS worker/.test(e.message));
      }
    } finally {
      broken.dispose();
    }
  });

  it('Cancel stops the running job at once; the next job runs in a fresh worker', async () => {
    const controller = new AbortController();
    const running = service.run(job('astronaut/ref.png', 'astronaut/blur_s3.png'), controller.signal);
    setTimeout(() => controller.abort(), 20);
    const started = Date.now();
    await assert.rejects(running, (e: Error) => e.name === 'AbortError');
    assert.ok(Date.now() - started < 1000, `cancel took ${Date.now() - started} ms`);
    const expected = reference.pairs.find((p) => p.a === 'astronaut/ref.png' && p.b === 'astronaut/blur_s3.png')?.metrics['lpips_squeeze_v0.1']?.value as number;
    const r = await service.run(job('astronaut/ref.png', 'astronaut/blur_s3.png'));
    assert.ok(Math.abs(r.distance - expected) < 1e-5, `${r.distance} vs ${expected}`);
  });
});
