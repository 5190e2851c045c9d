/** What a limiter decided for one request; enough to fill `RateLimit-*` and `Retry-After` headers. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until a denied caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
  /** Whole seconds until the current window ends and the budget is full again. */
  resetSeconds: number;
}

/** A per-key request budget: `limit` requests per window. */
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

/** The decision for the `count`-th request of a window that ends in `msLeft`; shared so both limiters agree. */
export function decide(limit: number, count: number, msLeft: number): RateLimitDecision {
  const allowed = count <= limit;
  const resetSeconds = Math.max(1, Math.ceil(msLeft / 1000));
  return {
    allowed,
    limit,
    remaining: Math.max(0, limit - count),
    retryAfterSeconds: allowed ? 0 : resetSeconds,
    resetSeconds,
  };
}
