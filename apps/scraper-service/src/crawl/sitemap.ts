import { Parser } from 'htmlparser2';

/**
 * Sitemaps (sitemaps.org protocol): `parseSitemap(body)` reads a `<urlset>` (pages) or a
 * `<sitemapindex>` (more sitemaps) and returns the text of each entry's `<loc>`, entity-decoded and
 * trimmed, in document order. Only a `<loc>` directly inside `<url>` or `<sitemap>` counts (not the
 * `<image:loc>` of image sitemaps); namespace prefixes and letter case of tags are ignored. A body
 * that does not start with `<` is a text sitemap, one absolute http(s) URL per line. At most
 * `maxSitemapUrls` (the protocol's 50,000) are read: parsing stops there and `truncated` says so.
 * The URLs are not normalised or scope-checked here; the crawler does that as for any link.
 */

export type SitemapKind = 'urlset' | 'index';

export interface ParsedSitemap {
  readonly kind: SitemapKind;
  readonly urls: string[];
  /** True when the file held more than `maxSitemapUrls` entries and the rest were ignored. */
  readonly truncated: boolean;
}

/** A sitemap that cannot be used; the message says why and is safe to record as the URL's error. */
export class SitemapError extends Error {
  override readonly name = 'SitemapError';
}

export const maxSitemapUrls = 50_000;

const kindOfRoot = new Map<string, SitemapKind>([
  ['urlset', 'urlset'],
  ['sitemapindex', 'index'],
]);
const entryOfKind: Record<SitemapKind, string> = { urlset: 'url', index: 'sitemap' };

function localName(name: string): string {
  const colon = name.indexOf(':');
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

function parseTextSitemap(body: string): ParsedSitemap {
  const urls: string[] = [];
  for (const line of body.split(/\r\n|\r|\n/)) {
    const url = line.trim();
    if (!url.startsWith('http://') && !url.startsWith('https://')) continue;
    if (urls.length === maxSitemapUrls) return { kind: 'urlset', urls, truncated: true };
    urls.push(url);
  }
  return { kind: 'urlset', urls, truncated: false };
}

// A sitemap is three elements deep. htmlparser2 keeps its open elements in an array it shifts and
// unshifts, so each tag costs as much as the nesting is deep: past this depth the rest is not read
// (what was found so far is kept, `truncated`), which keeps a hostile document linear.
const maxNesting = 100;

function parseXmlSitemap(body: string): ParsedSitemap {
  let kind: SitemapKind | undefined;
  let root: string | undefined;
  const urls: string[] = [];
  let truncated = false;
  let stopped = false;
  // Local names of the open elements, to know a `<loc>`'s parent.
  const open: string[] = [];
  let loc: string | undefined;

  const parser = new Parser(
    {
      onopentag(name) {
        if (stopped) return;
        const local = localName(name);
        if (root === undefined) {
          root = local;
          kind = kindOfRoot.get(local);
          if (kind === undefined) stop();
        } else if (local === 'loc' && kind !== undefined && open[open.length - 1] === entryOfKind[kind]) {
          if (urls.length === maxSitemapUrls) {
            truncated = true;
            stop();
            return;
          }
          loc = '';
        }
        open.push(local);
        if (open.length > maxNesting) {
          truncated = true;
          stop();
        }
      },
      ontext(text) {
        if (loc !== undefined) loc += text;
      },
      onclosetag() {
        if (stopped) return;
        if (open.pop() === 'loc' && loc !== undefined) {
          const url = loc.trim();
          if (url !== '') urls.push(url);
          loc = undefined;
        }
      },
    },
    { xmlMode: true },
  );
  // Pausing stops the tokenizer: the rest of a huge or foreign document is not even scanned.
  function stop(): void {
    stopped = true;
    loc = undefined;
    parser.pause();
  }
  parser.end(body);
  if (kind === undefined) {
    throw new SitemapError(
      root === undefined ? 'not a sitemap: no root element' : `not a sitemap: root element <${root}>`,
    );
  }
  return { kind, urls, truncated };
}

/** The URLs a sitemap body lists; throws SitemapError when the body is no sitemap. */
export function parseSitemap(body: string): ParsedSitemap {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const first = text.search(/\S/);
  return first >= 0 && text[first] === '<' ? parseXmlSitemap(text) : parseTextSitemap(text);
}

/**
 * Where to look for a site's sitemaps: the robots.txt `Sitemap:` URLs if there are any, else
 * `<origin>/sitemap.xml` (origin as `https://example.com`, a trailing slash is tolerated).
 */
export function sitemapCandidates(origin: string, robotsSitemaps: readonly string[]): string[] {
  if (robotsSitemaps.length > 0) return [...new Set(robotsSitemaps)];
  return [`${origin.endsWith('/') ? origin.slice(0, -1) : origin}/sitemap.xml`];
}
