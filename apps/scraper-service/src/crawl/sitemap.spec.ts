import { expectLinearTime } from '@coldreach/testing';
import { maxSitemapUrls, parseSitemap, sitemapCandidates, SitemapError } from './sitemap';

const urlset = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>
      https://example.com/team?a=1&amp;b=2
    </loc>
    <lastmod>2024-05-01</lastmod>
    <image:image><image:loc>https://example.com/photo.jpg</image:loc></image:image>
  </url>
  <url><loc><![CDATA[https://example.com/contact?x=<1>]]></loc></url>
  <url><loc>https://example.com/caf&#233;</loc></url>
  <url><loc>   </loc></url>
  <loc>https://example.com/not-in-a-url-element</loc>
</urlset>`;

const index = `\uFEFF<?xml version="1.0"?>
<sm:sitemapindex xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sm:sitemap><sm:loc>https://example.com/sitemap-1.xml.gz</sm:loc></sm:sitemap>
  <SM:SITEMAP><SM:LOC>https://example.com/sitemap-2.xml</SM:LOC></SM:SITEMAP>
</sm:sitemapindex>`;

describe('sitemap parsing', () => {
  it.each([
    [
      'a urlset: <loc> of <url> only, entities and CDATA decoded, trimmed, empty ones skipped',
      urlset,
      {
        kind: 'urlset',
        urls: [
          'https://example.com/team?a=1&b=2',
          'https://example.com/contact?x=<1>',
          'https://example.com/café',
        ],
        truncated: false,
      },
    ],
    [
      'an index with a namespace prefix, any letter case and a BOM',
      index,
      {
        kind: 'index',
        urls: ['https://example.com/sitemap-1.xml.gz', 'https://example.com/sitemap-2.xml'],
        truncated: false,
      },
    ],
    ['an empty urlset', '<urlset/>', { kind: 'urlset', urls: [], truncated: false }],
    [
      'a text sitemap',
      '\n https://example.com/a \r\nnot a url\r\nftp://example.com/b\nhttp://example.com/c',
      { kind: 'urlset', urls: ['https://example.com/a', 'http://example.com/c'], truncated: false },
    ],
    ['an empty body (a text sitemap of nothing)', '', { kind: 'urlset', urls: [], truncated: false }],
  ])('%s', (_name, body, expected) => {
    expect(parseSitemap(body)).toEqual(expected);
  });

  it.each([
    [
      'an HTML page',
      '<!doctype html><html><body><a href="/x">x</a></body></html>',
      'not a sitemap: root element <html>',
    ],
    ['an RSS feed', '<?xml version="1.0"?><rss><channel/></rss>', 'not a sitemap: root element <rss>'],
    ['a declaration alone', '<?xml version="1.0"?>', 'not a sitemap: no root element'],
  ])('refuses %s', (_name, body, message) => {
    expect(() => parseSitemap(body)).toThrow(SitemapError);
    expect(() => parseSitemap(body)).toThrow(message);
  });

  it(`reads at most ${maxSitemapUrls} URLs and says it stopped`, () => {
    const entries = (count: number): string =>
      Array.from({ length: count }, (_, n) => `<url><loc>https://example.com/${n}</loc></url>`).join('');
    const full = parseSitemap(`<urlset>${entries(maxSitemapUrls)}</urlset>`);
    expect([full.urls.length, full.truncated]).toEqual([maxSitemapUrls, false]);
    const over = parseSitemap(`<urlset>${entries(maxSitemapUrls + 10)}</urlset>`);
    expect([over.urls.length, over.truncated, over.urls.at(-1)]).toEqual([
      maxSitemapUrls,
      true,
      `https://example.com/${maxSitemapUrls - 1}`,
    ]);
    const text = parseSitemap(
      Array.from({ length: maxSitemapUrls + 1 }, (_, n) => `https://example.com/${n}`).join('\n'),
    );
    expect([text.urls.length, text.truncated]).toEqual([maxSitemapUrls, true]);
  }, 60_000);

  it('stops at elements nested past any sitemap (each level costs the parser its depth), keeping what it found', () => {
    const body = `<urlset><url><loc>https://example.com/a</loc></url>${'<url>'.repeat(5_000)}</urlset>`;
    expect(parseSitemap(body)).toEqual({ kind: 'urlset', urls: ['https://example.com/a'], truncated: true });
  });

  it('parses in time linear in the body size, also when deeply nested', () => {
    const bodies = new Map<number, string>();
    const bodyOf = (n: number): string => {
      if (!bodies.has(n)) {
        bodies.set(
          n,
          `<urlset>${'<url><loc>https://example.com/&amp;x</loc></url>'.repeat(n)}${'<a>'.repeat(n)}</urlset>`,
        );
      }
      return bodies.get(n)!;
    };
    expectLinearTime((n) => parseSitemap(bodyOf(n)), 5_000);
  }, 60_000);
});

describe('where to look for sitemaps', () => {
  it.each([
    ['https://example.com', [], ['https://example.com/sitemap.xml']],
    ['https://example.com/', [], ['https://example.com/sitemap.xml']],
    [
      'https://example.com',
      ['https://example.com/a.xml', 'https://cdn.example.com/b.xml', 'https://example.com/a.xml'],
      ['https://example.com/a.xml', 'https://cdn.example.com/b.xml'],
    ],
  ])('%s with robots sitemaps %j', (origin, robotsSitemaps, expected) => {
    expect(sitemapCandidates(origin, robotsSitemaps)).toEqual(expected);
  });
});
