import { expectLinearTime } from '@coldreach/testing';
import { normalisePercentEncoding } from './percent-encoding';

describe('one percent-encoding spelling', () => {
  it.each([
    ['/plain/path?a=1&b=2', '/plain/path?a=1&b=2'],
    ['/%7euser', '/~user'], // unreserved characters are decoded
    ['/%41%5a%61%7a%30%39%2D%2E%5F%7E', '/AZaz09-._~'],
    ['/a%2fb', '/a%2Fb'], // reserved ones keep their escape, in upper case
    ['/a%3a%40%25', '/a%3A%40%25'],
    ['/%e3%83%84', '/%E3%83%84'],
    ['/ツ', '/%E3%83%84'], // non-ASCII as UTF-8 octets
    ['/é😀', '/%C3%A9%F0%9F%98%80'],
    ['/\uD800x', '/%EF%BF%BDx'], // a lone surrogate is U+FFFD
    ['/a b"<>\\^`{|}', '/a%20b%22%3C%3E%5C%5E%60%7B%7C%7D'],
    ["/*$!&'()+,;=:@[]", "/*$!&'()+,;=:@[]"],
    ['/100%', '/100%'], // a stray % stays
    ['/%zz%4', '/%zz%4'],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(normalisePercentEncoding(text)).toBe(expected);
  });

  it('returns an already normal string itself', () => {
    const text = '/already/normal?x=1';
    expect(normalisePercentEncoding(text)).toBe(text);
  });

  it('takes time linear in the input', () => {
    const inputs = new Map<number, string>();
    const inputOf = (n: number): string => {
      if (!inputs.has(n)) inputs.set(n, '/%7e%2fé'.repeat(n));
      return inputs.get(n)!;
    };
    expectLinearTime((n) => normalisePercentEncoding(inputOf(n)), 20_000);
  }, 60_000);
});
