export type Verdict = 'safe' | 'risky' | 'invalid' | 'unknown';

export interface VerificationResult {
  /** Normalised as @coldreach/email-address normaliseEmail does (the input trimmed when not an address). */
  email: string;
  verdict: Verdict;
  /**
   * Every reason, in the order found, e.g. 'syntax: <problem>', 'domain_not_found', 'null_mx',
   * 'mx_found', 'smtp_rejected: 550 5.1.1 no such user'. The part before ':' is stable; after it
   * come only codes and the mail server's own reply text (trimmed).
   */
  reasons: string[];
  /** The best MX host (or the domain itself when it has no MX, RFC 5321 §5.1); '' when none. */
  mxHost: string;
  checkedAt: Date;
  /** The domain's facts (MX, catch-all) came from the cache. */
  fromCache: boolean;
  /**
   * An 'unknown' whose cause is temporary (4xx, timeout, refused, DNS SERVFAIL/timeout): worth
   * retrying later with backoff.
   */
  retryable: boolean;
}

/** The lead's verification status for a verdict. */
export function leadStatusOfVerdict(verdict: Verdict): 'valid' | 'risky' | 'invalid' | 'unknown' {
  return verdict === 'safe' ? 'valid' : verdict;
}
