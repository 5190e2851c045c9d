import { gzipSync } from 'node:zlib';
import { waitFor } from '@coldreach/testing';
import { startFetchTestBed, writeForever, type FetchTestBed } from './test/fetch-test-bed';

// The caps are set short here so the tests do not wait long; what they assert is the reason and
// that the server was cut off, never how fast.
describe('createPageFetcher: caps', () => {
  let bed: FetchTestBed;
  const megabyte = 1024 * 1024;

  beforeAll(async () => {
    bed = await startFetchTestBed();
    // 10 MB of zeros gzip to ~10 KB; gzip members may follow each other, so this body inflates
    // without end from a trickle of bytes.
    const member = gzipSync(Buffer.alloc(10 * megabyte));
    bed.route('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      writeForever(res, member);
    });
    const fifty = Buffer.alloc(64 * 1024, 'a');
    bed.route('/fifty-mb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      let left = 50 * megabyte;
      const more = () => {
        while (left > 0 && !res.destroyed) {
          left -= fifty.length;
          if (!res.write(fifty)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    });
    bed.route('/fifty-mb-declared', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(50 * megabyte) });
      writeForever(res, fifty);
    });
    bed.route('/slow-loris', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('<')), 100);
      res.on('close', () => clearInterval(drip));
    });
    bed.route('/silent', () => undefined);
    bed.route('/stalls', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('<p>a beginning');
    });
    bed.route('/zstd', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'zstd' }).end('x'),
    );
    bed.route('/broken-gzip', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' }).end('not gzip at all'),
    );
  });
  afterAll(async () => {
    const connections = bed.canary.connections();
    await bed.close();
    expect(connections).toBe(0);
  });

  it('cuts a gzip bomb off at the cap, counting the bytes after decompression', async () => {
    const fetcher = bed.fetcher({ maxBytes: megabyte });
    const index = bed.requests.length;
    const before = process.memoryUsage().arrayBuffers;
    const result = await fetcher.fetchPage(bed.url('/bomb'), { accept: 'html' });
    expect(result).toEqual({ ok: false, url: bed.url('/bomb'), reason: 'too large: over 1 MB' });
    await expect(bed.responseFinished(index)).resolves.toBe(false);
    // What the cut cost stays near the cap, not the gigabytes the bomb was heading for.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * megabyte);
  });

  it('cuts a 50 MB page off at the default 5 MB, declared or not', async () => {
    const fetcher = bed.fetcher();
    for (const path of ['/fifty-mb', '/fifty-mb-declared']) {
      const index = bed.requests.length;
      await expect(fetcher.fetchPage(bed.url(path), { accept: 'html' })).resolves.toEqual({
        ok: false,
        url: bed.url(path),
        reason: 'too large: over 5 MB',
      });
      await expect(bed.responseFinished(index)).resolves.toBe(false);
    }
  });

  it('abandons a slow-loris page at the page deadline, however steadily it trickles', async () => {
    const fetcher = bed.fetcher({ pageDeadlineMs: 1_500, bodyIdleTimeoutMs: 20_000 });
    const index = bed.requests.length;
    await expect(fetcher.fetchPage(bed.url('/slow-loris'), { accept: 'html' })).resolves.toEqual({
      ok: false,
      url: bed.url('/slow-loris'),
      reason: 'timeout after 1.5s (whole page)',
    });
    await expect(bed.responseFinished(index)).resolves.toBe(false);
  });

  it('gives up on headers that never come, and on a body that stops', async () => {
    const fetcher = bed.fetcher({ headersTimeoutMs: 1_000, bodyIdleTimeoutMs: 1_000 });
    await expect(fetcher.fetchPage(bed.url('/silent'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'timeout after 1s (headers)',
    });
    await expect(fetcher.fetchPage(bed.url('/stalls'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'timeout after 1s (body idle)',
    });
  });

  it('stops when the caller cancels, or the fetcher closes', async () => {
    const fetcher = bed.fetcher();
    const cancel = new AbortController();
    const cancelled = fetcher.fetchPage(bed.url('/silent'), { accept: 'html', signal: cancel.signal });
    const closed = fetcher.fetchPage(bed.url('/slow-loris'), { accept: 'html' });
    await waitFor(() => bed.requests.some((request) => request.path === '/silent'), { what: 'the request' });
    cancel.abort();
    await expect(cancelled).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
    await fetcher.close();
    await expect(closed).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
  });

  it('names an encoding it does not decode, and a body its encoding does not fit', async () => {
    const fetcher = bed.fetcher();
    await expect(fetcher.fetchPage(bed.url('/zstd'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'unsupported content encoding: zstd',
    });
    await expect(fetcher.fetchPage(bed.url('/broken-gzip'), { accept: 'html' })).resolves.toMatchObject({
      reason: 'bad content encoding (Z_DATA_ERROR)',
    });
  });
});
