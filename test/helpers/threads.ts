/**
 * Test helper: how many threads this process has (Linux /proc), to check that pools end theirs.
 */
import { readFileSync } from 'node:fs';

/** Threads of this process (Linux), or undefined elsewhere. */
export function osThreads(): number | undefined {
  try {
    const m = /^Threads:\s+(\d+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
