import type { PageKind } from './page-content-types';

// The WHATWG prescan looks at the first 1024 bytes for a declaration; so do we. The patterns are
// compiled once and run on at most 1024 characters, so they cost the same on every page.
const prescanBytes = 1024;
const charsetParameter = /;\s*charset\s*=\s*["']?([^"';\s]+)/i;
const metaCharset = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([a-z0-9._:-]+)/i;
const xmlEncoding = /^<\?xml\b[^>]*?\bencoding\s*=\s*["']([a-z0-9._:-]+)["']/i;

/**
 * The charset a response's bytes are in: a byte order mark first, then the Content-Type's charset,
 * then (for HTML) `<meta charset>` / `<meta http-equiv content="…charset=…">` or (for XML) the
 * declaration's encoding, else UTF-8. Labels are WHATWG encoding labels, so `latin1` and
 * `iso-8859-1` read as windows-1252, as browsers do.
 */
export function pageCharset(bytes: Uint8Array, contentType: string | undefined, kind: PageKind): string {
  const bom = bomCharset(bytes);
  if (bom) return bom;
  const declared = contentType?.match(charsetParameter)?.[1];
  if (declared && isKnownLabel(declared)) return declared.toLowerCase();
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, prescanBytes)).toString(
    'latin1',
  );
  const inDocument = (kind === 'html' ? head.match(metaCharset) : head.match(xmlEncoding))?.[1];
  // A document cannot declare UTF-16 about itself in ASCII-compatible bytes: such a declaration
  // means UTF-8 (WHATWG's rule for <meta>).
  if (inDocument && isKnownLabel(inDocument) && !/^utf-?16/i.test(inDocument))
    return inDocument.toLowerCase();
  return 'utf-8';
}

/** The bytes as text in their charset; undecodable bytes become U+FFFD rather than failing the page. */
export function decodePage(bytes: Uint8Array, contentType: string | undefined, kind: PageKind): string {
  return new TextDecoder(pageCharset(bytes, contentType, kind)).decode(bytes);
}

function bomCharset(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

function isKnownLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}
