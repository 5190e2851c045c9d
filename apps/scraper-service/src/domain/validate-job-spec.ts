import { domainToASCII } from 'node:url';
import { invalidArgument, type FieldViolation } from '@coldreach/errors';
import {
  checkOutboundUrl,
  classifyAddress,
  OutboundAddressRefused,
  type OutboundGuard,
} from '@coldreach/outbound-guard';
import { normaliseUrl } from '../crawl';
import type { JobSpec, ScrapeScope } from './scrape-job';

export const specLimits = {
  seeds: 100,
  urlLength: 2048,
  maxPages: 100_000,
  defaultMaxPages: 100,
  maxDepth: 10,
  defaultMaxDepth: 2,
  patterns: 50,
  patternLength: 500,
  domains: 100,
  tags: 20,
  tagLength: 64,
} as const;

/** The spec as the API receives it: unset optional fields are undefined. */
export interface JobSpecInput {
  seedUrls: string[];
  maxPages: number;
  maxDepth?: number;
  sameDomainOnly?: boolean;
  scope?: ScrapeScope;
  allowedDomains: string[];
  includePaths: string[];
  excludePaths: string[];
  respectRobotsTxt?: boolean;
  leadTags: string[];
}

const domainPattern =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The spec with its defaults, or INVALID_ARGUMENT naming every bad field (as `spec.<field>`). A seed
 * must pass the outbound policy's URL half (scheme, port, no credentials), and a seed whose host is
 * an address literal is checked by the guard now, so `http://10.0.0.1/` is refused at creation;
 * names are resolved only when crawled (a name's answer may change).
 */
export function validateJobSpec(
  input: JobSpecInput,
  policy: { guard: OutboundGuard; allowedPorts: readonly number[] },
): JobSpec {
  const violations: FieldViolation[] = [];
  const report = (field: string, message: string) => violations.push({ field: `spec.${field}`, message });

  const seedUrls: string[] = [];
  if (input.seedUrls.length === 0) report('seed_urls', 'must list at least one URL');
  if (input.seedUrls.length > specLimits.seeds)
    report('seed_urls', `must list at most ${specLimits.seeds} URLs`);
  input.seedUrls.slice(0, specLimits.seeds).forEach((raw, index) => {
    const problem = seedProblem(raw.trim(), policy);
    if (problem) return report(`seed_urls[${index}]`, problem);
    const seed = normaliseUrl(raw.trim())!;
    if (!seedUrls.includes(seed)) seedUrls.push(seed);
  });

  const maxPages = input.maxPages === 0 ? specLimits.defaultMaxPages : input.maxPages;
  if (!Number.isInteger(maxPages) || maxPages < 1 || maxPages > specLimits.maxPages)
    report('max_pages', `must be between 1 and ${specLimits.maxPages}`);
  const maxDepth = input.maxDepth ?? specLimits.defaultMaxDepth;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > specLimits.maxDepth)
    report('max_depth', `must be between 0 and ${specLimits.maxDepth}`);

  const scope: ScrapeScope = input.scope ?? (input.sameDomainOnly === false ? 'same-domain' : 'same-host');
  const allowedDomains = validateDomains(input.allowedDomains, report);
  if (scope === 'listed' && allowedDomains.length === 0)
    report('allowed_domains', 'must list at least one domain when the scope is listed domains');

  return throwIfAny(violations, {
    seedUrls,
    maxPages,
    maxDepth,
    scope,
    allowedDomains,
    includePaths: validatePatterns(input.includePaths, 'allowed_path_patterns', report),
    excludePaths: validatePatterns(input.excludePaths, 'excluded_path_patterns', report),
    respectRobotsTxt: input.respectRobotsTxt ?? true,
    leadTags: validateTags(input.leadTags, report),
  });
}

function seedProblem(
  seed: string,
  policy: { guard: OutboundGuard; allowedPorts: readonly number[] },
): string | undefined {
  if (seed === '') return 'must not be empty';
  if (seed.length > specLimits.urlLength) return `must be at most ${specLimits.urlLength} characters`;
  const checked = checkOutboundUrl(seed, { allowedPorts: policy.allowedPorts });
  if (!checked.ok) return `${quoted(seed)}: ${checked.problem}`;
  // WHATWG URL has already written any IPv4 form (0x7f.1, 2130706433) as dotted decimal.
  const host = checked.url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (classifyAddress(host) === undefined) return undefined;
  try {
    policy.guard.checkAddress(host);
    return undefined;
  } catch (error) {
    if (error instanceof OutboundAddressRefused) return `${quoted(seed)} is refused: ${error.message}`;
    throw error;
  }
}

// A seed is quoted without its query, which may hold tokens; it has no credentials by now.
function quoted(seed: string): string {
  const url = URL.parse(seed);
  const shown = url ? `${url.protocol}//${url.host}${url.pathname}` : seed;
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}

function validateDomains(domains: string[], report: (field: string, message: string) => void): string[] {
  if (domains.length > specLimits.domains)
    report('allowed_domains', `must list at most ${specLimits.domains}`);
  const kept: string[] = [];
  domains.slice(0, specLimits.domains).forEach((raw, index) => {
    const domain = domainToASCII(raw.trim().toLowerCase().replace(/\.$/, ''));
    if (!domainPattern.test(domain)) return report(`allowed_domains[${index}]`, 'must be a domain name');
    if (!kept.includes(domain)) kept.push(domain);
  });
  return kept;
}

function validatePatterns(
  patterns: string[],
  field: string,
  report: (field: string, message: string) => void,
): string[] {
  if (patterns.length > specLimits.patterns)
    report(field, `must list at most ${specLimits.patterns} patterns`);
  return patterns.slice(0, specLimits.patterns).flatMap((pattern, index) => {
    if (!pattern.startsWith('/')) return (report(`${field}[${index}]`, 'must start with /'), []);
    if (pattern.length > specLimits.patternLength)
      return (report(`${field}[${index}]`, `must be at most ${specLimits.patternLength} characters`), []);
    return [pattern];
  });
}

function validateTags(tags: string[], report: (field: string, message: string) => void): string[] {
  if (tags.length > specLimits.tags) report('lead_tags', `must list at most ${specLimits.tags} tags`);
  const kept: string[] = [];
  tags.slice(0, specLimits.tags).forEach((raw, index) => {
    const tag = raw.trim();
    if (tag === '') return report(`lead_tags[${index}]`, 'must not be empty');
    if (tag.length > specLimits.tagLength)
      return report(`lead_tags[${index}]`, `must be at most ${specLimits.tagLength} characters`);
    if (!kept.includes(tag)) kept.push(tag);
  });
  return kept;
}

function throwIfAny<T>(violations: FieldViolation[], value: T): T {
  if (violations.length > 0) throw invalidArgument(violations);
  return value;
}
