/**
 * Two small folders made from the shared corpus, shaped like model outputs (A) against ground truth
 * (B): exact-path pairs, a nested folder, a pair matched by stem (.jpg ↔ .png), an identical pair
 * (infinite PSNR), a size mismatch (a failing pair), a dot-file, and one unmatched file per side.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CORPUS } from '../../helpers/paths';

/** Copies corpus files into a fresh folder tree: `files` maps target path → corpus path. */
export function makeTree(root: string, files: Record<string, string>): void {
  for (const [target, source] of Object.entries(files)) {
    const path = join(root, ...target.split('/'));
    mkdirSync(dirname(path), { recursive: true });
    copyFileSync(join(CORPUS, source), path);
  }
}

/** The outputs (A) and ground truth (B) folders; returns their paths below a fresh temp folder. */
export function makeBatchFolders(prefix = 'imsim-batch-'): { root: string; a: string; b: string } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const a = join(root, 'outputs');
  const b = join(root, 'gt');
  makeTree(a, {
    'astronaut.png': 'astronaut/noise_s51.png',
    'camera.png': 'camera/blur_s3.png',
    'chelsea.png': 'chelsea/ref.png',
    'nested/coffee.png': 'coffee/jpeg_q10.png',
    'coffee_jpeg.jpg': 'coffee/jpeg_q10.jpg',
    'mismatch.png': 'camera/ref.png',
    'only_in_a.png': 'camera/ref.png',
    '.hidden.png': 'camera/ref.png',
  });
  makeTree(b, {
    'astronaut.png': 'astronaut/ref.png',
    'camera.png': 'camera/ref.png',
    'chelsea.png': 'chelsea/ref.png',
    'nested/coffee.png': 'coffee/ref.png',
    'coffee_jpeg.png': 'coffee/ref.png',
    'mismatch.png': 'chelsea/ref.png',
    'only_in_b.png': 'astronaut/ref.png',
  });
  return { root, a, b };
}
