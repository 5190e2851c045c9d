import { DomainError } from '@coldreach/errors';
import { parseUpdateMask } from './update-mask';

function violationsOf(paths: string[]) {
  try {
    parseUpdateMask(paths);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_argument');
    return (error as DomainError).violations;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('parseUpdateMask', () => {
  it('returns the named fields once each', () => {
    expect(parseUpdateMask(['first_name', 'tags', 'first_name', 'custom_fields'])).toEqual([
      'first_name',
      'tags',
      'custom_fields',
    ]);
  });

  it('refuses an empty mask', () => {
    expect(violationsOf([])).toEqual([
      { field: 'update_mask', message: expect.stringContaining('at least one') },
    ]);
  });

  it('refuses the email and unknown paths, naming each', () => {
    const violations = violationsOf(['email', 'company', 'firstName', 'id']);
    expect(violations.map((v) => v.field)).toEqual([
      'update_mask.paths[0]',
      'update_mask.paths[2]',
      'update_mask.paths[3]',
    ]);
    expect(violations[0]?.message).toContain('"email"');
    expect(violations[1]?.message).toContain('"firstName"');
    expect(violations[2]?.message).toContain('"id"');
  });
});
