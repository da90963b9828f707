// `npm test`: build the product, bundle the TypeScript tests, run them with node:test, then the
// browser suite. Every suite must run; a suite that cannot start fails the run (no silent skips).
import * as esbuild from 'esbuild';
import { versionsDefine } from './build.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.UPDATE && process.env.CI) {
  console.error('test: UPDATE is set in CI; goldens are never regenerated there.');
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  console.log(`\n> ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`test: "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

const only = process.argv[2]; // optional: unit | browser | integration | fast
const filter = process.argv[3]; // optional: only test files whose path contains this text
// `npm run test:fast` (the inner loop, under a minute): the build and the unit tests without the
// slow hardening runs and the Python snippet runs; no type check or lint (`npm run typecheck`,
// `npm run lint`). `npm test` stays the complete suite that CI runs.
const fast = only === 'fast';
const SLOW_UNIT = ['/hardening/', '/exports.test.js'];
run('node', ['scripts/build.mjs']);
if (!fast) {
  run('npx', ['tsc', '-b']);
  run('npx', ['tsc', '-p', 'test']);
  run('npx', ['eslint', 'src', 'webview', 'test', 'scripts', 'bench']);
}

rmSync(join(root, 'out/test'), { recursive: true, force: true });
const testSources = findTests(join(root, 'test'), '.test.ts');
await esbuild.build({
  entryPoints: testSources.map((p) => ({ in: p, out: relative(join(root, 'test'), p).replace(/\.ts$/, '') })),
  outdir: join(root, 'out/test'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  packages: 'external',
  define: { __IMSIM_VERSIONS__: versionsDefine },
  logLevel: 'warning',
  absWorkingDir: root,
});

const suites = fast ? ['unit'] : ['unit', 'browser', 'integration'].filter((s) => !only || s === only);
if (suites.length === 0) {
  console.error(`test: unknown suite "${only}"; expected unit, browser, integration or fast`);
  process.exit(2);
}
for (const suite of suites) {
  const files = findTests(join(root, 'out/test', suite), '.test.js')
    .filter((f) => !filter || f.includes(filter))
    .filter((f) => !fast || !SLOW_UNIT.some((slow) => f.includes(slow)));
  if (files.length === 0) continue;
  run('node', ['--test', '--test-concurrency=1', ...files.map((f) => relative(root, f))]);
}
