import type { SocialProfile } from './social-profiles';

/** What one HTML page yields: where to crawl next, and the leads on it. */
export interface PageExtraction {
  /** Absolute http(s) links of <a href> and <area href>, fragments dropped, each URL once. */
  links: PageLink[];
  /** <link rel=canonical>, absolute. */
  canonicalUrl?: string;
  title?: string;
  /** <html lang> as written. */
  lang?: string;
  /** <meta name=robots>: noindex / nofollow (also "none"). */
  metaRobots: { noindex: boolean; nofollow: boolean };
  /** One per distinct normalised address. */
  contacts: ExtractedContact[];
  /** Everyone named in structured data (JSON-LD, microdata, hCard) or in a card next to their address. */
  people: ExtractedPerson[];
  company: ExtractedCompany;
  /** Every valid phone number on the page, E.164. */
  phones: string[];
  socials: SocialProfile[];
  /** A near-empty body with script bundles: the content needs JavaScript, which the scraper does not run. */
  looksJavaScriptOnly: boolean;
  /** Set when the page was cut short (nesting too deep to parse in linear time): why. */
  truncated?: string;
}

export interface PageLink {
  url: string;
  /** Every link to this URL on the page has rel=nofollow. */
  nofollow: boolean;
}

export interface ExtractedContact {
  /** Normalised as the Client service stores addresses (trimmed, NFC, lower-case). */
  email: string;
  name?: string;
  title?: string;
  /** E.164. */
  phone?: string;
  /** The page the address was found on (GDPR Art. 14: where a lead came from). */
  sourceUrl: string;
}

export type PersonSource = 'json-ld' | 'microdata' | 'hcard' | 'card';

export interface ExtractedPerson {
  name: string;
  title?: string;
  email?: string;
  phone?: string;
  /** Where on the page the person was read from. */
  source: PersonSource;
}

export interface ExtractedCompany {
  /** JSON-LD Organization name, else og:site_name, else the site part of <title>. */
  name?: string;
  url?: string;
  /** The registrable domain of the page (acme.co.uk for www.acme.co.uk). */
  domain?: string;
  /** The organisation's sameAs links (profiles elsewhere). */
  sameAs: string[];
}

/** A person as read from one source, before it is matched to addresses. */
export interface PersonDraft {
  source: PersonSource;
  name?: string;
  givenName?: string;
  familyName?: string;
  title?: string;
  emails: string[];
  phone?: string;
}
