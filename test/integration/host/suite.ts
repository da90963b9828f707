/**
 * The extension-host suite (mocha), run inside the workbench through `extensionTestsPath`: by
 * code-server here (test/integration/host.e2e.test.ts) and by @vscode/test-electron where a desktop
 * VS Code exists. The workspace is a temporary Git repository made by the runner (see that file).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { REFERENCE_JSON } from '../../helpers/fixtures.cjs';
import { BIG_SIDE } from './workspace';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** The extension's activate() result (src/extension/extension.ts), typed loosely: tests only read. */
interface PanelSnapshot {
  readonly title: string;
  readonly result?: { readonly metrics: { readonly psnr?: number | null; readonly ssim?: number; readonly msssim?: number } };
  readonly error?: string;
  readonly lpips?: { readonly value: number };
  readonly lpipsUnavailable?: string;
  readonly cards: { readonly [metric: string]: string };
  readonly bytes?: readonly [Uint8Array, Uint8Array];
}
interface Panel {
  snapshot(): PanelSnapshot;
  readonly onDidUpdate: vscode.Event<void>;
  dispose(): void;
}
interface Api {
  readonly panels: { readonly all: readonly Panel[]; readonly onDidOpen: vscode.Event<Panel> };
}

const COMMANDS = [
  'imageSimilarity.selectForCompare',
  'imageSimilarity.compareWithSelected',
  'imageSimilarity.compareSelected',
  'imageSimilarity.compareImages',
  'imageSimilarity.compareWithActive',
  'imageSimilarity.compareWithHead',
];


interface ReferencePair {
  readonly a: string;
  readonly b: string;
  readonly metrics: { readonly [key: string]: { readonly value: number | null } };
}

function reference(a: string, b: string): ReferencePair {
  const all = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: ReferencePair[] };
  const pair = all.pairs.find((p) => p.a === a && p.b === b);
  if (!pair) throw new Error(`reference.json has no pair ${a} ↔ ${b}`);
  return pair;
}

function ref(pair: ReferencePair, key: string): number {
  const v = pair.metrics[key]?.value;
  if (typeof v !== 'number') throw new Error(`no ${key}`);
  return v;
}

async function api(): Promise<Api> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'image-similarity');
  assert.ok(extension, 'the extension is loaded');
  return (await extension.activate()) as Api;
}

/** Resolves when `predicate(panel.snapshot())` holds, checking on every update. */
function waitFor(panel: Panel, predicate: (s: PanelSnapshot) => boolean, what: string, timeoutMs = 120_000): Promise<PanelSnapshot> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const s = panel.snapshot();
      if (predicate(s)) {
        listener.dispose();
        clearTimeout(timer);
        resolve(s);
      }
    };
    const listener = panel.onDidUpdate(check);
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}; last snapshot: ${JSON.stringify({ ...panel.snapshot(), bytes: undefined })}`));
    }, timeoutMs);
    check();
  });
}

async function nextPanel(a: Api, run: () => Thenable<unknown>): Promise<Panel> {
  const opened = new Promise<Panel>((resolve) => {
    const d = a.panels.onDidOpen((p) => {
      d.dispose();
      resolve(p);
    });
  });
  await run();
  return opened;
}

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, name);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function defineTests(): void {
  describe('Image Similarity in the extension host', () => {
    it('registers its commands', async () => {
      await api();
      const all = await vscode.commands.getCommands(true);
      for (const id of COMMANDS) assert.ok(all.includes(id), `${id} is registered`);
    });

    it('Select for Compare → Compare with Selected shows the reference numbers on the cards', async () => {
      const a = await api();
      const pair = reference('astronaut/ref.png', 'astronaut/noise_s51.png');
      await vscode.commands.executeCommand('imageSimilarity.selectForCompare', workspaceFile('ref.png'));
      const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareWithSelected', workspaceFile('noise_s51.png')));
      const s = await waitFor(panel, (x) => /^\d/.test(x.cards.psnr ?? '') && /^\d/.test(x.cards.ssim ?? '') && /^\d/.test(x.cards.msssim ?? ''), 'the cards');
      assert.equal(s.cards.psnr, ref(pair, 'psnr').toFixed(2));
      assert.equal(s.cards.ssim, ref(pair, 'ssim_wang2004').toFixed(4));
      assert.equal(s.cards.msssim, ref(pair, 'msssim').toFixed(4));
      const withLpips = await waitFor(panel, (x) => /^\d/.test(x.cards.lpips ?? '') || x.lpipsUnavailable !== undefined, 'LPIPS', 240_000);
      assert.equal(withLpips.lpipsUnavailable, undefined);
      assert.equal(withLpips.cards.lpips, ref(pair, 'lpips_squeeze_v0.1').toFixed(4));
      assert.ok(Math.abs((withLpips.lpips?.value ?? NaN) - ref(pair, 'lpips_squeeze_v0.1')) < 1e-6, `LPIPS ${withLpips.lpips?.value}`);
      panel.dispose();
    });

    it('Compare Selected Images compares exactly two selected files and refuses one', async () => {
      const a = await api();
      const one = workspaceFile('ref.png');
      const two = workspaceFile('noise_s51.png');
      const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareSelected', one, [one, two]));
      const s = await waitFor(panel, (x) => x.result !== undefined, 'the scores');
      assert.match(s.title, /ref\.png ↔ noise_s51\.png/);
      panel.dispose();
      const before = a.panels.all.length;
      await vscode.commands.executeCommand('imageSimilarity.compareSelected', one, [one]);
      assert.equal(a.panels.all.length, before, 'no panel for a single file');
    });

    it('shows a corrupt file\'s error in the panel; the host stays responsive', async () => {
      const a = await api();
      await vscode.commands.executeCommand('imageSimilarity.selectForCompare', workspaceFile('ref.png'));
      const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareWithSelected', workspaceFile('corrupt.png')));
      const s = await waitFor(panel, (x) => x.error !== undefined, 'the error');
      assert.match(s.error ?? '', /corrupt\.png/);
      const started = Date.now();
      await vscode.commands.executeCommand('imageSimilarity.selectForCompare', workspaceFile('ref.png'));
      assert.ok(Date.now() - started < 2000, 'a command still answers at once');
      panel.dispose();
    });

    it('lpips.modelPath: the panel runs the model at that path (read through the host), and names a missing one', async () => {
      const a = await api();
      const config = vscode.workspace.getConfiguration('imageSimilarity');
      const custom = join(dirname(workspaceFile('ref.png').fsPath), 'my-models', 'squeeze-copy.onnx');
      const pair = reference('astronaut/ref.png', 'astronaut/noise_s51.png');
      try {
        await config.update('lpips.modelPath', custom, vscode.ConfigurationTarget.Workspace);
        const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareSelected', workspaceFile('ref.png'), [workspaceFile('ref.png'), workspaceFile('noise_s51.png')]));
        const s = await waitFor(panel, (x) => x.lpips !== undefined || x.lpipsUnavailable !== undefined, 'LPIPS with the custom model', 240_000);
        assert.equal(s.lpipsUnavailable, undefined);
        assert.ok(Math.abs((s.lpips?.value ?? NaN) - ref(pair, 'lpips_squeeze_v0.1')) < 1e-6, `LPIPS ${s.lpips?.value}`);
        panel.dispose();
        const missing = join(dirname(custom), 'missing.onnx');
        await config.update('lpips.modelPath', missing, vscode.ConfigurationTarget.Workspace);
        const second = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareSelected', workspaceFile('ref.png'), [workspaceFile('ref.png'), workspaceFile('noise_s51.png')]));
        const t = await waitFor(second, (x) => x.lpips !== undefined || x.lpipsUnavailable !== undefined, 'LPIPS with a missing model', 120_000);
        assert.match(t.lpipsUnavailable ?? '', /missing\.onnx/);
        second.dispose();
      } finally {
        await config.update('lpips.modelPath', undefined, vscode.ConfigurationTarget.Workspace);
      }
    });

    it('the extension host stays responsive while a 16-megapixel pair is compared (event-loop delay)', async () => {
      const a = await api();
      await vscode.commands.executeCommand('imageSimilarity.selectForCompare', workspaceFile('big_a.png'));
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      const started = Date.now();
      const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareWithSelected', workspaceFile('big_b.png')));
      const s = await waitFor(panel, (x) => x.error !== undefined || typeof x.result?.metrics.msssim === 'number', 'all scores and maps', 300_000);
      histogram.disable();
      assert.equal(s.error, undefined);
      const ms = (ns: number) => Math.round(ns / 1e6);
      const report = { pixels: `${BIG_SIDE}×${BIG_SIDE}`, tookMs: Date.now() - started, p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max) };
      console.log(`host event-loop delay during a 16 MP comparison: ${JSON.stringify(report)}`);
      // A frozen host shows as delays of seconds; these bounds leave room for a busy 2-core machine.
      assert.ok(report.p99Ms < 200, `p99 event-loop delay ${report.p99Ms} ms`);
      assert.ok(report.maxMs < 1000, `max event-loop delay ${report.maxMs} ms`);
      panel.dispose();
    });

    it('Compare with HEAD reads the committed bytes (sha256 of git cat-file) and compares them with the working tree', async () => {
      const a = await api();
      const file = workspaceFile('shot.png');
      const cwd = dirname(file.fsPath);
      const committed = execFileSync('git', ['cat-file', 'blob', 'HEAD:shot.png'], { cwd });
      const panel = await nextPanel(a, () => vscode.commands.executeCommand('imageSimilarity.compareWithHead', { resourceUri: file }));
      const s = await waitFor(panel, (x) => x.result !== undefined || x.error !== undefined, 'the HEAD comparison');
      assert.equal(s.error, undefined);
      assert.ok(s.bytes, 'the panel read both files');
      assert.equal(sha256(s.bytes[0]), sha256(committed), 'A is the HEAD blob, byte for byte');
      assert.equal(sha256(s.bytes[1]), sha256(readFileSync(file.fsPath)), 'B is the working tree file');
      assert.match(s.title, /shot\.png \(HEAD\) ↔ shot\.png/);
      const pair = reference('astronaut/ref.png', 'astronaut/noise_s51.png');
      assert.ok(Math.abs((s.result?.metrics.psnr ?? NaN) - ref(pair, 'psnr')) < 1e-6, `PSNR ${s.result?.metrics.psnr}`);
      panel.dispose();
    });
  });
}

/** Entry point called by the workbench's test runner. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 300_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'image-similarity-host-suite', mocha);
  defineTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}
