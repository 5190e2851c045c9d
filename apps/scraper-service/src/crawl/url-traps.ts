/**
 * Traps one URL gives away on its own, before any counting: relative links that keep appending the
 * same directories (`/a/b/a/b/a/b/…`), and URLs too long or too deep to be a real page.
 * `urlTrapReason(url)` says which, as the error the worker records, or undefined for a normal URL.
 * Families of similar URLs that are each harmless (an endless calendar) are similarity-key.ts's job.
 */

export interface UrlBounds {
  /** The longest URL admitted, in characters (2,048: the sitemap protocol's and browsers' old limit). */
  readonly maxUrlLength: number;
  /** The most non-empty path segments admitted. */
  readonly maxPathSegments: number;
}

export const defaultUrlBounds: UrlBounds = { maxUrlLength: 2048, maxPathSegments: 32 };

// Repeats are looked for in this many leading segments: enough for any URL within the bounds, and
// the search is quadratic in segments, so an absurd path cannot make it slow.
const maxSegmentsSearched = 100;

function segmentsOf(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}

/** True when some run of path segments repeats three times in a row (`/a/b/a/b/a/b`, `/x/x/x`). */
export function repeatsSegments(url: string | URL): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const segments = segmentsOf(parsed.pathname).slice(0, maxSegmentsSearched);
  for (let period = 1; period * 3 <= segments.length; period++) {
    // `run` counts consecutive segments equal to the one `period` before; 2 × period of them means
    // the block before them occurred three times.
    let run = 0;
    for (let index = period; index < segments.length; index++) {
      run = segments[index] === segments[index - period] ? run + 1 : 0;
      if (run >= 2 * period) return true;
    }
  }
  return false;
}

/** Why `url` is refused as a trap, or undefined if it is not one by itself. */
export function urlTrapReason(url: string | URL, bounds: UrlBounds = defaultUrlBounds): string | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.href.length > bounds.maxUrlLength)
    return `trap: URL longer than ${bounds.maxUrlLength} characters`;
  if (segmentsOf(parsed.pathname).length > bounds.maxPathSegments) {
    return `trap: path deeper than ${bounds.maxPathSegments} segments`;
  }
  if (repeatsSegments(parsed)) return 'trap: path repeats the same segments three times';
  return undefined;
}
