/** How many reports may leave: a fixed number per minute, and none while Sentry asked to wait. */
export interface ReportBudget {
  /** Spends one report if the budget allows it now. */
  take(now: number): boolean;
  /** Sentry answered 429: nothing until `until` (epoch ms). */
  pauseUntil(until: number): void;
}

/**
 * A per-minute budget of error reports: an outage that fails every request must not turn into a
 * request to Sentry per failure (Sentry would answer 429 and count them against the quota anyway).
 */
export function createReportBudget(perMinute: number): ReportBudget {
  let windowStart = 0;
  let spent = 0;
  let pausedUntil = 0;
  return {
    take(now) {
      if (now < pausedUntil) return false;
      if (now - windowStart >= 60_000) {
        windowStart = now;
        spent = 0;
      }
      if (spent >= perMinute) return false;
      spent += 1;
      return true;
    },
    pauseUntil(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

/** When Sentry's 429 says to come back: `Retry-After` in seconds (default a minute). */
export function retryAfterMs(header: string | null, now: number): number {
  const seconds = Number(header);
  return now + (Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000);
}
