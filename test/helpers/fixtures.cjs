// @ts-check
/**
 * The one place that says where test data lives: `test/fixtures/` in this repository.
 *
 * - `test/fixtures/reference/`: the reference corpus (`corpus/`), `reference.json` (scikit-image,
 *   MATLAB, official LPIPS) and `reference_extra.json` (NVlabs FLIP, SSIMULACRA 2, CIEDE2000).
 * - `test/fixtures/conformance/`: decoder conformance files (`png/`, `jpeg/`), each with its
 *   `manifest.json` and reference decodes.
 *
 * New reference data arrives in the shared folder beside the repository; `npm run fixtures:sync`
 * copies it here, and nothing else reads that folder. Plain CommonJS so that the TypeScript tests
 * (bundled by esbuild), the benchmarks (.mjs) and the scripts can all use it.
 */
'use strict';
const { existsSync } = require('node:fs');
const { dirname, join } = require('node:path');

/**
 * The repository root: the nearest folder above `start` with package.json and src/extension.
 * Works from test/helpers and from the bundled tests in out/test/….
 * @param {string} start
 * @returns {string}
 */
function findRepoRoot(start) {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src', 'extension'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${start}`);
  }
}

const REPO_ROOT = findRepoRoot(__dirname);
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
const REFERENCE_DIR = join(FIXTURES, 'reference');
const CORPUS = join(REFERENCE_DIR, 'corpus');
const CONFORMANCE = join(FIXTURES, 'conformance');

/**
 * A path under test/fixtures; throws (naming the sync command) when it does not exist, so that a
 * missing fixture fails the test that needs it instead of being skipped.
 * @param {...string} parts
 * @returns {string}
 */
function fixture(...parts) {
  const path = join(FIXTURES, ...parts);
  if (!existsSync(path)) throw new Error(`test fixture missing: ${path} (run npm run fixtures:sync if it is new reference data)`);
  return path;
}

/** A file of the reference corpus, e.g. corpusFile('astronaut', 'ref.png'). @param {...string} parts */
function corpusFile(...parts) {
  return fixture('reference', 'corpus', ...parts);
}

module.exports = {
  REPO_ROOT,
  FIXTURES,
  REFERENCE_DIR,
  CORPUS,
  CONFORMANCE,
  REFERENCE_JSON: join(REFERENCE_DIR, 'reference.json'),
  REFERENCE_EXTRA_JSON: join(REFERENCE_DIR, 'reference_extra.json'),
  MODEL: join(REPO_ROOT, 'models', 'lpips-squeeze-v0.1.onnx'),
  fixture,
  corpusFile,
  findRepoRoot,
};
