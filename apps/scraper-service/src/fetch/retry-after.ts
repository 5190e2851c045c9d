// Retry-After is either delay-seconds (a non-negative integer) or an HTTP date (RFC 9110 §10.2.3).
const delaySeconds = /^\d{1,10}$/;

/**
 * How long a 429 or 503 asks us to wait, in milliseconds, from a Retry-After value; undefined when
 * absent or unreadable. A date in the past means now (0). The worker caps and applies it.
 */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (delaySeconds.test(text)) return Number(text) * 1000;
  // Date.parse reads the IMF-fixdate and the two obsolete forms RFC 9110 still accepts; a bare
  // number with a sign or decimals is neither form and stays unreadable.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
