/**
 * Where tests find the repository, its test data (test/fixtures, see fixtures.cjs) and the built CLI.
 */
import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.cjs';

export { CONFORMANCE, CORPUS, FIXTURES, MODEL, REFERENCE_EXTRA_JSON, REFERENCE_JSON, REPO_ROOT, corpusFile, fixture } from './fixtures.cjs';
/** The built CLI. */
export const CLI = join(REPO_ROOT, 'dist', 'cli.js');
