/**
 * `--fail-if "psnr<40,ssim<0.99,lpips>0.1"` conditions for CI gating (docs/ARCHITECTURE.md,
 * "CLI contract"): comma-separated `metric op number`, op one of `<`, `<=`, `>`, `>=`. An infinite
 * PSNR compares as +Infinity.
 */

/** One parsed condition. */
export interface FailCondition {
  readonly metric: string;
  readonly op: '<' | '<=' | '>' | '>=';
  readonly value: number;
  /** The condition as written, for messages. */
  readonly text: string;
}

/** Parses the expression; throws Error with a usage message when malformed. */
export function parseFailIf(expression: string): FailCondition[] {
  const parts = expression.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.some((p) => p === '')) {
    throw new Error(`--fail-if: expected comma-separated conditions like "psnr<40,ssim<0.99", got "${expression}"`);
  }
  return parts.map((text) => {
    const match = /^([a-z][a-z0-9_-]*)\s*(<=|>=|<|>)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)$/i.exec(text);
    if (!match) {
      throw new Error(`--fail-if: cannot read "${text}"; expected METRIC OP NUMBER with OP one of <, <=, >, >= (for example psnr<40)`);
    }
    return { metric: (match[1] as string).toLowerCase(), op: match[2] as FailCondition['op'], value: Number(match[3]), text };
  });
}

/** True when the condition holds for `actual` (undefined: the metric is missing, never holds). */
export function conditionHolds(condition: FailCondition, actual: number | undefined): boolean {
  if (actual === undefined || Number.isNaN(actual)) return false;
  switch (condition.op) {
    case '<':
      return actual < condition.value;
    case '<=':
      return actual <= condition.value;
    case '>':
      return actual > condition.value;
    case '>=':
      return actual >= condition.value;
    default: {
      const never: never = condition.op;
      throw new Error(`unknown operator ${String(never)}`);
    }
  }
}
