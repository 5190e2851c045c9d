// Failures to reach the peer at all. connect-node reports some of them as INTERNAL or ABORTED (e.g.
// a refused HTTP/2 connection); to a caller they mean the service is unavailable, which is retriable.
const transportFailures = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ERR_HTTP2_GOAWAY_SESSION',
  'ERR_HTTP2_INVALID_SESSION',
  'ERR_HTTP2_SESSION_ERROR',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_STREAM_ERROR',
]);

/** True when a network-level failure (refused, reset, unreachable…) is anywhere in the cause chain. */
export function isTransportFailure(error: unknown): boolean {
  const seen = new Set<unknown>();
  // Not `instanceof Error`: errors raised by Node's own modules may come from another realm (Jest).
  for (let current = error; typeof current === 'object' && current !== null && !seen.has(current);) {
    seen.add(current);
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && transportFailures.has(code)) return true;
    current = cause;
  }
  return false;
}
