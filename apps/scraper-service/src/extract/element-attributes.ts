import { cloudflareLinkHex, decodeCloudflareEmail, emailsFromMailto, emailsInText } from './email-candidates';
import type { PageFacts } from './page-facts';
import { socialProfile } from './social-profiles';

export interface AttributeSinks {
  /** An address found in this element's attributes (it counts towards the element's card). */
  addEmail(email: string): void;
  addPhone(phone: string): void;
  /** The number of a tel: link, E.164, or undefined. */
  readTel(href: string): string | undefined;
}

// A page's link list is bounded; the crawler's own caps (pages, depth) are far below this.
const maxLinks = 10_000;
// Attributes never holding an address worth reading (asset names such as logo@2x.png live in these).
const skippedAttributes = new Set(['src', 'srcset', 'style', 'class', 'id', 'd', 'points', 'viewbox']);
const schemeOf = /^\s*([a-z][a-z0-9+.-]*):/i;
const relTokens = /\s+/;
const cloudflarePath = '/cdn-cgi/l/email-protection';

/**
 * Reads one element's attributes into `facts`: links (a/area href, rel=nofollow), mailto:/tel: and
 * Cloudflare-protected addresses, addresses in any other attribute (data-email, title, content, value,
 * …), social profiles, <base>, <link rel=canonical>, <meta name=robots> and og:site_name.
 */
export function readElementAttributes(
  tag: string,
  attributes: Record<string, string>,
  facts: PageFacts,
  sinks: AttributeSinks,
): void {
  for (const name in attributes) {
    const value = attributes[name] as string;
    if (name === 'href') readHref(tag, value, attributes, facts, sinks);
    else if (name === 'data-cfemail') {
      const email = decodeCloudflareEmail(value);
      if (email !== undefined) sinks.addEmail(email);
    } else if (!skippedAttributes.has(name) && value.includes('@')) {
      emailsInText(value, sinks.addEmail);
    }
  }
  if (tag === 'meta') readMeta(attributes, facts);
}

function readHref(
  tag: string,
  href: string,
  attributes: Record<string, string>,
  facts: PageFacts,
  sinks: AttributeSinks,
): void {
  if (tag === 'base') {
    facts.baseHref ??= href;
    return;
  }
  if (tag === 'link') {
    if (hasToken(attributes.rel, 'canonical')) facts.canonicalHref ??= href;
    return;
  }
  if (tag !== 'a' && tag !== 'area') return;
  const scheme = schemeOf.exec(href)?.[1]?.toLowerCase();
  if (scheme === 'mailto') {
    emailsFromMailto(href.trim(), sinks.addEmail);
    return;
  }
  if (scheme === 'tel' || scheme === 'callto') {
    const phone = sinks.readTel(href.trim());
    if (phone !== undefined) sinks.addPhone(phone);
    return;
  }
  // Cloudflare's protection page is no page to crawl: the address is in the fragment (or data-cfemail).
  if (href.includes(cloudflarePath)) {
    const email = decodeCloudflareEmail(cloudflareLinkHex(href) ?? '');
    if (email !== undefined) sinks.addEmail(email);
    return;
  }
  if (facts.links.length < maxLinks)
    facts.links.push({ href, nofollow: hasToken(attributes.rel, 'nofollow') });
  const profile = socialProfile(href.startsWith('//') ? `https:${href}` : href);
  if (profile !== undefined) facts.socials.set(profile.url, profile);
}

function readMeta(attributes: Record<string, string>, facts: PageFacts): void {
  const content = attributes.content;
  if (content === undefined) return;
  const name = attributes.name?.toLowerCase();
  if (name === 'robots') {
    for (const directive of content.toLowerCase().split(',')) {
      const token = directive.trim();
      if (token === 'noindex' || token === 'none') facts.robots.noindex = true;
      if (token === 'nofollow' || token === 'none') facts.robots.nofollow = true;
    }
  } else if (attributes.property?.toLowerCase() === 'og:site_name') {
    facts.siteName ??= content;
  }
}

function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  return list.toLowerCase().split(relTokens).includes(token);
}
