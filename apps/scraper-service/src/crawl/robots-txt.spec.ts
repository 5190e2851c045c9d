import { expectLinearTime } from '@coldreach/testing';
import { parseRobotsTxt, robotsTxtMaxChars } from './robots-txt';

const us = 'ColdReachBot';

// A file with a group for everyone, two groups naming us (merged) and global Sitemap lines.
const site = [
  'Sitemap: https://example.com/sitemap.xml',
  'User-agent: *',
  'Disallow: /private',
  'Allow: /private/public',
  'Disallow: /*.pdf$',
  'Disallow: /search?',
  'Crawl-delay: 3',
  '',
  'User-agent: OtherBot',
  'User-agent: ColdReachBot',
  'Disallow: /no-bots',
  'Allow: /no-bots/ok',
  'Crawl-delay: 2',
  '',
  'User-agent: coldreachbot/2.1 (+https://coldreach.example/bot)',
  'Disallow: /also-merged',
  'Crawl-delay: 5',
  'Sitemap: https://example.com/news-sitemap.xml',
  'Sitemap: https://example.com/sitemap.xml',
  'Sitemap: /relative.xml',
  'Sitemap: ftp://example.com/sitemap.xml',
].join('\n');

describe('robots.txt groups', () => {
  it.each([
    // [agent, path, allowed]
    [us, '/private', true], // the * group does not apply to us
    [us, '/no-bots', false],
    [us, '/no-bots/page', false],
    [us, '/no-bots/ok', true],
    [us, '/also-merged', false], // a second group for the same agent is merged
    ['OtherBot', '/no-bots', false], // consecutive User-agent lines share a group
    ['OtherBot', '/also-merged', true],
    ['SomeBot', '/private', false],
    ['SomeBot', '/private/public', true],
    ['SomeBot', '/file.pdf', false],
    ['SomeBot', '/file.pdf?download=1', true],
    ['SomeBot', '/search?q=1', false],
    ['SomeBot', '/search', true],
    ['SomeBot', '/robots.txt', true],
  ])('%s may fetch %s: %s', (agent, path, allowed) => {
    expect(parseRobotsTxt(site, agent).isAllowed(path)).toBe(allowed);
  });

  it.each([
    [us, 5], // the largest of the merged groups' delays
    ['OtherBot', 2],
    ['SomeBot', 3],
  ])('Crawl-delay for %s is %s', (agent, seconds) => {
    expect(parseRobotsTxt(site, agent).crawlDelaySeconds).toBe(seconds);
  });

  it('lists the absolute http(s) Sitemap lines once each, wherever they are', () => {
    expect(parseRobotsTxt(site, us).sitemaps).toEqual([
      'https://example.com/sitemap.xml',
      'https://example.com/news-sitemap.xml',
    ]);
  });

  it.each([
    ['no groups at all', 'Disallow: /\nSitemap: https://example.com/s.xml', '/x', true],
    ['only other agents', 'User-agent: OtherBot\nDisallow: /', '/x', true],
    [
      'a group naming us without rules overrides *',
      'User-agent: *\nDisallow: /\n\nUser-agent: ColdReachBot',
      '/x',
      true,
    ],
    ['a longer token is another agent', 'User-agent: ColdReachBot-News\nDisallow: /', '/x', true],
    ['agent names are case-insensitive', 'User-agent: COLDREACHBOT\nDisallow: /', '/x', false],
    [
      'Crawl-delay ends the agent lines',
      'User-agent: ColdReachBot\nCrawl-delay: 10\nUser-agent: *\nDisallow: /x',
      '/x',
      true,
    ],
    [
      'unknown lines do not end them',
      'User-agent: OtherBot\nFoo: bar\nUser-agent: ColdReachBot\nDisallow: /x',
      '/x',
      false,
    ],
    ['misspelt directives as Google reads them', 'useragent: *\ndisalow: /x', '/x', false],
  ])('%s', (_name, text, path, allowed) => {
    expect(parseRobotsTxt(text, us).isAllowed(path)).toBe(allowed);
  });

  it.each([
    ['User-agent: ColdReachBot\nCrawl-delay: 10\nUser-agent: *\nDisallow: /x', 10],
    ['User-agent: *\nCrawl-delay: 0.5', 0.5],
    ['User-agent: *\nCrawl-delay: abc', undefined],
    ['User-agent: *\nCrawl-delay: 0x10', undefined],
    ['User-agent: *\nCrawl-delay: -1', undefined],
    ['User-agent: OtherBot\nCrawl-delay: 7', undefined],
  ])('Crawl-delay of %j is %s', (text, seconds) => {
    expect(parseRobotsTxt(text, us).crawlDelaySeconds).toBe(seconds);
  });

  it('refuses a product token that has no letters', () => {
    expect(() => parseRobotsTxt('', '1.0')).toThrow('not a product token');
  });
});

// Rules of one `*` group: [rules, path, allowed]. Google's documented examples and RFC 9309's.
const matching: [string, string, boolean][] = [
  ['Disallow: /fish', '/fish', false],
  ['Disallow: /fish', '/fish.html', false],
  ['Disallow: /fish', '/fish/salmon.html', false],
  ['Disallow: /fish', '/fishheads', false],
  ['Disallow: /fish', '/fish.php?id=anything', false],
  ['Disallow: /fish', '/Fish.asp', true],
  ['Disallow: /fish', '/catfish', true],
  ['Disallow: /fish', '/?id=fish', true],
  ['Disallow: /fish*', '/fishheads', false],
  ['Disallow: /fish/', '/fish', true],
  ['Disallow: /fish/', '/fish/?id=x', false],
  ['Disallow: /*.php', '/folder/any.php.file.html', false],
  ['Disallow: /*.php', '/windows.PHP', true],
  ['Disallow: /*.php$', '/folder/filename.php', false],
  ['Disallow: /*.php$', '/filename.php?parameters', true],
  ['Disallow: /*.php$', '/filename.php5', true],
  ['Disallow: /fish*.php', '/fishheads/catfish.php?parameters', false],
  ['Disallow: /fish*.php', '/Fish.PHP', true],
  ['Disallow: /a$b', '/a$b', false], // `$` only anchors at the end
  ['Disallow: /a$b', '/a', true],
  ['Disallow: /*a*a*a*a*a*b', '/xaxaxaxaxab', false],
  ['Disallow: /*a*a*a*a*a*b', '/xaxaxaxab', true],
  ['Disallow: tmp', '/tmp/x', false], // a pattern without its leading slash
  ['Disallow: ***/x', '/a/x', false],
  // Longest match wins, Allow wins a tie.
  ['Allow: /p\nDisallow: /', '/page', true],
  ['Allow: /p\nDisallow: /', '/q', false],
  ['Allow: /page\nDisallow: /page', '/page', true],
  ['Disallow: /page\nAllow: /page', '/page', true],
  ['Allow: /$\nDisallow: /', '/', true],
  ['Allow: /$\nDisallow: /', '/page', false],
  ['Allow: /folder\nDisallow: /folder/', '/folder/page', false],
  ['Disallow: /*.html\nAllow: /page', '/page.html', false],
  // Empty rules, /robots.txt and the query.
  ['Disallow:', '/anything', true],
  ['Disallow: /\nAllow:', '/anything', false],
  ['Disallow: /', '/robots.txt', true],
  ['Disallow: /', '', false], // an empty path is `/`
  ['Disallow: /*?sort=', '/list?page=2&sort=asc', true],
  ['Disallow: /*sort=', '/list?page=2&sort=asc', false],
  // Percent-encoding is compared in one spelling (RFC 9309 §2.2.2).
  ['Disallow: /~user', '/%7Euser/notes', false],
  ['Disallow: /~user', '/%7euser/notes', false],
  ['Disallow: /%7Euser', '/~user/notes', false],
  ['Disallow: /foo/bar/%62%61%7A', '/foo/bar/baz', false],
  ['Disallow: /foo/bar/ツ', '/foo/bar/%E3%83%84', false],
  ['Disallow: /foo/bar/%e3%83%84', '/foo/bar/ツ', false],
  ['Disallow: /a%2fb', '/a%2Fb', false],
  ['Disallow: /a%2Fb', '/a/b', true], // an encoded slash is not a separator
  ['Disallow: /a/', '/a%2Fb', true],
  // Comments, CR line ends, a BOM, unknown lines.
  ['Disallow: /x # not part of the path', '/x', false],
  ['Disallow: /a#b', '/a', false],
  ['# Disallow: /x', '/x', true],
  ['Disallow: /x\r\nDisallow: /y\rDisallow: /z', '/z', false],
  ['Crawl-delay: 1\nNoindex: /x\nDisallow: /y', '/y', false],
  ['Disallow /x', '/x', true], // no colon: not a rule
];

describe('robots.txt rules', () => {
  it.each(matching)('%j on %j allows: %s', (rules, path, allowed) => {
    expect(parseRobotsTxt(`\uFEFFUser-agent: *\r\n${rules}\n`, us).isAllowed(path)).toBe(allowed);
  });

  it('ignores rules before the first User-agent line', () => {
    expect(parseRobotsTxt('Disallow: /x\nUser-agent: *\nDisallow: /y', us).isAllowed('/x')).toBe(true);
  });

  it(`reads only the first ${robotsTxtMaxChars} characters`, () => {
    const text = `User-agent: *\nDisallow: /a\n#${'x'.repeat(robotsTxtMaxChars)}\nDisallow: /b\n`;
    const rules = parseRobotsTxt(text, us);
    expect([rules.isAllowed('/a'), rules.isAllowed('/b')]).toEqual([false, true]);
  });

  it('cuts an overlong line instead of dropping it (the rule stays, shortened)', () => {
    const pattern = `/${'a'.repeat(40_000)}`;
    const rules = parseRobotsTxt(`User-agent: *\nDisallow: ${pattern}\n`, us);
    expect(rules.isAllowed(`/${'a'.repeat(20_000)}`)).toBe(false);
    expect(rules.isAllowed('/a')).toBe(true);
  });
});

describe('robots.txt on adversarial input', () => {
  const texts = new Map<number, string>();
  const paths = new Map<number, string>();
  const textOf = (lines: number): string => {
    if (!texts.has(lines)) {
      const rule = `Disallow: /*a*a*a*a*a*b\nAllow: /${'*'.repeat(200)}x$\n`;
      texts.set(lines, `User-agent: *\n${rule.repeat(lines)}`);
    }
    return texts.get(lines)!;
  };
  const pathOf = (length: number): string => {
    if (!paths.has(length)) paths.set(length, `/${'a'.repeat(length)}`);
    return paths.get(length)!;
  };

  it('parses in time linear in the file size', () => {
    expectLinearTime((lines) => parseRobotsTxt(textOf(lines), us), 2_000);
  }, 60_000);

  it('matches wildcard rules in time linear in the path length', () => {
    const rules = parseRobotsTxt(
      'User-agent: *\nDisallow: /*a*a*a*a*a*b\nDisallow: /*aaaaaaaaaaaaaaaab$\n',
      us,
    );
    expectLinearTime((length) => expect(rules.isAllowed(pathOf(length))).toBe(true), 200_000);
  }, 60_000);
});
