import type { ClientFields } from './client';
import { changedFields } from './changed-fields';

const base: ClientFields = {
  firstName: 'Jane',
  lastName: 'Doe',
  company: 'Acme',
  title: 'CTO',
  phone: '',
  website: '',
  sourceUrl: '',
  collectedAt: new Date('2024-03-01T09:30:00.250Z'),
  verificationStatus: 'unverified',
  tags: ['vip', 'berlin'],
  customFields: { plan: 'pro' },
};

describe('changedFields', () => {
  it('is empty for equal values, even in new objects', () => {
    const copy: ClientFields = {
      ...base,
      collectedAt: new Date(base.collectedAt!.getTime()),
      tags: [...base.tags],
      customFields: { ...base.customFields },
    };
    expect(changedFields(base, copy)).toEqual([]);
  });

  it('names each changed field by its ClientInput path', () => {
    expect(
      changedFields(base, {
        ...base,
        firstName: 'Janet',
        collectedAt: null,
        verificationStatus: 'valid',
        customFields: { plan: 'pro', tier: 'gold' },
      }),
    ).toEqual(['first_name', 'collected_at', 'verification_status', 'custom_fields']);
  });

  it('sees order changes in tags and value changes in custom fields', () => {
    expect(changedFields(base, { ...base, tags: ['berlin', 'vip'] })).toEqual(['tags']);
    expect(changedFields(base, { ...base, customFields: { plan: 'free' } })).toEqual(['custom_fields']);
    expect(changedFields(base, { ...base, customFields: { other: 'pro' } })).toEqual(['custom_fields']);
  });
});
