import { expectLinearTime } from '@coldreach/testing';
import { defaultUrlBounds, repeatsSegments, urlTrapReason } from './url-traps';

describe('URLs that are traps by themselves', () => {
  it.each([
    ['https://example.com/a/b/a/b/a/b', true],
    ['https://example.com/x/x/x', true],
    ['https://example.com/top/a/b/c/a/b/c/a/b/c/end', true],
    ['https://example.com//a//a//a', true], // empty segments do not hide a repeat
    ['https://example.com/a/b/a/b', false], // twice is a normal path
    ['https://example.com/a/a', false],
    ['https://example.com/2024/05/05/post', false],
    ['https://example.com/a/b/c/a/b/d/a/b', false],
    ['https://example.com/', false],
  ])('%s repeats its segments: %s', (url, repeats) => {
    expect(repeatsSegments(url)).toBe(repeats);
  });

  it.each([
    ['https://example.com/team/jane', undefined],
    [`https://example.com/${'x'.repeat(2048)}`, 'trap: URL longer than 2048 characters'],
    [`https://example.com/${'a/'.repeat(33)}`, 'trap: path deeper than 32 segments'],
    [`https://example.com/${'a/'.repeat(32)}`, 'trap: path repeats the same segments three times'],
    [`https://example.com/${Array.from({ length: 32 }, (_, n) => `s${n}`).join('/')}`, undefined],
    ['https://example.com/p/q/p/q/p/q', 'trap: path repeats the same segments three times'],
  ])('%s: %s', (url, reason) => {
    expect(urlTrapReason(url)).toBe(reason);
  });

  it('takes other bounds', () => {
    const bounds = { ...defaultUrlBounds, maxPathSegments: 2 };
    expect(urlTrapReason('https://example.com/a/b/c', bounds)).toBe('trap: path deeper than 2 segments');
    expect(urlTrapReason(new URL('https://example.com/a/b'), bounds)).toBeUndefined();
  });

  it('takes time linear in the number of segments (only the first 100 are searched for repeats)', () => {
    const urls = new Map<number, string>();
    const urlOf = (n: number): string => {
      if (!urls.has(n))
        urls.set(n, `https://example.com/${Array.from({ length: n }, (_, i) => `s${i}`).join('/')}`);
      return urls.get(n)!;
    };
    expectLinearTime((n) => expect(repeatsSegments(urlOf(n))).toBe(false), 20_000);
  }, 60_000);
});
