// `npm start`: runs the product. Builds a demo workspace (a copy of test images in a fresh temp
// folder; the checkout is never modified), loads this extension into code-server (from
// .tools/code-server, installed by scripts/setup.sh) through a fresh extensions folder that holds a
// symlink to the repository, and serves VS Code on http://127.0.0.1:PORT (PORT, default 8080; bound
// on 127.0.0.1 only, no auth). Ctrl-C (SIGINT) or SIGTERM stops code-server with every process it
// started and removes the temp folder.
import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import fixtures from '../test/helpers/fixtures.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER = join(root, '.tools', 'code-server', 'node_modules', '.bin', 'code-server');
const READY_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 3_000;

function fail(message) {
  console.error(`start: ${message}`);
  process.exit(1);
}

// 1. Prerequisites.
if (!existsSync(CODE_SERVER)) fail(`code-server is not installed (${CODE_SERVER} is missing); run ./scripts/setup.sh first.`);
if (!existsSync(join(root, 'dist', 'extension.js'))) fail('the extension is not built (dist/extension.js is missing); run npm run build (or ./scripts/setup.sh) first.');
if (!existsSync(fixtures.CORPUS)) fail(`the demo images are missing (${fixtures.CORPUS}); run npm run fixtures:sync.`);

// 2. The port: 127.0.0.1 only.
const portText = (process.env.PORT ?? '').trim() || '8080';
if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) fail(`PORT must be an integer from 1 to 65535 (got "${process.env.PORT}").`);
const port = Number(portText);

/** Resolves null when the port can be bound on 127.0.0.1, else the error code. */
function probePort(p) {
  return new Promise((resolveProbe) => {
    const server = createServer();
    server.once('error', (error) => resolveProbe(error.code ?? String(error)));
    server.listen({ port: p, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolveProbe(null)));
  });
}
const probe = await probePort(port);
if (probe === 'EADDRINUSE') fail(`port ${port} on 127.0.0.1 is in use; run PORT=${port === 65535 ? 8081 : port + 1} npm start`);
if (probe) fail(`cannot listen on 127.0.0.1:${port} (${probe}); choose another port, e.g. PORT=8081 npm start`);

// 3. The demo workspace: a copy, in a fresh temp folder.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const temp = mkdtempSync(join(tmpdir(), 'imsim-demo-'));
const workspace = join(temp, 'image-similarity-demo');
const serverDir = join(temp, 'code-server');
const logPath = join(temp, 'code-server.log');
let server; // the code-server ChildProcess
let stopping = false;

function removeTemp() {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
      return;
    } catch (error) {
      if (attempt === 2) console.error(`start: could not remove ${temp}: ${error.message}`);
    }
  }
}

function readLog() {
  try {
    return readFileSync(logPath, 'utf8');
  } catch {
    return '';
  }
}

function copy(target, ...source) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(fixtures.corpusFile(...source), target);
}

const DISTORTIONS = [
  ['1-warp.png', 'rotshift.png'],
  ['2-blur.png', 'blur_s3.png'],
  ['3-jpeg-q10.jpg', 'jpeg_q10.jpg'],
  ['4-noise.png', 'noise_s51.png'],
  ['5a-contrast.png', 'contrast_x0.6.png'],
  ['5b-brightness.png', 'bright_p40.png'],
  ['6-saturation.png', 'saturation_x0.4.png'],
];

const NOTEBOOK = {
  imsim: 1,
  cells: [
    {
      kind: 'markdown',
      source: [
        '# Image Similarity demo notebook\n',
        '\n',
        'Each code cell is one comparison: `compare A with B`, then optional clauses (`metrics`, `ssim`, `channel`, `crop`; for folders `filter` and `worst`).\n',
        'Paths are relative to the workspace folder. Press **Run All** above, or Shift+Enter in a cell. Results (score cards, thumbnails, heatmaps) are saved with the notebook.\n',
        '\n',
        'The six distortions of the cat have very different PSNR and SSIM; compare them and see how the scores disagree with what you see.',
      ],
    },
    { kind: 'code', language: 'imsim', source: ['# Gaussian blur: a decent PSNR, but SSIM sees the lost structure\n', 'compare cat/2-blur.png with cat/reference.png\n', 'metrics psnr ssim msssim lpips'], outputs: [] },
    { kind: 'code', language: 'imsim', source: ['# Brightness +40: a low PSNR, yet the image looks almost the same\n', 'compare cat/5b-brightness.png with cat/reference.png\n', 'metrics psnr ssim msssim'], outputs: [] },
    { kind: 'code', language: 'imsim', source: ['# JPEG quality 10 on luma only, as super-resolution papers do\n', 'compare coffee-cup/3-jpeg-q10.jpg with coffee-cup/reference.png\n', 'metrics psnr ssim\n', 'ssim matlab, channel y'], outputs: [] },
    { kind: 'code', language: 'imsim', source: ['# A folder cell: every image of model-output/ against the file of the same name in ground-truth/\n', 'compare folders/model-output/ with folders/ground-truth/\n', 'metrics psnr ssim msssim\n', 'worst 4'], outputs: [] },
  ],
};

const WORKSPACE_README = `# Image Similarity demo

This folder is a throw-away copy made by \`npm start\`; it is deleted when the server stops.

- \`cat/\`, \`coffee-cup/\`: \`reference.png\` and six classic distortions of it (1 warp, 2 blur,
  3 JPEG quality 10, 4 noise, 5a contrast / 5b brightness, 6 saturation).
- \`large-1024/\`: a 1024×1024 pair (reference and blurred).
- \`folders/ground-truth/\`, \`folders/model-output/\`: the same file names in both, as a model's
  outputs against their ground truth.
- \`demo.imsim\`: a notebook of comparisons.

## Things to try

1. In the Explorer, open \`cat/\`, click \`reference.png\`, Ctrl-click (Cmd-click) \`2-blur.png\`,
   right-click → **Compare Selected Images (Image Similarity)**. Switch the panel between Side by side, Swipe,
   Overlay, Flicker and Heatmap; hover the images for the pixel inspector.
2. Right-click \`reference.png\` → **Select for Compare (Image Similarity)**, then right-click any
   other image → **Compare with Selected (Image Similarity)**.
3. Open \`demo.imsim\` and press **Run All**.
4. Click \`folders/ground-truth\`, Ctrl-click \`folders/model-output\`, right-click →
   **Compare Folders…** for a table of every pair, sortable, with the worst first.
5. Open an image and use **Compare with Active Image** (the diff button in the editor's title bar),
   or run **Image Similarity: Compare Images…** from the Command Palette (F1).
6. Change the recipe in Settings (search "Image Similarity"): SSIM variant, channel (RGB / Y),
   crop border, colormap.
`;

function buildWorkspace() {
  for (const [folder, source] of [['cat', 'chelsea'], ['coffee-cup', 'coffee']]) {
    copy(join(workspace, folder, 'reference.png'), source, 'ref.png');
    for (const [name, file] of DISTORTIONS) copy(join(workspace, folder, name), source, file);
  }
  copy(join(workspace, 'large-1024', 'reference.png'), 'big', 'astronaut1024_ref.png');
  copy(join(workspace, 'large-1024', 'blurred.png'), 'big', 'astronaut1024_blur_s3.png');
  const outputs = { cat: ['chelsea', 'jpeg_q10.png'], coffee: ['coffee', 'blur_s3.png'], camera: ['camera', 'noise_s51.png'], astronaut: ['astronaut', 'contrast_x0.6.png'] };
  for (const [name, [source, file]] of Object.entries(outputs)) {
    copy(join(workspace, 'folders', 'ground-truth', `${name}.png`), source, 'ref.png');
    copy(join(workspace, 'folders', 'model-output', `${name}.png`), source, file);
  }
  writeFileSync(join(workspace, 'demo.imsim'), `${JSON.stringify(NOTEBOOK, null, 2)}\n`);
  writeFileSync(join(workspace, 'README.md'), WORKSPACE_README);
}

// 4. code-server with fresh user data and a fresh extensions folder that holds only this extension.
function prepareServer() {
  const userData = join(serverDir, 'user-data');
  const extensions = join(serverDir, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  for (const d of ['xdg-config', 'xdg-data', 'tmp']) mkdirSync(join(serverDir, d), { recursive: true });
  // The same user settings as the end-to-end tests' workbench (quiet start, no update checks, no telemetry).
  copyFileSync(join(root, 'scripts', 'codeServerSettings.json'), join(userData, 'User', 'settings.json'));
  // An unpacked folder symlinked into a fresh --extensions-dir loads only while that folder has no
  // extensions.json yet (code-server then scans it and writes one): so the folder is always new.
  symlinkSync(root, join(extensions, `${pkg.publisher}.${pkg.name}-${pkg.version}`), 'dir');
  return { userData, extensions };
}

/** Every descendant of `pid` (Linux /proc), so that processes that left the group are found too. */
function descendants(pid) {
  const children = new Map();
  let entries = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

function signal(target, sig) {
  try {
    process.kill(target, sig);
    return true;
  } catch {
    return false;
  }
}

function alive(target) {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Stops code-server's process group and every descendant: SIGTERM, then SIGKILL after a grace period. */
async function killServer() {
  if (!server?.pid) return;
  const pid = server.pid;
  const tree = new Set([pid, ...descendants(pid)]);
  signal(-pid, 'SIGTERM');
  for (const p of tree) signal(p, 'SIGTERM');
  const deadline = Date.now() + KILL_GRACE_MS;
  const remaining = () => [...tree].filter(alive).length > 0 || alive(-pid);
  while (remaining() && Date.now() < deadline) {
    for (const p of descendants(pid)) tree.add(p);
    await sleep(100);
  }
  if (remaining()) {
    signal(-pid, 'SIGKILL');
    for (const p of tree) signal(p, 'SIGKILL');
    for (let i = 0; i < 20 && remaining(); i++) await sleep(100);
  }
}

async function stop(code, why) {
  if (stopping) return;
  stopping = true;
  if (why) console.log(`\nstart: ${why}, stopping…`);
  await killServer();
  removeTemp();
  console.log('stopped');
  process.exit(code);
}

function waitForHttp(p, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolveWait, reject) => {
    const attempt = () => {
      if (stopping) return;
      if (server.exitCode !== null || server.signalCode !== null) {
        reject(new Error(`code-server exited (${server.exitCode ?? server.signalCode}) before it answered on 127.0.0.1:${p}`));
        return;
      }
      if (Date.now() > deadline) {
        reject(new Error(`code-server did not answer on http://127.0.0.1:${p}/ within ${timeoutMs / 1000} s`));
        return;
      }
      const request = get({ host: '127.0.0.1', port: p, path: '/healthz', timeout: 2000 }, (response) => {
        response.resume();
        resolveWait();
      });
      request.on('timeout', () => request.destroy());
      request.on('error', () => void sleep(200).then(attempt));
    };
    attempt();
  });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stop(0, `${sig} received`));
// Under `npm start` the parent is `sh -c`, which npm forwards SIGTERM to and which dies of it without
// passing it on: a new parent (this script orphaned) means stop too.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) void stop(0, 'the parent process exited');
}, 300).unref();

try {
  buildWorkspace();
  const { userData, extensions } = prepareServer();
  const log = openSync(logPath, 'a');
  server = spawn(CODE_SERVER, [
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', userData, '--extensions-dir', extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    workspace,
  ], {
    cwd: workspace,
    env: { ...process.env, XDG_CONFIG_HOME: join(serverDir, 'xdg-config'), XDG_DATA_HOME: join(serverDir, 'xdg-data'), TMPDIR: join(serverDir, 'tmp'), PORT: undefined },
    stdio: ['ignore', log, log],
    // Its own process group: Ctrl-C reaches only this script, which then stops the whole group.
    detached: true,
  });
  closeSync(log);
  server.on('exit', (code, sig) => {
    if (stopping) return;
    console.error(`\nstart: code-server exited unexpectedly (${code ?? sig}); its log (${logPath}):\n${readLog()}`);
    void stop(1);
  });
  console.log(`start: demo workspace ${workspace}`);
  console.log(`start: code-server pid ${server.pid}, log ${logPath}`);

  // 5. Ready: the server answers HTTP.
  const started = Date.now();
  await waitForHttp(port, READY_TIMEOUT_MS);
  const folder = encodeURIComponent(workspace).replace(/%2F/g, '/');
  console.log(`
Image Similarity is running at http://127.0.0.1:${port}/?folder=${folder}
(code-server answered after ${((Date.now() - started) / 1000).toFixed(1)} s; the demo is a copy in ${temp}, removed on stop)

Try first:
  1. In the Explorer open cat/, click reference.png, Ctrl-click 2-blur.png, right-click → "Compare Selected Images (Image Similarity)".
  2. Open demo.imsim and press "Run All".
  3. Click folders/ground-truth, Ctrl-click folders/model-output, right-click → "Compare Folders…".
More in the demo's README.md.

Press Ctrl-C to stop.`);
} catch (error) {
  if (!stopping) {
    console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
    const text = readLog();
    if (text) console.error(`code-server log (${logPath}):\n${text}`);
    await stop(1);
  }
}
