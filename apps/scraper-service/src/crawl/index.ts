// Crawl rules of the Scraper service: pure functions, no I/O but decompression. robots.txt (RFC 9309),
// URL normalisation, job scope, sitemaps and trap detection; the worker composes them.
export { parseRobotsTxt, robotsTxtMaxChars } from './robots-txt';
export type { RobotsRules } from './robots-txt';
export {
  allowAllRobotsRules,
  disallowAllRobotsRules,
  robotsMaxRedirects,
  robotsPolicyForStatus,
} from './robots-policy';
export type { RobotsPolicy } from './robots-policy';
export { normaliseUrl } from './normalise-url';
export { normalisePercentEncoding } from './percent-encoding';
export { createCrawlScope } from './crawl-scope';
export type { CrawlScope, CrawlScopeKind, CrawlScopeOptions } from './crawl-scope';
export { compilePathGlob } from './path-glob';
export type { PathGlob } from './path-glob';
export { maxSitemapUrls, parseSitemap, sitemapCandidates, SitemapError } from './sitemap';
export type { ParsedSitemap, SitemapKind } from './sitemap';
export { decodeSitemapBody } from './decode-sitemap-body';
export { maxSimilarityKeyLength, similarityKey, trapMessage } from './similarity-key';
export { defaultUrlBounds, repeatsSegments, urlTrapReason } from './url-traps';
export type { UrlBounds } from './url-traps';
