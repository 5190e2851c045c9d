import { getDomain } from 'tldts';
import { normaliseUrl } from './normalise-url';
import { compilePathGlob, type PathGlob } from './path-glob';
import { normalisePercentEncoding } from './percent-encoding';

/**
 * Which URLs a job may follow. `createCrawlScope(options).inScope(url)` is true when the URL is one
 * of the seeds (always), or when its host is in scope and its path passes the globs:
 * - `same-host`: the host name of a seed, with or without a leading `www.` (a seed `example.com`
 *   that redirects to `www.example.com` keeps its crawl); scheme and port do not matter;
 * - `same-domain`: the registrable domain of a seed (public-suffix aware, private suffixes too:
 *   `a.github.io` and `b.github.io` are different sites; an IP address or `localhost` is its own);
 * - `listed`: one of `domains` or a subdomain of one (`example.com` admits `shop.example.com`);
 * - `include`/`exclude`: path globs (path-glob.ts) on the URL's path, not its query; with includes,
 *   a path must match one; an exclude always wins (except for seeds).
 * URLs are expected normalised (normalise-url.ts): seeds are compared as normaliseUrl writes them.
 */

export type CrawlScopeKind = 'same-host' | 'same-domain' | 'listed';

export interface CrawlScopeOptions {
  readonly seeds: readonly string[];
  readonly scope: CrawlScopeKind;
  /** The domains of a `listed` scope. */
  readonly domains?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface CrawlScope {
  inScope(url: string | URL): boolean;
}

function withoutWww(hostname: string): string {
  return hostname.startsWith('www.') ? hostname.slice(4) : hostname;
}

function registrableDomain(hostname: string): string {
  return getDomain(hostname, { allowPrivateDomains: true, extractHostname: false }) ?? hostname;
}

/** A listed domain as URL hosts are written (lower case, punycode, no trailing dot), or undefined. */
function hostOfDomain(domain: string): string | undefined {
  const hostname = URL.parse(`http://${domain.trim()}/`)?.hostname;
  if (hostname === undefined || hostname === '') return undefined;
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}

function hostRule(options: CrawlScopeOptions, seedHosts: string[]): (hostname: string) => boolean {
  if (options.scope === 'same-host') {
    const hosts = new Set(seedHosts.map(withoutWww));
    return (hostname) => hosts.has(withoutWww(hostname));
  }
  if (options.scope === 'same-domain') {
    const domains = new Set(seedHosts.map(registrableDomain));
    return (hostname) => domains.has(registrableDomain(hostname));
  }
  const listed = (options.domains ?? []).map((domain) => {
    const host = hostOfDomain(domain);
    if (host === undefined) throw new Error(`crawl scope: "${domain}" is not a domain`);
    return host;
  });
  if (listed.length === 0) throw new Error('crawl scope: a listed scope needs at least one domain');
  const exact = new Set(listed);
  const suffixes = listed.map((host) => `.${host}`);
  return (hostname) => exact.has(hostname) || suffixes.some((suffix) => hostname.endsWith(suffix));
}

/** Builds the scope of one job; globs and domains are compiled once here. */
export function createCrawlScope(options: CrawlScopeOptions): CrawlScope {
  const seeds = new Set<string>();
  const seedHosts: string[] = [];
  for (const seed of options.seeds) {
    const normalised = normaliseUrl(seed);
    if (normalised === undefined) throw new Error(`crawl scope: seed "${seed}" is not an http(s) URL`);
    seeds.add(normalised);
    seedHosts.push(new URL(normalised).hostname);
  }
  const hostInScope = hostRule(options, seedHosts);
  // Globs are written as people read paths (`/über/*`); paths arrive percent-encoded.
  const compile = (glob: string): PathGlob => compilePathGlob(normalisePercentEncoding(glob));
  const includes = (options.include ?? []).map(compile);
  const excludes = (options.exclude ?? []).map(compile);

  return {
    inScope(url) {
      const href = typeof url === 'string' ? url : url.href;
      if (seeds.has(href)) return true;
      const parsed = typeof url === 'string' ? URL.parse(url) : url;
      if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return false;
      if (!hostInScope(parsed.hostname)) return false;
      const path = parsed.pathname;
      if (excludes.some((glob) => glob.matches(path))) return false;
      return includes.length === 0 || includes.some((glob) => glob.matches(path));
    },
  };
}
