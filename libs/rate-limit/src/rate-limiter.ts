/** What a limiter decided for one request; enough to fill `RateLimit-*` and `Retry-After` headers. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until a denied caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
  /** Whole seconds until the budget is full again. */
  resetSeconds: number;
}

/**
 * A per-key request budget: `limit` requests per `windowSeconds`, as a token bucket. A key may
 * spend its whole budget at once, then earns one request back every `windowSeconds / limit`.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  limit: number;
  windowSeconds: number;
}

export function assertRateLimitOptions({ limit, windowSeconds }: RateLimitOptions): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`rate limit must be a positive integer, got ${limit}`);
  if (!Number.isFinite(windowSeconds) || windowSeconds <= 0) {
    throw new RangeError(`rate limit window must be a positive number of seconds, got ${windowSeconds}`);
  }
}

// Why a token bucket, and in this form (GCRA, the "generic cell rate algorithm"): the fixed window
// it replaces let a key spend its budget at the end of one window and again at the start of the
// next (2× in a second). A bucket refills smoothly, so after a burst a key gets `limit / window`
// per second, whatever the clock says. GCRA keeps the whole bucket in one number per key, the
// "theoretical arrival time" (TAT: when the bucket would be full again), so the state is O(1), it
// expires by itself once the bucket is full, and Redis updates it atomically in one short script.
// A sliding-window counter would need two counters per key and still only approximates.

/** Slack for floating-point error when comparing times in milliseconds. */
const epsilonMs = 1e-3;

/** The bucket's constants, in milliseconds. */
export interface BucketShape {
  limit: number;
  windowMs: number;
  /** Time to earn back one request. */
  intervalMs: number;
}

export function bucketShape({ limit, windowSeconds }: RateLimitOptions): BucketShape {
  const windowMs = windowSeconds * 1000;
  return { limit, windowMs, intervalMs: windowMs / limit };
}

/**
 * One request against a bucket whose TAT is `storedTat` (0 when the key is new or expired): the new
 * TAT to store (unchanged when denied: a refused request costs nothing) and whether it was allowed.
 * The Redis script performs exactly these operations, in the same order, on the same doubles.
 */
export function spendToken(
  shape: BucketShape,
  storedTat: number,
  now: number,
): { allowed: boolean; tat: number } {
  const tat = Math.max(storedTat, now);
  const next = tat + shape.intervalMs;
  if (next - now > shape.windowMs + epsilonMs) return { allowed: false, tat };
  return { allowed: true, tat: next };
}

/** The decision a caller sees, from the bucket's TAT after the request. */
export function decisionFor(
  shape: BucketShape,
  allowed: boolean,
  tat: number,
  now: number,
): RateLimitDecision {
  const behindMs = Math.max(0, tat - now);
  const remaining = Math.max(0, Math.floor((shape.windowMs - behindMs) / shape.intervalMs + 1e-9));
  const waitMs = tat + shape.intervalMs - shape.windowMs - now;
  return {
    allowed,
    limit: shape.limit,
    remaining,
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000 - 1e-9)),
    resetSeconds: Math.max(1, Math.ceil(behindMs / 1000 - 1e-9)),
  };
}
