import { CampaignStatus, TaskStatus, Weekday } from '@coldreach/contracts';
import { commaListPattern, enumName, enumNames, enumValue, enumValuesFromList } from './proto-values';

describe('REST names of proto enums', () => {
  it('lower-cases value names and leaves UNSPECIFIED out', () => {
    expect(enumNames(CampaignStatus)).toEqual(['draft', 'active', 'paused', 'completed']);
    expect(enumNames(Weekday)[0]).toBe('monday');
    expect(enumNames(TaskStatus)).toContain('cancelled');
  });

  it('maps both ways, with a visible name for a value a peer should not send', () => {
    expect(enumName(TaskStatus, TaskStatus.SENT)).toBe('sent');
    expect(enumName(TaskStatus, 99)).toBe('unspecified');
    expect(enumValue(TaskStatus, 'unknown')).toBe(TaskStatus.UNKNOWN);
    expect(() => enumValue(TaskStatus, 'bogus')).toThrow();
    expect(enumValuesFromList(TaskStatus, 'sent,failed,sent')).toEqual([TaskStatus.SENT, TaskStatus.FAILED]);
    expect(enumValuesFromList(TaskStatus, undefined)).toEqual([]);
  });

  it('builds a pattern for comma-separated lists', () => {
    const pattern = new RegExp(commaListPattern(['a', 'bc']));
    expect(['a', 'bc', 'a,bc', 'bc,a,a'].every((value) => pattern.test(value))).toBe(true);
    expect(['', 'a,', ',a', 'ab', 'a bc'].some((value) => pattern.test(value))).toBe(false);
  });
});
