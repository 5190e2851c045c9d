import type { RobotsRules } from './robots-txt';

/**
 * What a fetcher does with the answer to `GET /robots.txt` (RFC 9309 §2.3.1):
 * - 2xx: parse the body;
 * - 3xx: follow the redirect (also to another host), at most `robotsMaxRedirects` in a row; after
 *   that the file counts as unavailable (§2.3.1.2);
 * - 4xx: unavailable, everything is allowed (§2.3.1.3) — except 429, which asks us to slow down and
 *   is treated as a server error, as Google does;
 * - 5xx, no answer (DNS, connection, timeout: `status` undefined) or a nonsense status: unreachable,
 *   everything is disallowed and the fetcher asks again later (§2.3.1.4).
 */

export type RobotsPolicy =
  | { readonly action: 'parse' }
  | { readonly action: 'follow-redirect' }
  | { readonly action: 'allow-all'; readonly reason: string }
  | { readonly action: 'disallow-all'; readonly reason: string; readonly retryLater: true };

export const robotsMaxRedirects = 5;

/** The policy for a robots.txt answer with `status` (undefined: unreachable) after `redirectsFollowed` hops. */
export function robotsPolicyForStatus(status: number | undefined, redirectsFollowed = 0): RobotsPolicy {
  if (status === undefined) {
    return { action: 'disallow-all', reason: 'robots.txt unreachable', retryLater: true };
  }
  if (status >= 200 && status <= 299) return { action: 'parse' };
  if (status >= 300 && status <= 399) {
    if (redirectsFollowed < robotsMaxRedirects) return { action: 'follow-redirect' };
    return { action: 'allow-all', reason: `robots.txt redirected more than ${robotsMaxRedirects} times` };
  }
  if (status >= 400 && status <= 499 && status !== 429) {
    return { action: 'allow-all', reason: `robots.txt answered ${status}` };
  }
  return { action: 'disallow-all', reason: `robots.txt answered ${status}`, retryLater: true };
}

/** Rules for a host whose robots.txt is unavailable (allow-all policy). */
export const allowAllRobotsRules: RobotsRules = {
  isAllowed: () => true,
  crawlDelaySeconds: undefined,
  sitemaps: [],
};

/** Rules for a host whose robots.txt is unreachable (disallow-all policy); /robots.txt stays allowed. */
export const disallowAllRobotsRules: RobotsRules = {
  isAllowed: (pathAndQuery) => pathAndQuery === '/robots.txt' || pathAndQuery.startsWith('/robots.txt?'),
  crawlDelaySeconds: undefined,
  sitemaps: [],
};
