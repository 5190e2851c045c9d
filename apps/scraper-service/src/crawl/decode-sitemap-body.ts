import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { SitemapError } from './sitemap';

/**
 * The text of a fetched sitemap file, plain or gzip (`sitemap.xml.gz`; detected by the gzip magic
 * bytes 1f 8b, whatever the Content-Type says), at most `maxBytes` of it. Decompression runs off the
 * event loop and stops as soon as the output passes `maxBytes` (zlib's maxOutputLength), so a gzip
 * bomb costs at most about `maxBytes` of memory, never its expanded size. Bodies are UTF-8 (the
 * protocol requires it); a BOM is dropped.
 */

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8');

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The decoded text of `bytes`; throws SitemapError if it is larger than `maxBytes` or broken gzip. */
export async function decodeSitemapBody(bytes: Buffer, maxBytes: number): Promise<string> {
  if (!isGzip(bytes)) {
    if (bytes.length > maxBytes) throw new SitemapError(`sitemap larger than ${maxBytes} bytes`);
    return utf8.decode(bytes);
  }
  let plain: Buffer;
  try {
    plain = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SitemapError(`sitemap larger than ${maxBytes} bytes after gzip decompression`, {
        cause: error,
      });
    }
    throw new SitemapError('sitemap is not valid gzip', { cause: error });
  }
  return utf8.decode(plain);
}
