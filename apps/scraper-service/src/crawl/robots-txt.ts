import { normalisePercentEncoding } from './percent-encoding';
import { compileRobotsPattern, type RobotsPattern } from './robots-pattern';

/**
 * robots.txt as RFC 9309 reads it, for one crawler: `parseRobotsTxt(text, 'ColdReachBot')` keeps only
 * the group(s) that apply to that product token and answers `isAllowed(pathAndQuery)`.
 * - Groups: one or more consecutive `User-agent` lines, then their rules. The groups naming our token
 *   (case-insensitive; `ColdReachBot/1.0` names `coldreachbot`) are merged; if none does, the `*`
 *   groups are; if neither exists, everything is allowed. A group naming us without rules allows all.
 * - Rules: the longest matching Allow/Disallow pattern wins, Allow on a tie; an empty pattern is no
 *   rule; a pattern not starting with `/` or `*` gets a `/` (the politer reading of `Disallow: tmp`);
 *   `/robots.txt` itself is always allowed. Patterns and paths are compared in one percent-encoding.
 * - `Crawl-delay` (not in the RFC, widely written) is read from the same groups, the largest value if
 *   several; it is a group line, so a `User-agent` after it starts a new group. `Sitemap` lines are
 *   global: absolute http(s) URLs, deduplicated, at most `maxSitemaps`.
 * - Robustness: a BOM, CR/LF/CRLF line ends, `#` comments, unknown lines and lines without `:` are
 *   fine; a few common misspellings (`useragent`, `disalow`) are understood as Google does; only the
 *   first `robotsTxtMaxChars` characters are parsed (RFC §2.5: at least 500 KiB), each line cut at
 *   `maxLineChars`, as Google's parser cuts it. Parsing is linear in the input.
 */

export interface RobotsRules {
  /** Whether our crawler may fetch this path plus query (`/a/b?c=d`, not a full URL). */
  isAllowed(pathAndQuery: string): boolean;
  /** The `Crawl-delay` of the group that applies to us, in seconds; undefined if none. */
  readonly crawlDelaySeconds: number | undefined;
  /** Absolute URLs of the `Sitemap:` lines, in file order. */
  readonly sitemaps: readonly string[];
}

/** How much of a robots.txt is read (and so how much a fetcher needs to download). */
export const robotsTxtMaxChars = 500 * 1024;
const maxLineChars = 16 * 1024;
const maxSitemaps = 100;

interface Rule {
  readonly pattern: RobotsPattern;
  readonly allow: boolean;
}

interface GroupRules {
  seen: boolean;
  rules: Rule[];
  crawlDelay: number | undefined;
}

const directives = new Map<string, 'user-agent' | 'allow' | 'disallow' | 'crawl-delay' | 'sitemap'>([
  ['user-agent', 'user-agent'],
  ['useragent', 'user-agent'],
  ['user agent', 'user-agent'],
  ['allow', 'allow'],
  ['disallow', 'disallow'],
  ['dissallow', 'disallow'],
  ['dissalow', 'disallow'],
  ['disalow', 'disallow'],
  ['crawl-delay', 'crawl-delay'],
  ['crawldelay', 'crawl-delay'],
  ['sitemap', 'sitemap'],
  ['site-map', 'sitemap'],
]);

// The product token is the leading run of letters, `_` and `-` (RFC 9309 §2.2.1).
const productTokenPattern = /^[A-Za-z_-]+/;

function productToken(value: string): string {
  return productTokenPattern.exec(value)?.[0].toLowerCase() ?? '';
}

function compileRule(value: string, allow: boolean): Rule | undefined {
  if (value === '') return undefined;
  const rooted = value.startsWith('/') || value.startsWith('*') ? value : `/${value}`;
  // Runs of `*` mean the same as one; collapsing them keeps the matcher's pieces few.
  const pattern = normalisePercentEncoding(rooted).replace(/\*{2,}/g, '*');
  return { pattern: compileRobotsPattern(pattern), allow };
}

// Plain decimal seconds only: `Number` alone would also take `0x10` or `1e3`.
const crawlDelayPattern = /^\d{1,9}(?:\.\d{1,9})?$/;

function parseCrawlDelay(value: string): number | undefined {
  return crawlDelayPattern.test(value) ? Number(value) : undefined;
}

function parseSitemapUrl(value: string): string | undefined {
  const url = URL.parse(value);
  return url && (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : undefined;
}

function rulesFrom(group: GroupRules | undefined): RobotsRules['isAllowed'] {
  // Longest pattern first, Allow before Disallow of the same length: the first match decides.
  const rules = [...(group?.rules ?? [])].sort(
    (a, b) => b.pattern.length - a.pattern.length || Number(b.allow) - Number(a.allow),
  );
  return (pathAndQuery) => {
    const path = pathAndQuery === '' ? '/' : normalisePercentEncoding(pathAndQuery);
    if (path === '/robots.txt' || path.startsWith('/robots.txt?')) return true;
    for (const rule of rules) {
      if (rule.pattern.matches(path)) return rule.allow;
    }
    return true;
  };
}

/** Parses `text` for the crawler whose product token is `ourProductToken` (e.g. `ColdReachBot`). */
export function parseRobotsTxt(text: string, ourProductToken: string): RobotsRules {
  const ours = productToken(ourProductToken);
  if (ours === '') throw new Error(`robots.txt: "${ourProductToken}" is not a product token`);
  const specific: GroupRules = { seen: false, rules: [], crawlDelay: undefined };
  const wildcard: GroupRules = { seen: false, rules: [], crawlDelay: undefined };
  const sitemaps = new Set<string>();
  // The group being read: which of ours/`*` it names, and whether its User-agent lines are still open.
  let targets: GroupRules[] = [];
  let readingAgents = false;

  const body =
    text.charCodeAt(0) === 0xfeff ? text.slice(1, robotsTxtMaxChars + 1) : text.slice(0, robotsTxtMaxChars);
  for (const rawLine of body.split(/\r\n|\r|\n/)) {
    const line = rawLine.length > maxLineChars ? rawLine.slice(0, maxLineChars) : rawLine;
    const hash = line.indexOf('#');
    const content = hash < 0 ? line : line.slice(0, hash);
    const colon = content.indexOf(':');
    if (colon < 0) continue;
    const directive = directives.get(content.slice(0, colon).trim().toLowerCase());
    const value = content.slice(colon + 1).trim();
    if (directive === undefined) continue;
    if (directive === 'sitemap') {
      const url = parseSitemapUrl(value);
      if (url !== undefined && sitemaps.size < maxSitemaps) sitemaps.add(url);
      continue;
    }
    if (directive === 'user-agent') {
      if (!readingAgents) targets = [];
      readingAgents = true;
      const group = value.startsWith('*') ? wildcard : productToken(value) === ours ? specific : undefined;
      if (group !== undefined && !targets.includes(group)) {
        group.seen = true;
        targets.push(group);
      }
      continue;
    }
    readingAgents = false;
    if (directive === 'crawl-delay') {
      const seconds = parseCrawlDelay(value);
      if (seconds === undefined) continue;
      for (const group of targets) group.crawlDelay = Math.max(group.crawlDelay ?? 0, seconds);
      continue;
    }
    const rule = compileRule(value, directive === 'allow');
    if (rule === undefined) continue;
    for (const group of targets) group.rules.push(rule);
  }

  const applying = specific.seen ? specific : wildcard.seen ? wildcard : undefined;
  return {
    isAllowed: rulesFrom(applying),
    crawlDelaySeconds: applying?.crawlDelay,
    sitemaps: [...sitemaps],
  };
}
