import { expectLinearTime } from '@coldreach/testing';
import { maxSimilarityKeyLength, similarityKey, trapMessage } from './similarity-key';

describe('similarity keys', () => {
  it.each([
    ['https://example.com/calendar/2024/05/01', 'example.com/calendar/{n}/{n}/{n}'],
    ['https://example.com/calendar/2031/12/09', 'example.com/calendar/{n}/{n}/{n}'],
    ['https://example.com/events/2024-05-01/', 'example.com/events/{n}-{n}-{n}/'],
    ['https://example.com:8080/page2.html', 'example.com:8080/page{n}.html'],
    ['https://example.com/u/3f2c1a9e-7b4d-4c2a-9f1e-0a1b2c3d4e5f/edit', 'example.com/u/{uuid}/edit'],
    ['https://example.com/commit/a1b2c3d', 'example.com/commit/{hex}'],
    ['https://example.com/s/Zx8aQ3mP0qL7vT2wR9', 'example.com/s/{id}'],
    ['https://example.com/team/jane-doe', 'example.com/team/jane-doe'],
    ['https://example.com/cafe/deadbeef', 'example.com/cafe/deadbeef'], // no digit: a word
    ['https://example.com/%E3%83%84/1', 'example.com/%E3%83%84/{n}'],
    ['https://example.com/cal?month=2024-05&day=3&month=x', 'example.com/cal?day&month'],
    ['https://example.com/list?filter_12=a&filter_7=b', 'example.com/list?filter_{n}'],
    ['https://example.com/?&', 'example.com/'],
  ])('%s → %s', (url, key) => {
    expect(similarityKey(url)).toBe(key);
  });

  it.each([
    ['https://example.com/jane', 'https://example.com/john'],
    ['https://example.com/a/1', 'https://example.com/a/1/b'],
    ['https://example.com/a/1', 'https://example.org/a/1'],
    ['https://example.com/%E3%83%84', 'https://example.com/%E3%81%82'],
    ['https://example.com/x?a=1', 'https://example.com/x?b=1'],
  ])('keeps %s and %s apart', (first, second) => {
    expect(similarityKey(first)).not.toBe(similarityKey(second));
  });

  it('keeps long keys short, stable and distinct', () => {
    const long = (tail: string): string => `https://example.com/${'segment/'.repeat(60)}${tail}`;
    const [a, again, b] = [similarityKey(long('a')), similarityKey(long('a')), similarityKey(long('b'))];
    expect(a.length).toBeLessThanOrEqual(maxSimilarityKeyLength);
    expect(a).toBe(again);
    expect(a).not.toBe(b);
    expect(a.startsWith('example.com/segment/segment/')).toBe(true);
  });

  it('takes time linear in the URL length', () => {
    const urls = new Map<number, string>();
    const urlOf = (n: number): string => {
      if (!urls.has(n))
        urls.set(n, `https://example.com/${'a1-2024-0a1b2c3d4e5f-'.repeat(n)}?${'k1=v&'.repeat(n)}`);
      return urls.get(n)!;
    };
    expectLinearTime((n) => similarityKey(urlOf(n)), 5_000);
  }, 60_000);
});

describe('the trap message', () => {
  it.each([
    ['example.com/calendar/{n}/{n}/{n}', 500, 'trap: over 500 URLs like /calendar/{n}/{n}/{n}'],
    ['example.com:8080/cal?day&month', 20, 'trap: over 20 URLs like /cal?day&month'],
  ])('%s over %s', (key, bound, message) => {
    expect(trapMessage(key, bound)).toBe(message);
  });
});
