import { compileRobotsPattern } from './robots-pattern';

describe('robots.txt path patterns', () => {
  it.each([
    // [pattern, path, matches]
    ['/', '/anything', true],
    ['/a', '/a', true],
    ['/a', '/abc', true], // a prefix
    ['/a', '/', false],
    ['/a$', '/a', true],
    ['/a$', '/ab', false],
    ['/a$', '/a?x', false],
    ['*', '/', true],
    ['*$', '/x', true],
    ['/*', '/', true],
    ['/*x', '/', false],
    ['/a*b', '/ab', true],
    ['/a*b', '/a/x/b/y', true],
    ['/a*b$', '/a/x/b/y', false],
    ['/a*b$', '/a/b/y/b', true],
    ['/a*ab$', '/ab', false], // pieces may not overlap
    ['/a*ab$', '/aab', true],
    ['/a*b*c', '/acb', false], // pieces keep their order
    ['/a*b*c', '/abc', true],
    ['/a*b*', '/ba', false],
    ['/$x$', '/$x', true], // only the last `$` anchors
    ['/$x$', '/$xy', false],
  ])('%s on %s: %s', (pattern, path, matches) => {
    expect(compileRobotsPattern(pattern).matches(path)).toBe(matches);
  });

  it('reports the pattern length, which ranks rules', () => {
    expect(['/', '/a*b', '/a*b$'].map((pattern) => compileRobotsPattern(pattern).length)).toEqual([1, 4, 5]);
  });
});
