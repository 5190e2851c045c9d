import { gzipSync } from 'node:zlib';
import { decodeSitemapBody } from './decode-sitemap-body';
import { SitemapError } from './sitemap';

const xml = '<urlset><url><loc>https://example.com/café</loc></url></urlset>';

describe('sitemap bodies', () => {
  it.each([
    ['a plain body', Buffer.from(xml)],
    ['a plain body with a BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])],
    ['a gzip body', gzipSync(xml)],
    ['a gzip body of two members', Buffer.concat([gzipSync(xml.slice(0, 20)), gzipSync(xml.slice(20))])],
  ])('decodes %s', async (_name, bytes) => {
    await expect(decodeSitemapBody(bytes, 1024)).resolves.toBe(xml);
  });

  it.each([
    ['a plain body over the limit', Buffer.from(xml), xml.length - 1, 'sitemap larger than'],
    ['a gzip body expanding over the limit', gzipSync(xml), xml.length - 1, 'after gzip decompression'],
    ['a truncated gzip body', gzipSync(xml).subarray(0, 20), 1024, 'sitemap is not valid gzip'],
    [
      'a body with gzip magic but no gzip',
      Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]),
      1024,
      'sitemap is not valid gzip',
    ],
  ])('refuses %s', async (_name, bytes, maxBytes, message) => {
    const decoding = decodeSitemapBody(bytes, maxBytes);
    await expect(decoding).rejects.toThrow(SitemapError);
    await expect(decoding).rejects.toThrow(message);
  });

  it('accepts a body of exactly the limit', async () => {
    await expect(decodeSitemapBody(gzipSync(xml), Buffer.byteLength(xml))).resolves.toBe(xml);
  });

  it('cuts a gzip bomb off at the limit without expanding it', async () => {
    // 64 members of 16 MiB of zeros each: 1 GiB expanded from about 1 MiB on the wire.
    const member = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const before = process.memoryUsage().arrayBuffers;
    await expect(decodeSitemapBody(bomb, 1024 * 1024)).rejects.toThrow('after gzip decompression');
    // Had the bomb been expanded before the check, a gibibyte would have been allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(128 * 1024 * 1024);
  }, 60_000);
});
