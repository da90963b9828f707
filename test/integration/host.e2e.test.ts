/**
 * Runs the extension-host suite (test/integration/host/suite.ts) inside code-server through the
 * URL payload (`extensionTestsPath`), in a temporary Git repository: `shot.png` is committed as
 * astronaut/ref.png and modified to astronaut/noise_s51.png, so Compare with HEAD has something to
 * read. The workbench reports the suite's exit code through `window.codeAutomationExit`.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { format } from 'node:util';
import { after, describe, it } from 'node:test';
import { corpusDir, repoRoot, startWorkbench, testTmp } from './harness';
import type { Workbench } from './harness';
import { buildHostSuite } from './host/buildSuite';
import { makeHostWorkspace } from './host/workspace';

describe('extension-host suite in code-server', { timeout: 600_000 }, () => {
  let wb: Workbench | undefined;
  after(async () => {
    await wb?.close();
  });

  it('passes', async () => {
    const workspace = join(testTmp, 'host-workspace');
    makeHostWorkspace(workspace, corpusDir);

    const suite = await buildHostSuite(repoRoot);

    let log = '';
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    wb = await startWorkbench({
      workspace,
      extensionTestsPath: suite,
      onExit: (code) => resolveExit(code),
      onLog: (_type, args) => {
        log += `${format(...(args as unknown[]))}\n`;
      },
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<number>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the suite did not finish in 8 minutes:\n${log}`)), 480_000);
    });
    const code = await Promise.race([exited, timeout]).finally(() => clearTimeout(timer));
    // The suite's own report (mocha spec reporter), without the workbench's noise.
    console.log(log.split('\n').filter((line) => /✔|✗|passing|failing|pending|^\s+\d+\) |Error|assert|event-loop delay/i.test(line)).join('\n'));
    assert.equal(code, 0, `extension-host suite failed:\n${log}`);
  });
});
