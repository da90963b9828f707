// `npm run fixtures:sync [-- --check] [-- --from DIR]`: copies new reference data from the shared
// folder (../shared beside the repository, or --from DIR, or IMSIM_SHARED) into test/fixtures/, and
// prints what changed. This is the only code in the repository that reads ../shared: the build and
// every test read test/fixtures/ (test/helpers/fixtures.cjs) and models/.
//
//   ../shared/reference/   → test/fixtures/reference/    (corpus, reference.json, reference_extra.json)
//   ../shared/conformance/ → test/fixtures/conformance/  (decoder conformance files and manifests)
//   ../shared/models/lpips-squeeze-v0.1.onnx: compared with models/ and reported, never copied (a new
//   model needs a new sha256 in scripts/build.mjs and a new card in models/README.md).
//
// --check: write nothing; exit 1 when test/fixtures/ differs from the shared folder.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fixtures from '../test/helpers/fixtures.cjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const check = args.includes('--check');
const fromIndex = args.indexOf('--from');
const shared = resolve(fromIndex >= 0 ? args[fromIndex + 1] : (process.env.IMSIM_SHARED ?? join(root, '..', 'shared')));
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--from') i++;
  else if (args[i] !== '--check') {
    console.error(`fixtures:sync: unknown option ${args[i]} (use --check, --from DIR)`);
    process.exit(2);
  }
}
if (!existsSync(shared)) {
  console.error(`fixtures:sync: no shared folder at ${shared} (pass --from DIR or set IMSIM_SHARED)`);
  process.exit(2);
}

const hash = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Files under dir, as paths relative to it (sorted). */
function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

const trees = [
  { from: join(shared, 'reference'), to: fixtures.REFERENCE_DIR },
  { from: join(shared, 'conformance'), to: fixtures.CONFORMANCE },
];
const changes = { added: [], changed: [], removed: [] };
for (const { from, to } of trees) {
  if (!existsSync(from)) {
    console.error(`fixtures:sync: ${from} is missing; ${relative(root, to)} left as it is`);
    continue;
  }
  const source = listFiles(from);
  const have = new Set(listFiles(to));
  for (const rel of source) {
    const target = join(to, rel);
    const shown = relative(root, target);
    if (!have.has(rel)) changes.added.push(shown);
    else if (hash(join(from, rel)) !== hash(target)) changes.changed.push(shown);
    else continue;
    if (!check) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(from, rel), target);
    }
  }
  const inSource = new Set(source);
  for (const rel of have) {
    if (inSource.has(rel)) continue;
    changes.removed.push(relative(root, join(to, rel)));
    if (!check) rmSync(join(to, rel));
  }
}

const sharedModel = join(shared, 'models', 'lpips-squeeze-v0.1.onnx');
let modelNote = 'model: no model in the shared folder';
if (existsSync(sharedModel)) {
  modelNote = hash(sharedModel) === hash(fixtures.MODEL)
    ? 'model: models/lpips-squeeze-v0.1.onnx equals the shared copy'
    : 'model: the shared lpips-squeeze-v0.1.onnx DIFFERS from models/ (not copied: update its sha256 in scripts/build.mjs and models/README.md if it is meant to change)';
}

const total = changes.added.length + changes.changed.length + changes.removed.length;
const verb = check ? 'would be' : '';
for (const [kind, list] of Object.entries(changes)) {
  for (const p of list) console.log(`${kind.padEnd(8)} ${p}`);
}
console.log(`fixtures:sync: from ${shared}: ${changes.added.length} ${verb} added, ${changes.changed.length} ${verb} changed, ${changes.removed.length} ${verb} removed`.replace(/ {2,}/g, ' '));
console.log(`fixtures:sync: ${modelNote}`);
if (check && total > 0) process.exit(1);
