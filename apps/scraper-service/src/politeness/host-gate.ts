// Per-host politeness, shared by every worker that crawls: at most `perHostConcurrency` requests in
// flight to one host (1 by default), and no new request to it until `delayMs` after the last one
// ended (the delay the caller passes at release: max(default, Crawl-delay capped)) or until a
// Retry-After pushed the host back. Two implementations keep the same rules: in memory for the
// embedded mode (one process), in Redis for the connected mode (every worker process shares it).
//
// Usage: `tryAcquire(host)` → a lease, or how long to wait (a lower bound: asking again sooner is
// futile, so a caller never polls); make the request; `release(lease, { delayMs })`. A 429/503 with
// Retry-After: `pushBack(host, retryAfterMs)`, then release as usual. `acquireHost` (acquire-host.ts)
// waits for a lease when the caller has nothing else to do. Leases expire after `leaseTtlMs`, so a
// crashed worker's hold is freed; each carries a random token, so the late release of an expired
// lease never frees someone else's.
//
// Times are milliseconds on the gate's clock: Date.now() in memory, Redis's TIME in Redis (one
// clock for every worker, whatever their skew). Hence pushBack takes a duration, not a date.

/** A hold on one of a host's slots; pass it back to `release`. */
export interface HostLease {
  /** The host key (lower-cased host[:port]). */
  readonly host: string;
  /** Identifies this hold, so releasing an expired lease cannot free the next holder's. */
  readonly token: string;
  /** When the hold lapses by itself, on the gate's clock. */
  readonly expiresAt: number;
}

export type HostGrant = { granted: true; lease: HostLease } | { granted: false; waitMs: number };

export interface HostGate {
  /** A slot of `host` now, or how long until one may be granted (a whole number of ms, ≥ 1). */
  tryAcquire(host: string): Promise<HostGrant>;
  /**
   * Ends the hold; the next request to the host may start `delayMs` after now (a pushBack further
   * out stands). Resolves false when the lease had already expired (it then frees nothing).
   */
  release(lease: HostLease, options: { delayMs: number }): Promise<boolean>;
  /**
   * No request to `host` starts within `delayMs` from now (Retry-After; the caller caps it, the gate
   * takes it as given). Never shortens a wait already set.
   */
  pushBack(host: string, delayMs: number): Promise<void>;
}

export interface HostGateOptions {
  /** Requests in flight to one host at once (default 1). */
  perHostConcurrency?: number;
  /**
   * How long a lease lasts if never released (default 60 s). Must exceed the fetcher's deadline for
   * one request, or a slow page would lose its hold while still downloading.
   */
  leaseTtlMs?: number;
  /**
   * The least wait reported while every slot of a host is held (default 10 ms). The wait is then
   * the host's last delay (the soonest a release could let anyone in); with a delay of 0 this floor
   * keeps callers from spinning.
   */
  minWaitMs?: number;
  /** The clock, for tests; by default Date.now() in memory and Redis's own in Redis. */
  now?: () => number;
}

export interface HostGateSettings {
  perHostConcurrency: number;
  leaseTtlMs: number;
  minWaitMs: number;
}

export function hostGateSettings(options: HostGateOptions): HostGateSettings {
  const settings = {
    perHostConcurrency: options.perHostConcurrency ?? 1,
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    minWaitMs: options.minWaitMs ?? 10,
  };
  if (!Number.isInteger(settings.perHostConcurrency) || settings.perHostConcurrency < 1) {
    throw new RangeError(`perHostConcurrency must be a positive integer, got ${settings.perHostConcurrency}`);
  }
  if (!Number.isFinite(settings.leaseTtlMs) || settings.leaseTtlMs <= 0) {
    throw new RangeError(`leaseTtlMs must be a positive number, got ${settings.leaseTtlMs}`);
  }
  if (!Number.isFinite(settings.minWaitMs) || settings.minWaitMs < 0) {
    throw new RangeError(`minWaitMs must be a non-negative number, got ${settings.minWaitMs}`);
  }
  return settings;
}

/** The key politeness is kept under: the URL's lower-cased host[:port] (default ports dropped). */
export function hostKeyOf(url: URL): string {
  return url.host.toLowerCase();
}

/** The gates lower-case what they are given, so 'Example.com' and 'example.com' share one slot. */
export function normaliseHost(host: string): string {
  if (host.length === 0) throw new RangeError('a host key must not be empty');
  return host.toLowerCase();
}

export function assertDelay(name: string, delayMs: number): void {
  if (!Number.isFinite(delayMs) || delayMs < 0) {
    throw new RangeError(`${name} must be a non-negative number of ms, got ${delayMs}`);
  }
}

/** What a host's state says about a new request at `now`; the Redis scripts decide the same way. */
export function hostWaitMs(
  state: { nextAt: number; held: number; soonestExpiry: number; lastDelayMs: number },
  now: number,
  settings: HostGateSettings,
): number {
  const untilNext = state.nextAt - now;
  if (state.held >= settings.perHostConcurrency) {
    // A slot frees when a holder releases (then the host still waits at least its delay) or when
    // the soonest lease expires (then at once), whichever could come first.
    const untilFree = Math.min(Math.max(state.lastDelayMs, settings.minWaitMs), state.soonestExpiry - now);
    return Math.max(1, Math.ceil(Math.max(untilNext, untilFree)));
  }
  return untilNext > 0 ? Math.ceil(untilNext) : 0;
}
