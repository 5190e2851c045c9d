import { retryAfterMs } from './retry-after';

describe('retryAfterMs', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');

  it.each([
    ['120', 120_000],
    ['0', 0],
    [' 5 ', 5_000],
    ['Wed, 21 Oct 2015 07:29:30 GMT', 90_000],
    ['Wednesday, 21-Oct-15 07:29:30 GMT', 90_000],
    ['Wed, 21 Oct 2015 07:00:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['12345678901', undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(retryAfterMs(value, now)).toBe(expected);
  });
});
