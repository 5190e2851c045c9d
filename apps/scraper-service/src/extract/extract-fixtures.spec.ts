import { normaliseEmail } from '@coldreach/email-address';
import {
  expectedFacts,
  foundFacts,
  loadExtractionFixtures,
  scoreFacts,
  type FixturePage,
} from '../../test/fixtures/extract/extraction-fixtures';
import { extractPage } from './extract-page';
import type { PageExtraction } from './page-extraction';

const site = 'https://www.acme-widgets.co.uk';
const pages = loadExtractionFixtures();
const extractions = new Map(pages.map((page) => [page.path, extractPage(page.html, site + page.path)]));
const extractionOf = (page: FixturePage) => extractions.get(page.path) as PageExtraction;
// The page as a reader sees its source: one space between words (the formatter wraps long lines).
const sourceText = (page: FixturePage) => page.html.replace(/\s+/g, ' ');
const onSite = (link: string) => (link.startsWith('/') ? site + link : link);

describe('extraction of the planted-contact site (test/fixtures/extract)', () => {
  it('finds every planted address, name, title, phone, person and profile, and nothing else', () => {
    const expected = new Set<string>();
    const found = new Set<string>();
    for (const page of pages) {
      for (const fact of expectedFacts(page)) expected.add(`${page.path}: ${fact}`);
      for (const fact of foundFacts(extractionOf(page))) found.add(`${page.path}: ${fact}`);
    }
    const score = scoreFacts(expected, found);
    expect({ missed: score.missed, falsePositives: score.falsePositives }).toEqual({
      missed: [],
      falsePositives: [],
    });
    expect(score.recall).toBe(1);
    expect(score.precision).toBe(1);
    expect(score.expected).toBeGreaterThan(50); // the key is read, not empty
  });

  it.each(pages.map((page) => [page.path, page] as const))(
    '%s: none of its planted decoys is found',
    (_, page) => {
      const extraction = extractionOf(page);
      const text = sourceText(page);
      const emails = extraction.contacts.map((contact) => contact.email);
      const phones = [...extraction.phones, ...extraction.contacts.map((contact) => contact.phone)];
      const names = [...extraction.people, ...extraction.contacts].map((person) => person.name);
      const { decoys } = page;
      for (const email of decoys.emails) {
        expect(text).toContain(email);
        expect(emails).not.toContain(normaliseEmail(email));
      }
      for (const { text: written, email } of decoys.obfuscatedEmails ?? []) {
        expect(text).toContain(written);
        expect(emails).not.toContain(email);
      }
      for (const phone of decoys.phones) {
        expect(text).toContain(phone.text);
        expect(phones).not.toContain(phone.e164);
      }
      for (const name of decoys.names) {
        expect(text).toContain(name);
        expect(names).not.toContain(name);
      }
      for (const prefix of decoys.socials) {
        expect(extraction.socials.filter((social) => social.url.startsWith(prefix.toLowerCase()))).toEqual(
          [],
        );
      }
    },
  );

  it.each(pages.map((page) => [page.path, page] as const))(
    '%s: links, canonical URL, title, language, robots, company and the JavaScript-only flag',
    (_, page) => {
      const extraction = extractionOf(page);
      expect(extraction.links.map((link) => link.url).sort()).toEqual(page.links.map(onSite).sort());
      expect(extraction.links.filter((link) => link.nofollow).map((link) => link.url)).toEqual(
        page.nofollowLinks.map(onSite),
      );
      expect(extraction.canonicalUrl).toBe(page.canonical === undefined ? undefined : onSite(page.canonical));
      expect(extraction.title).toBe(page.title);
      expect(extraction.lang).toBe(page.lang);
      expect(extraction.metaRobots).toEqual(page.metaRobots);
      expect(extraction.company.name).toBe(page.company);
      expect(extraction.company.domain).toBe('acme-widgets.co.uk');
      expect(extraction.looksJavaScriptOnly).toBe(page.looksJavaScriptOnly);
      expect(extraction.contacts.every((contact) => contact.sourceUrl === site + page.path)).toBe(true);
    },
  );

  it('plants every form §4 names, so the score above covers them all', () => {
    const all = pages.map((page) => page.html).join('\n');
    const forms = [
      'mailto:jane.doe@acme-widgets.co.uk?subject=', // mailto with a query
      'mailto:press@acme-widgets.co.uk,media@', // several recipients
      'mailto:Nina%20Patel%20%3Cnina.patel%40', // percent-encoded
      '&#64;', // entities
      '&#x40;',
      '[at]', // obfuscations
      '[dot]',
      '(at)',
      '(dot)',
      'events at acme-widgets dot co dot uk',
      'data-email=', // attributes
      '<abbr title="accessibility@',
      '<meta name="reply-to" content=',
      'data-cfemail=', // Cloudflare, both forms
      '/cdn-cgi/l/email-protection#',
      '"@graph"', // JSON-LD
      '"founder"',
      '"employee"',
      '"member"',
      '"author"',
      '"contactPoint"',
      '"email": "mailto:',
      'itemtype="https://schema.org/Person"', // microdata
      'itemprop="jobTitle"',
      'class="vcard"', // hCard
      'class="fn"',
      'class="team-card"', // cards
      'href="tel:', // phones
      'lang="de-DE"',
      'og:site_name', // company
      'https://www.linkedin.com/company/', // profiles
      'https://github.com/',
      'https://x.com/',
      '<noscript>', // a JavaScript-only page
    ];
    expect(forms.filter((form) => !all.includes(form))).toEqual([]);
    expect(all).toMatch(/<script type="application\/ld\+json">\s*<!--/); // JSON-LD inside an HTML comment
    expect(all).toMatch(/"jobTitle": "Broken Block", \}/); // JSON-LD that is no JSON
  });
});
