import { judgeContentType, mediaTypeOf, type PageKind } from './page-content-types';

describe('judgeContentType', () => {
  it.each<[PageKind, string | undefined, string, string | boolean]>([
    ['html', 'text/html', '/', false],
    ['html', 'Text/HTML; charset=ISO-8859-1', '/', false],
    ['html', 'application/xhtml+xml', '/', false],
    ['html', undefined, '/', false],
    ['html', 'image/png', '/logo', 'not HTML: image/png'],
    ['html', 'application/pdf; name=x', '/a.pdf', 'not HTML: application/pdf'],
    ['html', 'text/plain', '/', 'not HTML: text/plain'],
    ['html', 'application/xml', '/', 'not HTML: application/xml'],
    ['robots', 'text/plain; charset=utf-8', '/robots.txt', false],
    ['robots', undefined, '/robots.txt', false],
    ['robots', 'text/html', '/robots.txt', 'not text: text/html'],
    ['sitemap', 'application/xml', '/sitemap.xml', false],
    ['sitemap', 'text/xml; charset=utf-8', '/sitemap.xml', false],
    ['sitemap', 'application/rss+xml', '/feed', false],
    ['sitemap', 'text/plain', '/sitemap.txt', false],
    ['sitemap', 'application/x-gzip', '/sitemap.xml.gz', true],
    ['sitemap', 'application/gzip', '/sitemap', true],
    ['sitemap', 'application/octet-stream', '/sitemap.xml.gz', true],
    ['sitemap', 'application/octet-stream', '/sitemap', 'not a sitemap: application/octet-stream'],
    ['sitemap', 'text/html', '/sitemap.xml', 'not a sitemap: text/html'],
  ])('%s with %j at %s → %j', (kind, contentType, path, expected) => {
    const verdict = judgeContentType(kind, contentType, path);
    if (typeof expected === 'boolean') expect(verdict).toMatchObject({ ok: true, gzipFile: expected });
    else expect(verdict).toMatchObject({ ok: false, reason: expected });
  });

  it('shows a hostile type short and without control characters', () => {
    const verdict = judgeContentType('html', `image/${'x'.repeat(500)}\u0007\u202e`, '/');
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.reason.length).toBeLessThanOrEqual('not HTML: '.length + 80);
    expect(verdict.reason).not.toMatch(/[\p{Cc}\u202e]/u);
  });

  it('reads the media type alone, lower-cased', () => {
    expect(mediaTypeOf(' TEXT/Html ;charset=utf-8')).toBe('text/html');
    expect(mediaTypeOf(undefined)).toBe('');
  });
});
