/**
 * Bundles the extension-host suite for its runners (kept apart from workspace.ts, which the suite
 * itself imports: esbuild must not end up in the suite's bundle).
 */
import { join } from 'node:path';
import * as esbuild from 'esbuild';

/**
 * Bundles the extension-host suite (suite.ts) for a runner (code-server here, @vscode/test-electron
 * in desktop) and returns the bundle's path, for `extensionTestsPath`.
 */
export async function buildHostSuite(repoRoot: string): Promise<string> {
  const suite = join(repoRoot, 'out', 'test', 'integration-host', 'suite.js');
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'integration', 'host', 'suite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return suite;
}
