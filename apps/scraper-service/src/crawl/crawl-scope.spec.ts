import { createCrawlScope, type CrawlScopeOptions } from './crawl-scope';

const seeds = ['https://Example.com/start?utm_source=mail', 'https://a.github.io/team/'];

describe('crawl scope', () => {
  it.each<[string, CrawlScopeOptions, string, boolean]>([
    ['same host', { seeds, scope: 'same-host' }, 'https://example.com/about', true],
    ['same host, other scheme and port', { seeds, scope: 'same-host' }, 'http://example.com:8080/', true],
    ['same host with www.', { seeds, scope: 'same-host' }, 'https://www.example.com/about', true],
    [
      'same host: a subdomain is another host',
      { seeds, scope: 'same-host' },
      'https://shop.example.com/',
      false,
    ],
    ['same host: the second seed', { seeds, scope: 'same-host' }, 'https://a.github.io/other', true],
    ['same host: another site', { seeds, scope: 'same-host' }, 'https://example.org/', false],
    ['same domain: a subdomain', { seeds, scope: 'same-domain' }, 'https://shop.example.com/', true],
    ['same domain: a private suffix splits', { seeds, scope: 'same-domain' }, 'https://b.github.io/', false],
    ['same domain: under the seed', { seeds, scope: 'same-domain' }, 'https://x.a.github.io/', true],
    [
      'same domain: a public suffix',
      { seeds: ['https://www.shop.co.uk/'], scope: 'same-domain' },
      'https://blog.shop.co.uk/',
      true,
    ],
    [
      'same domain: co.uk is no domain',
      { seeds: ['https://www.shop.co.uk/'], scope: 'same-domain' },
      'https://other.co.uk/',
      false,
    ],
    [
      'same domain: an IP is its own',
      { seeds: ['http://127.0.0.2:8080/'], scope: 'same-domain' },
      'http://127.0.0.2:8080/x',
      true,
    ],
    [
      'same domain: another IP',
      { seeds: ['http://127.0.0.2:8080/'], scope: 'same-domain' },
      'http://127.0.0.3:8080/x',
      false,
    ],
    [
      'listed: a listed domain',
      { seeds, scope: 'listed', domains: ['Example.org.', 'bücher.example'] },
      'https://example.org/',
      true,
    ],
    [
      'listed: its subdomain',
      { seeds, scope: 'listed', domains: ['example.org'] },
      'https://shop.example.org/',
      true,
    ],
    [
      'listed: a look-alike',
      { seeds, scope: 'listed', domains: ['example.org'] },
      'https://badexample.org/',
      false,
    ],
    [
      'listed: IDN written either way',
      { seeds, scope: 'listed', domains: ['bücher.example'] },
      'https://xn--bcher-kva.example/',
      true,
    ],
    [
      'listed: seed hosts are not listed',
      { seeds, scope: 'listed', domains: ['example.org'] },
      'https://example.com/about',
      false,
    ],
    [
      'a seed is always in scope',
      { seeds, scope: 'listed', domains: ['example.org'] },
      'https://example.com/start',
      true,
    ],
    [
      'a seed despite an exclude',
      { seeds, scope: 'same-host', exclude: ['/start'] },
      'https://example.com/start',
      true,
    ],
    [
      'include: a match',
      { seeds, scope: 'same-host', include: ['/blog/**', '/team/*'] },
      'https://example.com/blog/2024/post',
      true,
    ],
    [
      'include: no match',
      { seeds, scope: 'same-host', include: ['/blog/**'] },
      'https://example.com/shop/item',
      false,
    ],
    [
      'include: on the path only',
      { seeds, scope: 'same-host', include: ['/blog/*'] },
      'https://example.com/blog/x?y=/z',
      true,
    ],
    [
      'exclude wins over include',
      { seeds, scope: 'same-host', include: ['/blog/**'], exclude: ['/blog/drafts/**'] },
      'https://example.com/blog/drafts/x',
      false,
    ],
    ['exclude', { seeds, scope: 'same-host', exclude: ['**.pdf'] }, 'https://example.com/docs/a.pdf', false],
    [
      'globs see decoded-looking paths',
      { seeds, scope: 'same-host', include: ['/über/*'] },
      'https://example.com/%C3%BCber/x',
      true,
    ],
    ['not http', { seeds, scope: 'same-host' }, 'ftp://example.com/', false],
    ['not a URL', { seeds, scope: 'same-host' }, 'example.com/about', false],
  ])('%s: %s', (_name, options, url, inScope) => {
    const scope = createCrawlScope(options);
    expect(scope.inScope(url)).toBe(inScope);
    if (URL.canParse(url)) expect(scope.inScope(new URL(url))).toBe(inScope);
  });

  it.each<[string, CrawlScopeOptions, string]>([
    [
      'a seed that is not http(s)',
      { seeds: ['mailto:a@example.com'], scope: 'same-host' },
      'is not an http(s) URL',
    ],
    ['a listed scope without domains', { seeds, scope: 'listed' }, 'needs at least one domain'],
    [
      'a listed domain that is none',
      { seeds, scope: 'listed', domains: ['exa mple.com'] },
      'is not a domain',
    ],
  ])('refuses %s', (_name, options, message) => {
    expect(() => createCrawlScope(options)).toThrow(message);
  });
});
