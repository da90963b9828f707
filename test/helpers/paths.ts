/**
 * Where tests find the repository and the shared reference data (../shared, or IMSIM_SHARED).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function findRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    dir = resolve(dir, '..');
  }
  throw new Error(`cannot find the repository root above ${__dirname}`);
}

/** The repository root. */
export const REPO_ROOT = findRoot();
/** The shared folder with reference data, conformance files and the model. */
export const SHARED = process.env.IMSIM_SHARED ?? resolve(REPO_ROOT, '..', 'shared');
/** The reference corpus. */
export const CORPUS = join(SHARED, 'reference', 'corpus');
/** The built CLI. */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
