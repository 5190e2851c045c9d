export interface CappedBackoff {
  /** The pause at step 0. */
  baseMs: number;
  /** The longest pause, however many steps (Infinity: none). */
  maxMs: number;
}

/**
 * The pause before a retry: `baseMs` doubled `step` times, at most `maxMs`. A loop passes its count
 * of consecutive failures (the first failure already waits twice the base) or `attempt - 1` (the
 * first retry waits the base). Large steps give `maxMs`, never Infinity or NaN.
 */
export function cappedBackoffMs(step: number, { baseMs, maxMs }: CappedBackoff): number {
  if (!Number.isInteger(step) || step < 0) {
    throw new RangeError(`a backoff step must be an integer of 0 or more, got ${step}`);
  }
  return Math.min(maxMs, baseMs * 2 ** step);
}
