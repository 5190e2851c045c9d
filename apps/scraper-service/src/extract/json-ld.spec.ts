import { emptyJsonLdFindings, readJsonLd, type JsonLdFindings } from './json-ld';
import { phoneFromValue } from './phone-numbers';

function read(...blocks: unknown[]): JsonLdFindings {
  const findings = emptyJsonLdFindings();
  for (const block of blocks)
    readJsonLd(
      typeof block === 'string' ? block : JSON.stringify(block),
      (value) => phoneFromValue(value, 'GB'),
      findings,
    );
  return findings;
}

describe('readJsonLd', () => {
  it('reads people wherever they are: top level, @graph, employee, founder, member, author', () => {
    const findings = read(
      { '@type': 'Person', name: 'Top Level', email: 'top@acme.com' },
      {
        '@graph': [
          {
            '@type': ['Organization', 'Thing'],
            name: 'Acme',
            employee: [{ '@type': 'Person', name: 'Em Ployee', jobTitle: 'Engineer' }],
            founder: { '@type': 'https://schema.org/Person', givenName: 'Fou', familyName: 'Nder' },
            member: [{ '@type': 'Person', name: 'Mem Ber', telephone: '020 7946 0958' }],
          },
          {
            '@type': 'Article',
            author: { '@type': 'Person', name: 'Au Thor', email: 'mailto:author@acme.com' },
          },
        ],
      },
    );
    expect(
      findings.people.map(({ name, givenName, title, emails, phone }) => ({
        name,
        givenName,
        title,
        emails,
        phone,
      })),
    ).toEqual([
      {
        name: 'Top Level',
        givenName: undefined,
        title: undefined,
        emails: ['top@acme.com'],
        phone: undefined,
      },
      { name: 'Em Ployee', givenName: undefined, title: 'Engineer', emails: [], phone: undefined },
      { name: undefined, givenName: 'Fou', title: undefined, emails: [], phone: undefined },
      { name: 'Mem Ber', givenName: undefined, title: undefined, emails: [], phone: '+442079460958' },
      {
        name: 'Au Thor',
        givenName: undefined,
        title: undefined,
        emails: ['author@acme.com'],
        phone: undefined,
      },
    ]);
    expect(findings.emails).toEqual(['top@acme.com', 'author@acme.com']);
  });

  it('reads every email and telephone, also of contact points and organisations', () => {
    const findings = read({
      '@type': 'LocalBusiness',
      name: 'Acme Bakery',
      email: ['shop@acme.com', 'you@example.com'],
      telephone: '+44 20 7946 0100',
      contactPoint: [{ '@type': 'ContactPoint', email: 'mailto:help@acme.com?subject=x', telephone: 'n/a' }],
    });
    expect(findings.emails).toEqual(['shop@acme.com', 'help@acme.com']);
    expect(findings.phones).toEqual(['+442079460100']);
    expect(findings.people).toEqual([]);
  });

  it("takes the site's own organisation (top level or in @graph), not one nested as a publisher", () => {
    const findings = read(
      { '@type': 'Article', publisher: { '@type': 'NewsMediaOrganization', name: 'The Journal' } },
      {
        '@graph': [
          { '@type': 'Corporation', name: 'Acme', url: 'https://acme.com/', sameAs: ['https://x.com/acme'] },
        ],
      },
    );
    expect(findings.organisation).toEqual({
      name: 'Acme',
      url: 'https://acme.com/',
      sameAs: ['https://x.com/acme'],
      rank: 0,
    });
    expect(findings.sameAs).toEqual(['https://x.com/acme']);
  });

  it('reads blocks wrapped in an HTML comment or CDATA, and skips what is not JSON', () => {
    const findings = read(
      '<!-- {"@type": "Person", "name": "In Comment", "email": "comment@acme.com"} -->',
      '//<![CDATA[\n{"@type": "Person", "name": "In Cdata"}\n//]]>',
      '{"@type": "Person", "name": "Trailing Comma",}',
      'not json at all',
      '',
    );
    expect(findings.people.map((person) => person.name)).toEqual(['In Comment', 'In Cdata']);
  });

  it('stops walking a graph that is too deep or too large', () => {
    const person = '{"@type": "Person", "name": "Deep Down", "email": "deep@acme.com"}';
    const deep = '{"child": '.repeat(5_000) + person + '}'.repeat(5_000);
    const deeper = '['.repeat(200_000) + ']'.repeat(200_000);
    const wide = Array.from({ length: 20_000 }, (_, index) => ({
      '@type': 'Person',
      name: `Person ${index}`,
    }));
    const findings = read(deep, deeper, wide);
    expect(findings.emails).toEqual([]);
    expect(findings.people.length).toBeLessThan(20_000);
  });
});
