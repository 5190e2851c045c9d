import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startFetchTestBed, writeForever, type FetchTestBed } from './test/fetch-test-bed';
import type { PageFetcher } from './page-fetcher';

describe('createPageFetcher: responses', () => {
  let bed: FetchTestBed;
  let fetcher: PageFetcher;
  const page = '<html><head><title>Team</title></head><body><p>jane@acme.example</p></body></html>';

  beforeAll(async () => {
    bed = await startFetchTestBed();
    fetcher = bed.fetcher();
    bed.route('/', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page),
    );
    const encoded = { gzip: gzipSync(page), deflate: deflateSync(page), br: brotliCompressSync(page) };
    for (const [encoding, body] of Object.entries(encoded)) {
      bed.route(`/${encoding}`, (_req, res) =>
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': encoding }).end(body),
      );
    }
    const latin1 = Buffer.concat([Buffer.from('<p>caf'), Buffer.from([0xe9]), Buffer.from('</p>')]);
    bed.route('/latin1-header', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html; charset=ISO-8859-1' }).end(latin1),
    );
    bed.route('/latin1-meta', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(Buffer.concat([Buffer.from('<meta charset=latin1>'), latin1])),
    );
    bed.route('/xhtml', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/xhtml+xml' }).end(page),
    );
    bed.route('/logo.png', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      // Far more than socket buffers hold: the response can only finish if someone reads it.
      writeForever(res, Buffer.alloc(64 * 1024, 0x89));
    });
    bed.route('/robots.txt', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private\n'),
    );
    const sitemap =
      '<?xml version="1.0" encoding="UTF-8"?><urlset><url><loc>http://site.test/a</loc></url></urlset>';
    bed.route('/sitemap.xml.gz', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/x-gzip' }).end(gzipSync(sitemap)),
    );
    bed.route('/encoded-sitemap.xml.gz', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/x-gzip', 'content-encoding': 'gzip' })
        .end(gzipSync(sitemap)),
    );
    for (const status of [404, 500, 410]) {
      bed.route(`/${status}`, (_req, res) =>
        res.writeHead(status, { 'content-type': 'text/html' }).end('<p>secret error body</p>'),
      );
    }
    bed.route('/429', (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end());
    bed.route('/503', (_req, res) =>
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() }).end(),
    );
    bed.route('/503-without', (_req, res) => res.writeHead(503).end());
  });
  afterAll(() => bed.close());

  it('fetches a page by name, sending its user agent and the Host it was asked for', async () => {
    const before = bed.requests.length;
    const result = await fetcher.fetchPage(bed.url('/#top'), { accept: 'html' });
    expect(result).toEqual({
      ok: true,
      url: bed.url('/#top'),
      finalUrl: bed.url('/'),
      status: 200,
      contentType: 'text/html',
      body: page,
      bytes: Buffer.byteLength(page),
      redirects: [],
    });
    expect(bed.requests.slice(before)).toEqual([
      {
        host: `site.test:${bed.port}`,
        path: '/',
        userAgent: 'ColdReachBot/0.1 (+https://example.org/bot)',
        acceptEncoding: 'gzip, deflate, br',
      },
    ]);
  });

  it.each(['gzip', 'deflate', 'br'])(
    'decodes a %s body and counts the bytes after decoding',
    async (encoding) => {
      const result = await fetcher.fetchPage(bed.url(`/${encoding}`), { accept: 'html' });
      expect(result).toMatchObject({ ok: true, body: page, bytes: Buffer.byteLength(page) });
    },
  );

  it('reads the charset from the header or from <meta>', async () => {
    await expect(fetcher.fetchPage(bed.url('/latin1-header'), { accept: 'html' })).resolves.toMatchObject({
      body: '<p>café</p>',
    });
    const viaMeta = await fetcher.fetchPage(bed.url('/latin1-meta'), { accept: 'html' });
    expect(viaMeta.ok && viaMeta.body).toBe('<meta charset=latin1><p>café</p>');
  });

  it('takes XHTML as HTML, and skips other types by their headers without reading the body', async () => {
    await expect(fetcher.fetchPage(bed.url('/xhtml'), { accept: 'html' })).resolves.toMatchObject({
      ok: true,
    });
    const index = bed.requests.length;
    const result = await fetcher.fetchPage(bed.url('/logo.png'), { accept: 'html' });
    expect(result).toEqual({
      ok: false,
      url: bed.url('/logo.png'),
      reason: 'not HTML: image/png',
      status: 200,
      skipped: true,
    });
    await expect(bed.responseFinished(index)).resolves.toBe(false);
  });

  it('fetches robots.txt as text and a gzipped sitemap as XML, once decoded however it was served', async () => {
    await expect(fetcher.fetchPage(bed.url('/robots.txt'), { accept: 'robots' })).resolves.toMatchObject({
      ok: true,
      body: 'User-agent: *\nDisallow: /private\n',
    });
    for (const path of ['/sitemap.xml.gz', '/encoded-sitemap.xml.gz']) {
      const result = await fetcher.fetchPage(bed.url(path), { accept: 'sitemap' });
      expect(result.ok && result.body).toContain('<loc>http://site.test/a</loc>');
    }
    await expect(fetcher.fetchPage(bed.url('/robots.txt'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'not HTML: text/plain',
    });
  });

  it.each([404, 500, 410])('fails on HTTP %d with the status, never the body', async (status) => {
    const result = await fetcher.fetchPage(bed.url(`/${status}`), { accept: 'html' });
    expect(result).toEqual({ ok: false, url: bed.url(`/${status}`), reason: `HTTP ${status}`, status });
  });

  it('hands over Retry-After of a 429 (seconds) and a 503 (HTTP date) as milliseconds', async () => {
    await expect(fetcher.fetchPage(bed.url('/429'), { accept: 'html' })).resolves.toEqual({
      ok: false,
      url: bed.url('/429'),
      reason: 'HTTP 429',
      status: 429,
      retryAfterMs: 120_000,
    });
    const unavailable = await fetcher.fetchPage(bed.url('/503'), { accept: 'html' });
    expect(unavailable).toMatchObject({ reason: 'HTTP 503', status: 503 });
    const wait = unavailable.ok ? undefined : unavailable.retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(90_000);
    const without = await fetcher.fetchPage(bed.url('/503-without'), { accept: 'html' });
    expect(without).not.toHaveProperty('retryAfterMs');
  });

  it('says DNS and the code when a name does not resolve', async () => {
    await expect(fetcher.fetchPage(bed.url('/', 'nowhere.test'), { accept: 'html' })).resolves.toEqual({
      ok: false,
      url: bed.url('/', 'nowhere.test'),
      reason: 'DNS: ENOTFOUND',
    });
  });
});
