/** One URL a job may fetch: a page (counts toward max pages), its host's robots.txt or a sitemap. */
export interface FrontierEntry {
  url: string;
  kind: 'page' | 'robots' | 'sitemap';
  depth: number;
}

/** A contact found on a page, ready to keep (email normalised and accepted). */
export interface FoundContact {
  email: string;
  name: string;
  title: string;
  phone: string;
  company: string;
  sourceUrl: string;
  socialProfiles: string[];
}

/**
 * What a worker learnt from one claimed URL, for the store to commit:
 * - crawled: a page fetched and parsed, with the links to follow and the contacts on it;
 * - robots: a host's robots.txt (ready, or unreachable: its pages are then disallowed), with the
 *   sitemaps to read;
 * - sitemap: a sitemap read, with the pages (and nested sitemaps) it lists;
 * - failed / skipped: nothing to keep, and why (skipped: not HTML, so not a page of the crawl);
 * - retry: queued again from `notBefore` (a 429/503 with Retry-After, a 5xx, a timeout).
 */
export type UrlOutcome =
  | { kind: 'crawled'; links: FrontierEntry[]; contacts: FoundContact[]; javascriptOnly: boolean }
  | {
      kind: 'robots';
      state: 'ready' | 'unreachable';
      robotsTxt: string;
      reason: string;
      links: FrontierEntry[];
    }
  | { kind: 'sitemap'; links: FrontierEntry[] }
  | { kind: 'failed'; error: string }
  | { kind: 'skipped'; error: string }
  | { kind: 'retry'; error: string; notBefore: Date };
