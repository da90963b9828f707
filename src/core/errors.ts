/**
 * Errors that carry a user-facing reason. Every layer throws these for bad input so that the CLI
 * can print one line (exit 1) and the extension can show a specific message; anything else is a bug.
 */

/** Bad input: a file that cannot be read, decoded, or compared. `file` names it when known. */
export class InputError extends Error {
  override readonly name = 'InputError';
  /** The file the problem is about, as the user named it (may be empty when it concerns a pair). */
  readonly file: string;
  constructor(message: string, file = '') {
    super(message);
    this.file = file;
  }
}

/** A requested metric that cannot be computed for this input (too small, undefined, over a limit). */
export class MetricError extends InputError {
  /** The metric's name as in the CLI and JSON: `psnr`, `ssim`, `msssim`, `lpips`. */
  readonly metric: string;
  constructor(metric: string, message: string) {
    super(message);
    this.metric = metric;
  }
}
