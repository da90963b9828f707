/**
 * The workspace the extension-host suite expects: a temporary Git repository with `shot.png`
 * committed as astronaut/ref.png and then modified to astronaut/noise_s51.png (Compare with HEAD),
 * plus ref.png, noise_s51.png, a truncated corrupt.png and a 16-megapixel pair (big_a.png, big_b.png).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL } from '../../helpers/fixtures.cjs';
import { encodePng } from '../../helpers/png';

/** Side of the large pair (big_a.png, big_b.png) the host-health test compares: 16 megapixels. */
export const BIG_SIDE = 4096;

/** A large RGB pair (big_a.png, big_b.png): gradients with texture (A) and A plus a deterministic ±16 pattern (B). */
export function writeBigPair(dir: string): void {
  const side = BIG_SIDE;
  const stride = 1 + side * 3;
  const rawA = new Uint8Array(stride * side);
  const rawB = new Uint8Array(stride * side);
  let seed = 12345;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      for (let c = 0; c < 3; c++) {
        const i = y * stride + 1 + x * 3 + c;
        const v = ((x * (c + 1) + y * (3 - c)) >> 4) + ((x ^ y) & 15);
        rawA[i] = v & 255;
        rawB[i] = Math.max(0, Math.min(255, (v & 255) + (((seed >>> (8 * c)) & 31) - 16)));
      }
    }
  }
  writeFileSync(join(dir, 'big_a.png'), encodePng(side, side, 2, rawA));
  writeFileSync(join(dir, 'big_b.png'), encodePng(side, side, 2, rawB));
}

/** Creates (or recreates) the workspace at `dir` from the reference corpus. */
export function makeHostWorkspace(dir: string, corpusDir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(corpusDir, 'astronaut', 'ref.png'), join(dir, 'ref.png'));
  copyFileSync(join(corpusDir, 'astronaut', 'noise_s51.png'), join(dir, 'noise_s51.png'));
  const png = readFileSync(join(corpusDir, 'astronaut', 'ref.png'));
  writeFileSync(join(dir, 'corrupt.png'), png.subarray(0, Math.floor(png.length / 2)));
  copyFileSync(join(corpusDir, 'astronaut', 'ref.png'), join(dir, 'shot.png'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=imsim test', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', 'shot.png');
  git('commit', '-q', '-m', 'baseline');
  copyFileSync(join(corpusDir, 'astronaut', 'noise_s51.png'), join(dir, 'shot.png'));
  writeBigPair(dir);
  // A copy of the shipped LPIPS model outside the extension, for the lpips.modelPath setting.
  mkdirSync(join(dir, 'my-models'), { recursive: true });
  copyFileSync(MODEL, join(dir, 'my-models', 'squeeze-copy.onnx'));
}
