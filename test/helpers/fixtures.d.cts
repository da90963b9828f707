/** Types of fixtures.cjs: where test data lives (test/fixtures/). */
export declare const REPO_ROOT: string;
export declare const FIXTURES: string;
export declare const REFERENCE_DIR: string;
export declare const CORPUS: string;
export declare const CONFORMANCE: string;
export declare const REFERENCE_JSON: string;
export declare const REFERENCE_EXTRA_JSON: string;
/** The shipped LPIPS model (committed, sha256-checked by the build). */
export declare const MODEL: string;
export declare function fixture(...parts: string[]): string;
export declare function corpusFile(...parts: string[]): string;
export declare function findRepoRoot(start: string): string;
