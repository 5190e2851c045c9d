import type { Lead } from './lead-filters';
import {
  createLeadBody,
  emptyLeadForm,
  formFromLead,
  parseCustomFields,
  parseTags,
  updateLeadBody,
} from './lead-form';

const lead: Lead = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  company: 'Analytical',
  title: '',
  phone: '',
  website: '',
  sourceUrl: 'https://example.com/team',
  collectedAt: null,
  verificationStatus: 'unverified',
  verification: null,
  tags: ['vip', 'uk'],
  customFields: { score: '10' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the lead form', () => {
  it('splits tags on commas and custom fields on lines', () => {
    expect(parseTags(' vip, uk ,, vip')).toEqual(['vip', 'uk']);
    expect(parseCustomFields('score: 10\n\n  note : a: b \nflag')).toEqual({
      score: '10',
      note: 'a: b',
      flag: '',
    });
  });

  it('creates with the email and what was filled in only', () => {
    expect(
      createLeadBody({
        ...emptyLeadForm,
        email: ' ada@example.com ',
        company: 'Acme',
        tags: 'a, b',
        customFields: 'x: 1',
      }),
    ).toEqual({ email: 'ada@example.com', company: 'Acme', tags: ['a', 'b'], customFields: { x: '1' } });
  });

  it('updates only what changed, a cleared field included, and nothing when nothing did', () => {
    const values = formFromLead(lead);
    expect(updateLeadBody(lead, values)).toBeNull();
    expect(updateLeadBody(lead, { ...values, company: '', tags: 'vip', title: 'Countess' })).toEqual({
      company: '',
      tags: ['vip'],
      title: 'Countess',
    });
    expect(updateLeadBody(lead, { ...values, customFields: '' })).toEqual({ customFields: {} });
  });
});
