// `npm run bench`: runs every benchmark script in this folder, one after another (never in
// parallel: they time the same cores). Usage: npm run bench [-- activation ssim decode batch lpips]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = ['activation', 'ssim', 'decode', 'batch', 'lpips'];
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
let failed = false;
for (const name of chosen) {
  const script = join(here, `${name}.mjs`);
  if (!existsSync(script)) {
    console.error(`bench: no script ${script}`);
    failed = true;
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
