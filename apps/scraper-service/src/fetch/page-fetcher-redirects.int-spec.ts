import type { ServerResponse } from 'node:http';
import { startFetchTestBed, type FetchTestBed } from './test/fetch-test-bed';
import type { PageFetcher } from './page-fetcher';

describe('createPageFetcher: redirects', () => {
  let bed: FetchTestBed;
  let fetcher: PageFetcher;
  const redirect = (res: ServerResponse, location: string, status = 302) =>
    res.writeHead(status, { location, 'content-type': 'text/html' }).end('<a>moved</a>');

  beforeAll(async () => {
    bed = await startFetchTestBed();
    fetcher = bed.fetcher();
    // /hop/N redirects N times before the page: relative, absolute and by each redirect status.
    const statuses = [301, 302, 303, 307, 308];
    bed.route('/hop/0', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>arrived</p>'),
    );
    for (let n = 1; n <= 7; n++) {
      bed.route(`/hop/${n}`, (_req, res) =>
        redirect(res, n % 2 ? `/hop/${n - 1}` : bed.url(`/hop/${n - 1}`), statuses[n % statuses.length]),
      );
    }
    bed.route('/loop-a', (_req, res) => redirect(res, '/loop-b'));
    bed.route('/loop-b', (_req, res) => redirect(res, '/loop-a#again'));
    bed.route('/self', (_req, res) => redirect(res, '/self'));
    bed.route('/to-image', (_req, res) => redirect(res, '/image'));
    bed.route('/image', (_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end('jpeg'));
    bed.route('/to-missing', (_req, res) => redirect(res, '/nothing-here'));
    bed.route('/bad-location', (_req, res) => redirect(res, 'http://[::1'));
    bed.route('/no-location', (_req, res) => res.writeHead(302).end());
    bed.route('/to-credentials', (_req, res) =>
      redirect(res, bed.url('/hop/0').replace('//', '//admin:pw@')),
    );
    bed.route('/to-ssh', (_req, res) => redirect(res, 'http://site.test:22/'));
    bed.route('/to-file', (_req, res) => redirect(res, 'file:///etc/passwd'));
  });
  afterAll(() => bed.close());

  it('follows five redirects, relative and absolute, and reports the chain and the final URL', async () => {
    const result = await fetcher.fetchPage(bed.url('/hop/5'), { accept: 'html' });
    expect(result).toMatchObject({
      ok: true,
      url: bed.url('/hop/5'),
      finalUrl: bed.url('/hop/0'),
      body: '<p>arrived</p>',
    });
    expect(result.ok && result.redirects).toEqual([
      { from: bed.url('/hop/5'), status: 301, to: bed.url('/hop/4') },
      { from: bed.url('/hop/4'), status: 308, to: bed.url('/hop/3') },
      { from: bed.url('/hop/3'), status: 307, to: bed.url('/hop/2') },
      { from: bed.url('/hop/2'), status: 303, to: bed.url('/hop/1') },
      { from: bed.url('/hop/1'), status: 302, to: bed.url('/hop/0') },
    ]);
  });

  it('stops at the sixth redirect without requesting its target', async () => {
    const before = bed.requests.length;
    const result = await fetcher.fetchPage(bed.url('/hop/7'), { accept: 'html' });
    expect(result).toEqual({
      ok: false,
      url: bed.url('/hop/7'),
      finalUrl: bed.url('/hop/2'),
      reason: 'too many redirects (5)',
    });
    expect(bed.requests.slice(before).map((request) => request.path)).toEqual(
      [7, 6, 5, 4, 3, 2].map((n) => `/hop/${n}`),
    );
  });

  it('honours a smaller limit', async () => {
    const strict = bed.fetcher({ maxRedirects: 1 });
    await expect(strict.fetchPage(bed.url('/hop/1'), { accept: 'html' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(strict.fetchPage(bed.url('/hop/2'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'too many redirects (1)',
    });
  });

  it('notices a loop (fragments aside) before the limit', async () => {
    const before = bed.requests.length;
    await expect(fetcher.fetchPage(bed.url('/loop-a'), { accept: 'html' })).resolves.toMatchObject({
      ok: false,
      finalUrl: bed.url('/loop-b'),
      reason: 'redirect loop',
    });
    expect(bed.requests.length - before).toBe(2);
    await expect(fetcher.fetchPage(bed.url('/self'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'redirect loop',
    });
  });

  it('judges where a redirect lands like any page', async () => {
    await expect(fetcher.fetchPage(bed.url('/to-image'), { accept: 'html' })).resolves.toMatchObject({
      finalUrl: bed.url('/image'),
      reason: 'not HTML: image/jpeg',
      skipped: true,
    });
    await expect(fetcher.fetchPage(bed.url('/to-missing'), { accept: 'html' })).resolves.toMatchObject({
      finalUrl: bed.url('/nothing-here'),
      reason: 'HTTP 404',
      status: 404,
    });
  });

  it('fails on a Location that is not a URL, and takes a redirect without one as its status', async () => {
    await expect(fetcher.fetchPage(bed.url('/bad-location'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'bad redirect: the Location is not a URL',
      status: 302,
    });
    await expect(fetcher.fetchPage(bed.url('/no-location'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'HTTP 302',
    });
  });

  it.each([
    ['/to-credentials', 'refused: URLs with credentials (user:password@) are not allowed'],
    ['/to-ssh', 'refused: port 22 is not allowed'],
    ['/to-file', 'refused: file: URLs are not allowed; only http and https'],
  ])('checks every hop’s URL: %s is %s', async (path, reason) => {
    const before = bed.requests.length;
    const result = await fetcher.fetchPage(bed.url(path), { accept: 'html' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain(reason);
    expect(JSON.stringify(result)).not.toContain('pw@');
    expect(bed.requests.length - before).toBe(1);
  });
});
