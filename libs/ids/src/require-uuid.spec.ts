import { DomainError } from '@coldreach/errors';
import { requireUuid, requireUuids } from './require-uuid';

const upper = '0B7D0A8E-4A55-4C61-9D0E-0C1F1F6B1A01';
const lower = upper.toLowerCase();

function thrown(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('requireUuid', () => {
  it('returns the id in lower case', () => {
    expect(requireUuid(upper, 'id')).toBe(lower);
  });

  it.each(['', 'not-a-uuid', `${lower} `, `{${lower}}`, lower.replace(/-/g, '')])(
    'refuses %j as INVALID_ARGUMENT naming the field',
    (value) => {
      const error = thrown(() => requireUuid(value, 'campaign_id'));
      expect(error.code).toBe('invalid_argument');
      expect(error.violations).toEqual([{ field: 'campaign_id', message: 'must be a UUID' }]);
      expect(error.message).toBe('campaign_id: must be a UUID');
    },
  );
});

describe('requireUuids', () => {
  it('returns every id in lower case under its own key', () => {
    expect(requireUuids({ workspace_id: upper, id: lower })).toEqual({ workspace_id: lower, id: lower });
  });

  it('names every key whose value is not a UUID, in the order given', () => {
    const error = thrown(() => requireUuids({ workspace_id: 'x', id: lower, lead_id: '' }));
    expect(error.code).toBe('invalid_argument');
    expect(error.violations).toEqual([
      { field: 'workspace_id', message: 'must be a UUID' },
      { field: 'lead_id', message: 'must be a UUID' },
    ]);
  });
});
