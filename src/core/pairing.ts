/**
 * Folder pairing for batch comparisons (docs/ARCHITECTURE.md, "CLI contract", `imsim batch`):
 * pairs by relative path; a file without an exact partner is paired by stem with a different image
 * extension (`0001.png` ↔ `0001.jpg`) when that partner is unique on both sides. Pure: works on
 * lists of relative paths with `/` separators.
 */

/** One matched pair of relative paths. */
export interface FilePair {
  readonly a: string;
  readonly b: string;
  /** True when the pair was matched by stem (different extensions), not by exact path. */
  readonly byStem: boolean;
}

/** The outcome of pairing two folders. */
export interface Pairing {
  /** Pairs sorted by A's relative path. */
  readonly pairs: FilePair[];
  /** Files with no partner, sorted. */
  readonly unmatched: { readonly a: string[]; readonly b: string[] };
}

/** File name extensions that batch comparisons consider (compared case-insensitively). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** True when a relative path names a candidate image (by extension; content is sniffed later). */
export function isCandidateImage(path: string): boolean {
  const lower = path.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The path without its extension (`dir/0001.png` → `dir/0001`). */
export function stemOf(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}

function byCodePoint(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Pairs two lists of relative paths by the rules above. */
export function pairFiles(filesA: readonly string[], filesB: readonly string[]): Pairing {
  const setB = new Set(filesB);
  const pairs: FilePair[] = [];
  const restA: string[] = [];
  const matchedB = new Set<string>();
  for (const a of [...new Set(filesA)].sort(byCodePoint)) {
    if (setB.has(a)) {
      pairs.push({ a, b: a, byStem: false });
      matchedB.add(a);
    } else {
      restA.push(a);
    }
  }
  const restB = [...setB].filter((b) => !matchedB.has(b));
  const groupA = new Map<string, string[]>();
  const groupB = new Map<string, string[]>();
  for (const a of restA) groupA.set(stemOf(a), [...(groupA.get(stemOf(a)) ?? []), a]);
  for (const b of restB) groupB.set(stemOf(b), [...(groupB.get(stemOf(b)) ?? []), b]);
  const unmatchedA: string[] = [];
  const stemMatchedB = new Set<string>();
  for (const a of restA) {
    const stem = stemOf(a);
    const candidatesA = groupA.get(stem) ?? [];
    const candidatesB = groupB.get(stem) ?? [];
    if (candidatesA.length === 1 && candidatesB.length === 1) {
      pairs.push({ a, b: candidatesB[0] as string, byStem: true });
      stemMatchedB.add(candidatesB[0] as string);
    } else {
      unmatchedA.push(a);
    }
  }
  pairs.sort((x, y) => byCodePoint(x.a, y.a));
  return {
    pairs,
    unmatched: { a: unmatchedA.sort(byCodePoint), b: restB.filter((b) => !stemMatchedB.has(b)).sort(byCodePoint) },
  };
}
