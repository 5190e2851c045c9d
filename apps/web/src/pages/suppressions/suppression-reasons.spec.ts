import {
  reasonFilterOf,
  reasonLabel,
  reasonWhy,
  removalNeedsForce,
  suppressionReasons,
} from './suppression-reasons';

describe('suppression reasons', () => {
  it('covers the reasons the API answers', () => {
    expect([...suppressionReasons].sort()).toEqual(['complaint', 'hard_bounce', 'manual', 'unsubscribe']);
  });

  it.each([
    ['unsubscribe', true],
    ['complaint', true],
    ['hard_bounce', false],
    ['manual', false],
  ] as const)('removing a %s entry needs force: %s (the recipient asked)', (reason, expected) => {
    expect(removalNeedsForce(reason)).toBe(expected);
  });

  it('says why in words', () => {
    expect(reasonLabel('hard_bounce')).toBe('Hard bounce');
    expect(reasonWhy('unsubscribe')).toBe('the recipient unsubscribed');
  });

  it.each([
    ['manual', 'manual'],
    ['MANUAL', undefined],
    ['spam', undefined],
    [null, undefined],
  ])('reads ?reason=%s as %s', (value, expected) => {
    expect(reasonFilterOf(value)).toBe(expected);
  });
});
