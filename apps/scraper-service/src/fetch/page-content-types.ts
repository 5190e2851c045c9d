import { sanitizeRemoteText } from '@coldreach/remote-text';

/** What a fetch is for: a page to extract from, a robots.txt, or a sitemap (XML, text or gzip). */
export type PageKind = 'html' | 'robots' | 'sitemap';

export type ContentTypeVerdict =
  { ok: true; mediaType: string; gzipFile: boolean } | { ok: false; mediaType: string; reason: string };

/** The Accept header each kind sends. */
export const acceptHeaders: Record<PageKind, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
  robots: 'text/plain,*/*;q=0.1',
  sitemap: 'application/xml,text/xml;q=0.9,text/plain;q=0.8,application/gzip;q=0.8,*/*;q=0.1',
};

const htmlTypes = new Set(['text/html', 'application/xhtml+xml']);
const xmlTypes = new Set(['application/xml', 'text/xml']);
const gzipTypes = new Set(['application/gzip', 'application/x-gzip', 'application/gzip-compressed']);

/** `text/html` from `Text/HTML; charset=utf-8`; empty when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Whether a response of this Content-Type is worth downloading for `kind`, decided from the
 * headers alone so a refused body is never read. A missing type is taken for the kind asked (what
 * a browser's sniffing would mostly conclude for pages, and robots.txt is often served bare).
 * `gzipFile`: a sitemap served as a .gz file, to gunzip after any Content-Encoding.
 */
export function judgeContentType(
  kind: PageKind,
  contentType: string | undefined,
  path: string,
): ContentTypeVerdict {
  const mediaType = mediaTypeOf(contentType);
  const accepted = (gzipFile = false): ContentTypeVerdict => ({ ok: true, mediaType, gzipFile });
  if (mediaType === '') return accepted();
  switch (kind) {
    case 'html':
      if (htmlTypes.has(mediaType)) return accepted();
      return refused(mediaType, 'not HTML');
    case 'robots':
      if (mediaType === 'text/plain') return accepted();
      return refused(mediaType, 'not text');
    case 'sitemap':
      if (xmlTypes.has(mediaType) || mediaType.endsWith('+xml') || mediaType === 'text/plain')
        return accepted();
      if (gzipTypes.has(mediaType)) return accepted(true);
      if (mediaType === 'application/octet-stream' && path.endsWith('.gz')) return accepted(true);
      return refused(mediaType, 'not a sitemap');
  }
}

function refused(mediaType: string, what: string): ContentTypeVerdict {
  // The type is the server's text: shown short and sanitised.
  return { ok: false, mediaType, reason: `${what}: ${sanitizeRemoteText(mediaType, { maxLength: 80 })}` };
}
