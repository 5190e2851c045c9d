import { sanitizeRemoteText } from '@coldreach/remote-text';
import { parse } from 'tldts';
import { pageContacts } from './page-contacts';
import type { PageFacts } from './page-facts';
import type { ExtractedCompany, PageExtraction, PageLink } from './page-extraction';
import { socialProfile } from './social-profiles';

// A JavaScript-rendered page shows almost nothing without scripts: a mount point and bundles, or a
// <noscript> asking for JavaScript. Below these many visible characters a page counts as one.
const emptyBodyChars = 100;
const noscriptBodyChars = 500;
const asksForJavaScript = /javascript/i;
// "Team | Acme Ltd", "Acme – Contact", "About · Acme": the separators between a page's and a site's name.
const titleSeparator = / [|\u2013\u2014·•:-] | ?[|·•] ?/;

/** Resolves and matches up what a pass over the page collected. */
export function pageResult(facts: PageFacts): PageExtraction {
  const base = absoluteUrl(facts.baseHref, facts.pageUrl) ?? facts.pageUrl;
  const { contacts, people } = pageContacts(facts);
  const phones = new Set(facts.phones);
  for (const phone of facts.jsonLd.phones) phones.add(phone);
  for (const contact of contacts) if (contact.phone !== undefined) phones.add(contact.phone);
  const socials = new Map(facts.socials);
  for (const href of facts.jsonLd.sameAs) {
    const profile = socialProfile(href);
    if (profile !== undefined) socials.set(profile.url, profile);
  }
  const title = facts.title === undefined ? undefined : sanitizeRemoteText(facts.title, { maxLength: 300 });

  const result: PageExtraction = {
    links: resolveLinks(facts.links, base),
    metaRobots: facts.robots,
    contacts,
    people,
    company: company(facts, title),
    phones: [...phones],
    socials: [...socials.values()],
    looksJavaScriptOnly:
      facts.scripts > 0 &&
      (facts.visibleChars < emptyBodyChars ||
        (facts.visibleChars < noscriptBodyChars && asksForJavaScript.test(facts.noscriptText))),
  };
  const canonical = absoluteUrl(facts.canonicalHref, base);
  if (canonical !== undefined) result.canonicalUrl = canonical;
  if (title !== undefined && title !== '') result.title = title;
  if (facts.lang !== undefined && facts.lang !== '') result.lang = facts.lang;
  if (facts.truncated !== undefined) result.truncated = facts.truncated;
  return result;
}

/** An absolute http(s) URL without its fragment, or undefined for other schemes and bad URLs. */
function absoluteUrl(href: string | undefined, base: string): string | undefined {
  if (href === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url.href;
}

function resolveLinks(links: PageFacts['links'], base: string): PageLink[] {
  const byUrl = new Map<string, PageLink>();
  for (const { href, nofollow } of links) {
    const url = absoluteUrl(href, base);
    if (url === undefined) continue;
    const known = byUrl.get(url);
    if (known === undefined) byUrl.set(url, { url, nofollow });
    else known.nofollow &&= nofollow;
  }
  return [...byUrl.values()];
}

function company(facts: PageFacts, title: string | undefined): ExtractedCompany {
  let hostname = '';
  try {
    hostname = new URL(facts.pageUrl).hostname;
  } catch {
    // a page URL that does not parse has no domain
  }
  const parsed = parse(hostname);
  const organisation = facts.jsonLd.organisation;
  const name =
    organisation?.name ?? facts.siteName ?? siteNameInTitle(title, parsed.domainWithoutSuffix ?? undefined);
  const result: ExtractedCompany = { sameAs: organisation?.sameAs ?? [] };
  const clean = name === undefined ? '' : sanitizeRemoteText(name, { maxLength: 200 });
  if (clean !== '') result.name = clean;
  const url = absoluteUrl(organisation?.url, facts.pageUrl);
  if (url !== undefined) result.url = url;
  if (parsed.domain !== null && parsed.isIcann === true) result.domain = parsed.domain;
  return result;
}

/** The site's part of a title: the part that names the domain ("Acme" for acme.co.uk), else the last. */
function siteNameInTitle(title: string | undefined, domainLabel: string | undefined): string | undefined {
  if (title === undefined) return undefined;
  const parts = title
    .split(titleSeparator)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length < 2) return undefined;
  const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const label = letters(domainLabel ?? '');
  const named = parts.find((part) => {
    const text = letters(part);
    return label !== '' && text !== '' && (text.includes(label) || label.includes(text));
  });
  return named ?? parts[parts.length - 1];
}
