import { emptyClientInput, type ValidClientInput } from './client';
import { groupBatchByEmail, mergeClientInputs, unionTags } from './merge-client-inputs';

function valid(fields: Partial<ValidClientInput>): ValidClientInput {
  return { ...emptyClientInput(), email: 'jane@example.com', verificationStatus: undefined, ...fields };
}

describe('mergeClientInputs', () => {
  it('overwrites with non-empty incoming scalars and keeps the rest', () => {
    const merged = mergeClientInputs(
      valid({ firstName: 'Jane', company: 'Acme', title: 'CTO', verificationStatus: 'valid' }),
      valid({ firstName: '', company: 'Acme GmbH', phone: '+49 30 1234' }),
    );
    expect(merged).toMatchObject({
      firstName: 'Jane',
      company: 'Acme GmbH',
      title: 'CTO',
      phone: '+49 30 1234',
      verificationStatus: 'valid',
    });
  });

  it('takes a specified status and collected-at from the incoming item', () => {
    const collectedAt = new Date('2024-05-01T10:00:00.000Z');
    const merged = mergeClientInputs(
      valid({ verificationStatus: 'valid' }),
      valid({ verificationStatus: 'invalid', collectedAt }),
    );
    expect(merged.verificationStatus).toBe('invalid');
    expect(merged.collectedAt).toEqual(collectedAt);
  });

  it('unions tags in first-seen order and merges custom fields with incoming keys winning', () => {
    const merged = mergeClientInputs(
      valid({ tags: ['a', 'b'], customFields: { plan: 'free', city: 'Berlin' } }),
      valid({ tags: ['b', 'c'], customFields: { plan: 'pro' } }),
    );
    expect(merged.tags).toEqual(['a', 'b', 'c']);
    expect(merged.customFields).toEqual({ plan: 'pro', city: 'Berlin' });
  });

  it('caps the tag union at 50, keeping the oldest', () => {
    const old = Array.from({ length: 40 }, (_, i) => `old${i}`);
    const fresh = Array.from({ length: 20 }, (_, i) => `new${i}`);
    const tags = unionTags(old, fresh);
    expect(tags).toHaveLength(50);
    expect(tags.slice(0, 40)).toEqual(old);
  });
});

describe('mergeClientInputs in fillEmpty mode (scraped leads)', () => {
  it('fills only the empty scalars and keeps every one already set', () => {
    const merged = mergeClientInputs(
      valid({ firstName: 'Jane', title: 'CTO', company: 'Acme', verificationStatus: 'valid' }),
      valid({
        firstName: 'J.',
        lastName: 'Doe',
        title: 'Engineer',
        company: 'Acme GmbH',
        phone: '+4930123456',
        website: 'https://acme.example',
        sourceUrl: 'https://acme.example/team',
        verificationStatus: 'invalid',
      }),
      'fillEmpty',
    );
    expect(merged).toMatchObject({
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'CTO',
      company: 'Acme',
      phone: '+4930123456',
      website: 'https://acme.example',
      sourceUrl: 'https://acme.example/team',
      verificationStatus: 'valid',
    });
  });

  it.each([
    ['kept when set', new Date('2024-01-01T00:00:00Z'), new Date('2024-06-01T00:00:00Z'), '2024-01-01'],
    ['filled when empty', null, new Date('2024-06-01T00:00:00Z'), '2024-06-01'],
  ])('collected-at is %s', (_, base, incoming, expected) => {
    const merged = mergeClientInputs(
      valid({ collectedAt: base }),
      valid({ collectedAt: incoming }),
      'fillEmpty',
    );
    expect(merged.collectedAt?.toISOString().slice(0, 10)).toBe(expected);
  });

  it('unions tags and adds custom fields under new keys only, all of them or none past the limit', () => {
    const merged = mergeClientInputs(
      valid({ tags: ['a', 'b'], customFields: { linkedin_url: 'https://www.linkedin.com/in/jane' } }),
      valid({
        tags: ['b', 'crawl'],
        customFields: {
          linkedin_url: 'https://www.linkedin.com/in/other',
          github_url: 'https://github.com/jd',
        },
      }),
      'fillEmpty',
    );
    expect(merged.tags).toEqual(['a', 'b', 'crawl']);
    expect(merged.customFields).toEqual({
      linkedin_url: 'https://www.linkedin.com/in/jane',
      github_url: 'https://github.com/jd',
    });

    const full = Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`field_${i}`, 'x']));
    const incoming = { x_url: 'https://x.com/jd', github_url: 'https://github.com/jd' };
    const noRoom = mergeClientInputs(
      valid({ customFields: full }),
      valid({ customFields: incoming }),
      'fillEmpty',
    );
    expect(noRoom.customFields).toEqual(full);
    const roomForOne = mergeClientInputs(
      valid({ customFields: full }),
      valid({ customFields: { x_url: 'https://x.com/jd', field_0: 'y' } }),
      'fillEmpty',
    );
    expect(roomForOne.customFields).toEqual({ ...full, x_url: 'https://x.com/jd' });
  });
});

describe('groupBatchByEmail', () => {
  it('merges items with the same email in request order and keeps their positions', () => {
    const groups = groupBatchByEmail([
      { index: 0, input: valid({ firstName: 'Jane', tags: ['a'] }) },
      { index: 1, input: valid({ email: 'john@example.com', firstName: 'John' }) },
      { index: 3, input: valid({ firstName: 'Janet', tags: ['b'] }) },
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ indexes: [0, 3], input: { firstName: 'Janet', tags: ['a', 'b'] } });
    expect(groups[1]).toMatchObject({ indexes: [1], input: { firstName: 'John' } });
  });
});
