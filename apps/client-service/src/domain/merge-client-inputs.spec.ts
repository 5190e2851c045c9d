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
