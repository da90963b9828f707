/**
 * `npm run test:desktop`: the same extension-host suite (test/integration/host/suite.ts) in desktop
 * VS Code through @vscode/test-electron, for contributors who have a VS Code binary
 * (VSCODE_EXECUTABLE=/path/to/code) or can download one. Not run on the CI machines, which cannot
 * reach VS Code's update server (docs/ARCHITECTURE.md, "Tests"); CI runs the suite in code-server instead.
 */
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { CORPUS } from '../../helpers/fixtures.cjs';
import { buildHostSuite } from '../host/buildSuite';
import { makeHostWorkspace } from '../host/workspace';

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '..', '..', '..');
  const suite = await buildHostSuite(repoRoot);
  const workspace = join(repoRoot, '.test-tmp', 'desktop-workspace');
  makeHostWorkspace(workspace, CORPUS);
  await runTests({
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suite,
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
