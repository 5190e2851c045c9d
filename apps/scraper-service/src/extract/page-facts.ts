import type { CardPerson } from './card-frames';
import type { JsonLdFindings } from './json-ld';
import type { PersonDraft } from './page-extraction';
import type { SocialProfile } from './social-profiles';

/** What one pass over a page collects, before it is resolved and matched up into a PageExtraction. */
export interface PageFacts {
  pageUrl: string;
  baseHref?: string;
  canonicalHref?: string;
  title?: string;
  lang?: string;
  siteName?: string;
  robots: { noindex: boolean; nofollow: boolean };
  /** Hrefs as written, resolved at the end (a <base> applies to links before it too). */
  links: { href: string; nofollow: boolean }[];
  /** Addresses in the order first seen. */
  emails: Set<string>;
  phones: Set<string>;
  socials: Map<string, SocialProfile>;
  cards: Map<string, CardPerson>;
  people: PersonDraft[];
  jsonLd: JsonLdFindings;
  /** Non-space characters of text outside script, style, title and noscript. */
  visibleChars: number;
  /** Script elements other than JSON-LD. */
  scripts: number;
  /** The text of <noscript> elements, up to a few hundred characters. */
  noscriptText: string;
  truncated?: string;
}
