import type { Verdict } from './verification-result';

// Reasons are matched by the part before ':' (the rest is a code or a server's text).
// The address cannot receive mail.
const invalidReasons = new Set([
  'syntax',
  'domain_not_found',
  'null_mx',
  'mx_host_not_found',
  'mx_refused_address',
  'smtp_rejected',
]);
// Nothing was learnt about the mailbox, but asking again later may answer.
const retryableReasons = new Set([
  'dns_failure',
  'smtp_temporary',
  'smtp_timeout',
  'smtp_connection_refused',
  'smtp_connection_dropped',
  'smtp_connection_failed',
  'smtp_tls_failed',
]);
// Nothing was learnt, and asking again soon will not change that (the server refuses the prober).
const unknownReasons = new Set(['smtp_session_refused', 'smtp_unexpected_reply', 'smtp_utf8_unsupported']);
// Mail may arrive, but sending to it is a bet: nobody reads it, it vanishes, or anything is accepted.
const riskyReasons = new Set([
  'quoted_local_part',
  'disposable_domain',
  'role_account',
  'catch_all',
  'catch_all_unknown',
]);

/**
 * The verdict the reasons add up to: invalid beats unknown (a retry may still find the mailbox
 * gone), unknown beats risky, and safe is what is left when nothing was wrong. Informational
 * reasons ('mx_found', 'free_provider', 'smtp_probe_off', …) change nothing.
 */
export function decideVerdict(reasons: readonly string[]): { verdict: Verdict; retryable: boolean } {
  const kinds = reasons.map((reason) => reason.split(':', 1)[0]!);
  if (kinds.some((kind) => invalidReasons.has(kind))) return { verdict: 'invalid', retryable: false };
  const retryable = kinds.some((kind) => retryableReasons.has(kind));
  if (retryable || kinds.some((kind) => unknownReasons.has(kind))) return { verdict: 'unknown', retryable };
  if (kinds.some((kind) => riskyReasons.has(kind))) return { verdict: 'risky', retryable: false };
  return { verdict: 'safe', retryable: false };
}
