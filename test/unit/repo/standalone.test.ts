/**
 * The repository stands on its own: no code reads the shared folder beside it (only
 * scripts/syncFixtures.mjs, which copies new reference data into test/fixtures/), the LPIPS model is
 * committed with the sha256 the build checks, and the test data every suite reads is in
 * test/fixtures/ and tracked by git.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { CONFORMANCE, MODEL, REFERENCE_EXTRA_JSON, REFERENCE_JSON, REPO_ROOT, fixture } from '../../helpers/fixtures.cjs';

const SYNC_SCRIPT = 'scripts/syncFixtures.mjs';
const SCANNED = ['src', 'test', 'scripts', 'bench', 'webview'];
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|sh|json|html|css)$/;

// Assembled from parts so that this file does not match itself.
const DOTDOT = '\\.\\.';
const SHARED_WORD = 'shared';
const patterns: readonly RegExp[] = [
  new RegExp(`${DOTDOT}[\\\\/]${SHARED_WORD}\\b`), // the folder as a relative path
  new RegExp(`['"]${DOTDOT}['"]\\s*,\\s*['"]${SHARED_WORD}['"]`), // the folder as path segments
  new RegExp(`IMSIM_${SHARED_WORD.toUpperCase()}`), // the old environment override
  new RegExp(`['"]${SHARED_WORD}['"]\\s*,\\s*['"](reference|conformance|models)['"]`), // a data folder inside it
];

/** Lines of `text` that refer to the shared folder. */
function sharedReferences(text: string): string[] {
  return text.split('\n').filter((line) => patterns.some((p) => p.test(line)));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (relative(REPO_ROOT, p) === join('test', 'fixtures')) continue; // data, not code
      out.push(...listFiles(p));
    } else if (TEXT.test(name)) out.push(p);
  }
  return out;
}

describe('the repository stands on its own', () => {
  it('the detector finds each way of naming the shared folder', () => {
    const dots = '..';
    const word = 'shared';
    for (const sample of [`read('${dots}/${word}/reference/x.json')`, `join(root, '${dots}', '${word}', 'models')`, `process.env.IMSIM_${word.toUpperCase()}`, `join(dir, '${word}', 'reference', 'reference.json')`]) {
      assert.equal(sharedReferences(sample).length, 1, sample);
    }
    assert.deepEqual(sharedReferences("join(FIXTURES, 'reference')\n// a shared pool of workers"), []);
  });

  it(`no file under ${SCANNED.join(', ')} reads the shared folder except ${SYNC_SCRIPT}`, () => {
    const files = SCANNED.flatMap((d) => listFiles(join(REPO_ROOT, d)));
    assert.ok(files.length > 100, `scanned only ${files.length} files`);
    const offenders: string[] = [];
    let syncMentions = 0;
    for (const file of files) {
      const rel = relative(REPO_ROOT, file);
      const hits = sharedReferences(readFileSync(file, 'utf8'));
      if (rel === SYNC_SCRIPT) syncMentions = hits.length;
      else for (const line of hits) offenders.push(`${rel}: ${line.trim()}`);
    }
    assert.deepEqual(offenders, []);
    assert.ok(syncMentions > 0, `${SYNC_SCRIPT} is the one place that names the shared folder, and it no longer does`);
  });

  it('the LPIPS model is committed with the sha256 the build checks', () => {
    const build = readFileSync(join(REPO_ROOT, 'scripts', 'build.mjs'), 'utf8');
    const expected = /MODEL_SHA256 = '([0-9a-f]{64})'/.exec(build)?.[1];
    assert.ok(expected, 'scripts/build.mjs names the model sha256');
    assert.equal(createHash('sha256').update(readFileSync(MODEL)).digest('hex'), expected);
    const card = readFileSync(join(REPO_ROOT, 'models', 'README.md'), 'utf8');
    assert.ok(card.includes(expected), 'models/README.md states the same sha256');
  });

  it('the reference data and conformance manifests are in test/fixtures and tracked by git', () => {
    for (const path of [REFERENCE_JSON, REFERENCE_EXTRA_JSON, join(CONFORMANCE, 'png', 'manifest.json'), join(CONFORMANCE, 'jpeg', 'manifest.json')]) {
      assert.ok(existsSync(path), path);
    }
    const reference = JSON.parse(readFileSync(REFERENCE_JSON, 'utf8')) as { pairs: { a: string; b: string }[] };
    assert.ok(reference.pairs.length >= 40, `reference.json has ${reference.pairs.length} pairs`);
    for (const pair of reference.pairs) {
      fixture('reference', 'corpus', pair.a);
      fixture('reference', 'corpus', pair.b);
    }
    if (!existsSync(join(REPO_ROOT, '.git'))) return; // an exported tree: nothing to ask git
    const tracked = new Set(execFileSync('git', ['ls-files', '-z', 'test/fixtures', 'models'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\0'));
    const untracked = [relative(REPO_ROOT, MODEL), ...reference.pairs.flatMap((p) => [p.a, p.b].map((x) => relative(REPO_ROOT, fixture('reference', 'corpus', x))))].filter((p) => !tracked.has(p));
    assert.deepEqual([...new Set(untracked)], [], 'fixtures that a clone would not have');
  });

  it('fixture() names the missing file instead of returning a path that does not exist', () => {
    assert.throws(() => fixture('reference', 'no-such-file.png'), /test fixture missing: .*no-such-file\.png/);
  });
});
