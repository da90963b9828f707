/**
 * The workspace the extension-host suite expects: a temporary Git repository with `shot.png`
 * committed as astronaut/ref.png and then modified to astronaut/noise_s51.png (Compare with HEAD),
 * plus ref.png, noise_s51.png and a truncated corrupt.png.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates (or recreates) the workspace at `dir` from the reference corpus. */
export function makeHostWorkspace(dir: string, corpusDir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(corpusDir, 'astronaut', 'ref.png'), join(dir, 'ref.png'));
  copyFileSync(join(corpusDir, 'astronaut', 'noise_s51.png'), join(dir, 'noise_s51.png'));
  const png = readFileSync(join(corpusDir, 'astronaut', 'ref.png'));
  writeFileSync(join(dir, 'corrupt.png'), png.subarray(0, Math.floor(png.length / 2)));
  copyFileSync(join(corpusDir, 'astronaut', 'ref.png'), join(dir, 'shot.png'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=imsim test', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', 'shot.png');
  git('commit', '-q', '-m', 'baseline');
  copyFileSync(join(corpusDir, 'astronaut', 'noise_s51.png'), join(dir, 'shot.png'));
}
