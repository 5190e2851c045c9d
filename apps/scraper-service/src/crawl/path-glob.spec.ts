import { expectLinearTime } from '@coldreach/testing';
import { compilePathGlob } from './path-glob';

describe('path globs', () => {
  it.each([
    // [glob, path, matches]
    ['/about', '/about', true],
    ['/about', '/about/', false], // a glob matches the whole path
    ['/about', '/about-us', false],
    ['about', '/about', true], // a leading slash is implied
    ['/blog/*', '/blog/post', true],
    ['/blog/*', '/blog/', true],
    ['/blog/*', '/blog/2024/post', false], // `*` stays within a segment
    ['/blog/*/comments', '/blog/post/comments', true],
    ['/blog/*/comments', '/blog/a/b/comments', false],
    ['/*.pdf', '/file.pdf', true],
    ['/*.pdf', '/docs/file.pdf', false],
    ['/**/*.pdf', '/docs/a/file.pdf', true],
    ['/**/*.pdf', '/file.pdf', true], // `**` may be no segment
    ['**.pdf', '/docs/a/file.pdf', true],
    ['/blog/**', '/blog', true],
    ['/blog/**', '/blog/', true],
    ['/blog/**', '/blog/a/b/c', true],
    ['/blog/**', '/blogger', false],
    ['/a/**/b', '/a/b', true],
    ['/a/**/b', '/a/x/b', true],
    ['/a/**/b', '/a/x/y/b', true],
    ['/a/**/b', '/a//b', true],
    ['/a/**/b', '/axx/b', false],
    ['/a/**/b', '/a/xb', false],
    ['/a/**/b', '/a/x/y/bc', false],
    ['/a**z', '/a/b/z', true],
    ['/a*z', '/a/z', false],
    ['/**', '/anything/at/all', true],
    ['**', '/', true],
    ['/shop/*/product-*', '/shop/shoes/product-12', true],
    ['/shop/*/product-*', '/shop/shoes/item-12', false],
    ['/a/**/b/**/c', '/a/b/c', true],
    ['/a/**/b/**/c', '/a/1/b/2/3/c', true],
    ['/a/**/b/**/c', '/a/1/c', false],
  ])('%s on %s: %s', (glob, path, matches) => {
    expect(compilePathGlob(glob).matches(path)).toBe(matches);
  });

  it('can be called again and again with the same result', () => {
    const glob = compilePathGlob('/a/**/b');
    expect(['/a/b', '/a/c', '/a/x/b', '/a/c'].map((path) => glob.matches(path))).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('matches adversarial globs in time linear in the path length', () => {
    const glob = compilePathGlob('/**a**a**a**a**a**a**a**b');
    const segmentGlob = compilePathGlob('/*a*a*a*a*a*a*a*b');
    const paths = new Map<number, string>();
    const pathOf = (length: number): string => {
      if (!paths.has(length)) paths.set(length, `/${'a'.repeat(length)}`);
      return paths.get(length)!;
    };
    expectLinearTime((length) => {
      expect(glob.matches(pathOf(length))).toBe(false);
      expect(segmentGlob.matches(pathOf(length))).toBe(false);
    }, 20_000);
  }, 60_000);
});
