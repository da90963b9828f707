// Activation cost (target: lazy, under 50 ms; no metric or model code loaded until a command
// runs): loads dist/extension.js with a stand-in `vscode` module in a fresh process, times the
// require and activate(), and lists which of our modules the bundle evaluated by then.
// Medians of repeated fresh processes.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const probe = `
const Module = require('node:module');
// A permissive stand-in for the vscode API: every property is a callable, constructible proxy whose
// calls return disposables, so activate() runs its real registration code.
const handler = {
  get(_t, prop) {
    if (prop === 'then') return undefined;
    if (prop === Symbol.toPrimitive) return () => '';
    if (prop === 'dispose') return () => {};
    return stub();
  },
  apply() { return stub(); },
  construct() { return stub(); },
};
function stub() { return new Proxy(function () {}, handler); }
const vscode = {};
for (const name of ['CompletionItem', 'CompletionItemKind', 'CompletionItemProvider', 'Disposable', 'EventEmitter', 'ExtensionContext', 'FileStat', 'FileType', 'NotebookCell', 'NotebookCellData', 'NotebookCellKind', 'NotebookCellOutput', 'NotebookCellOutputItem', 'NotebookController', 'NotebookData', 'NotebookDocument', 'NotebookSerializer', 'Position', 'ProgressLocation', 'QuickPickItem', 'Range', 'TabInputCustom', 'TextDocument', 'Uri', 'ViewColumn', 'Webview', 'WebviewOptions', 'WebviewPanel', 'WebviewPanelOptions', 'WebviewPanelSerializer', 'commands', 'env', 'extensions', 'git', 'languages', 'notebooks', 'open', 'window', 'workspace']) vscode[name] = stub();
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const t0 = performance.now();
const ext = require(${JSON.stringify(join(root, 'dist', 'extension.js'))});
const t1 = performance.now();
const context = { subscriptions: [], extensionPath: ${JSON.stringify(root)}, extensionUri: stub(), extension: { packageJSON: { version: '0.0.0' } },
  globalState: stub(), workspaceState: stub(), asAbsolutePath: (p) => p, globalStorageUri: stub(), storageUri: stub() };
ext.activate(context);
const t2 = performance.now();
const threads = process.getActiveResourcesInfo().filter((r) => /Worker|MessagePort/.test(r)).length;
process.stdout.write(JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, threads, subscriptions: context.subscriptions.length }));
`;

const samples = [];
for (let i = 0; i < RUNS; i++) {
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  samples.push(JSON.parse(r.stdout));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const req = median(samples.map((s) => s.requireMs));
const act = median(samples.map((s) => s.activateMs));
console.log(`activation (stand-in vscode, ${RUNS} fresh processes, medians): require dist/extension.js ${req.toFixed(1)} ms, activate() ${act.toFixed(1)} ms, total ${(req + act).toFixed(1)} ms (target < 50 ms: ${req + act < 50 ? 'met' : 'NOT met'})`);
console.log(`bundle loaded at activation: dist/extension.js ${(statSync(join(root, 'dist', 'extension.js')).size / 1024).toFixed(0)} KiB; worker threads started by activate(): ${median(samples.map((s) => s.threads))}; disposables registered: ${samples[0].subscriptions}`);
