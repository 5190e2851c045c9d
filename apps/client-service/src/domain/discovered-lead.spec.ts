import { DomainError } from '@coldreach/errors';
import { leadInputOf, validLeadInput, type DiscoveredContact } from './discovered-lead';

function contact(fields: Partial<DiscoveredContact> = {}): DiscoveredContact {
  return {
    eventId: '5b0b6f1e-8a59-4a43-9c43-3f8f8e2a4c11',
    workspaceId: '0b7d0a8e-4a55-4c61-9d0e-0c1f1f6b1a01',
    jobId: '8f14e45f-ceea-467f-a0e6-1a2b3c4d5e6f',
    email: 'jane@acme.example',
    name: '',
    title: '',
    phone: '',
    company: '',
    sourceUrl: 'https://www.acme.example:8443/about/team?page=2#jane',
    foundTime: new Date('2025-03-01T12:00:00.000Z'),
    socialProfiles: [],
    tags: [],
    ...fields,
  };
}

describe('leadInputOf', () => {
  it('splits the name and takes the website from the source page, keeping the page itself', () => {
    const input = leadInputOf(
      contact({ name: 'Dr. Jane van Doe', title: 'CTO', phone: '+4930123456', company: 'Acme' }),
    );
    expect(input).toMatchObject({
      email: 'jane@acme.example',
      firstName: 'Jane',
      lastName: 'van Doe',
      title: 'CTO',
      phone: '+4930123456',
      company: 'Acme',
      website: 'https://www.acme.example:8443',
      sourceUrl: 'https://www.acme.example:8443/about/team?page=2#jane',
      collectedAt: new Date('2025-03-01T12:00:00.000Z'),
      verificationStatus: undefined,
    });
  });

  it.each([
    ['not a URL', ''],
    ['ftp://files.acme.example/team', ''],
    ['http://acme.example/team', 'http://acme.example'],
  ])('website of source %j is %j', (sourceUrl, website) => {
    expect(leadInputOf(contact({ sourceUrl })).website).toBe(website);
  });

  it('puts one profile per network into its custom field, a LinkedIn person before a company page', () => {
    const input = leadInputOf(
      contact({
        socialProfiles: [
          'https://www.linkedin.com/company/acme',
          'https://x.com/janedoe',
          'https://www.linkedin.com/in/jane-doe',
          'https://github.com/janedoe',
          'https://twitter.com/other',
          'https://mastodon.example/@jane',
          'not a url',
          `https://github.com/${'x'.repeat(2000)}`,
        ],
      }),
    );
    expect(input.customFields).toEqual({
      linkedin_url: 'https://www.linkedin.com/in/jane-doe',
      x_url: 'https://x.com/janedoe',
      github_url: 'https://github.com/janedoe',
    });
  });

  it('takes the job tags up to the limit a lead may hold', () => {
    const tags = Array.from({ length: 60 }, (_, i) => `tag-${i}`);
    expect(leadInputOf(contact({ tags })).tags).toEqual(tags.slice(0, 50));
  });
});

describe('validLeadInput', () => {
  it('keeps a valid contact whole', () => {
    const { value, dropped } = validLeadInput(leadInputOf(contact({ name: 'Jane Doe', tags: ['crawl'] })));
    expect(dropped).toEqual([]);
    expect(value).toMatchObject({ firstName: 'Jane', lastName: 'Doe', tags: ['crawl'] });
  });

  it('leaves out invalid fields and bad tags rather than the lead, naming them', () => {
    const { value, dropped } = validLeadInput(
      leadInputOf(
        contact({
          title: 'T'.repeat(201),
          phone: 'call us',
          company: 'Acme',
          tags: ['crawl', '', 'x'.repeat(65), 'berlin'],
          foundTime: new Date(Date.now() + 7 * 24 * 3600_000),
        }),
      ),
    );
    expect(dropped.sort()).toEqual(['collected_at', 'phone', 'tags', 'title']);
    expect(value).toMatchObject({
      title: '',
      phone: '',
      company: 'Acme',
      collectedAt: null,
      tags: ['crawl', 'berlin'],
      website: 'https://www.acme.example:8443',
    });
  });

  it('refuses a contact whose address is invalid', () => {
    expect(() => validLeadInput(leadInputOf(contact({ email: 'jane@@acme' })))).toThrow(DomainError);
  });
});
