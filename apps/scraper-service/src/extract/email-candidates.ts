import { acceptableEmail } from './accept-email';

const maxLocalLength = 64;
const maxDomainLength = 253;

// Characters scanned left and right of an @. Narrower than RFC 5322's atext on purpose: in page text,
// "url=jane@…" or "path/jane@…" are not addresses with = or / in them. Bit 1: local part, bit 2: domain.
const asciiClass = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z0-9-]/.test(char)) asciiClass[code] = 3;
  else if (char === '.') asciiClass[code] = 3;
  else if (/[_+']/.test(char)) asciiClass[code] = 1;
}
const letterOrDigit = /^[\p{L}\p{N}]$/u;

function charClass(code: number): number {
  if (code < 128) return asciiClass[code] ?? 0;
  return letterOrDigit.test(String.fromCharCode(code)) ? 3 : 0;
}

/**
 * Calls `found` with every acceptable address written out in `text` (see acceptableEmail). Linear: each
 * @ looks at most 64 characters left and 253 right, and a run longer than that is no address.
 */
export function emailsInText(text: string, found: (email: string) => void): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start <= maxLocalLength && (charClass(text.charCodeAt(start - 1)) & 1) !== 0) {
      start--;
    }
    if (at - start > maxLocalLength) continue;
    let end = at + 1;
    while (end < text.length && end - at <= maxDomainLength && (charClass(text.charCodeAt(end)) & 2) !== 0) {
      end++;
    }
    if (end - at > maxDomainLength) continue;
    // Sentence punctuation and quotes around an address are not part of it.
    while (start < at && (text[start] === '.' || text[start] === "'" || text[start] === '-')) start++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start === at || end === at + 1) continue;
    const email = acceptableEmail(text.slice(start, end));
    if (email !== undefined) found(email);
  }
}

// Written-out separators: "jane [at] acme [dot] com", "jane(at)acme(dot)com", "jane {@} acme.com", and
// the spelled "jane at acme dot com" (only with a spelled dot after it, so "find us at acme.com" stays
// prose). The text is whitespace-collapsed first, so every \s? here matches one space at most and no
// pattern backtracks; the lookbehinds keep the spelled forms from restarting inside a word.
const obfuscationHint = /[[({<] ?(?:at|dot|@) ?[\])}>]| at /i;
const bracketAt = / ?[[({<] ?(?:at|@) ?[\])}>] ?/gi;
const bracketDot = / ?[[({<] ?dot ?[\])}>] ?/gi;
const spelledAt = /(?<=[\p{L}\p{N}._+-]) at (?=[\p{L}\p{N}-]+ dot [\p{L}\p{N}])/giu;
const spelledDot = /(?<=[\p{L}\p{N}-]) dot (?=[\p{L}\p{N}])/giu;

/**
 * Calls `found` with the addresses in visible text, including the common obfuscations. `text` must be
 * whitespace-collapsed (one space between words).
 */
export function emailsInVisibleText(text: string, found: (email: string) => void): void {
  if (!obfuscationHint.test(text)) {
    if (text.includes('@')) emailsInText(text, found);
    return;
  }
  const plain = text
    .replace(bracketAt, '@')
    .replace(bracketDot, '.')
    .replace(spelledAt, '@')
    .replace(spelledDot, '.');
  emailsInText(plain, found);
}

/** The addresses of a mailto: link: several comma-separated, percent-decoded, ?subject&… dropped. */
export function emailsFromMailto(href: string, found: (email: string) => void): void {
  let recipients = href.slice(href.indexOf(':') + 1);
  const query = recipients.indexOf('?');
  if (query !== -1) recipients = recipients.slice(0, query);
  emailsInText(percentDecoded(recipients), found);
}

/** An address from a JSON-LD or microdata value, which may be written as a mailto: URL. */
export function emailsFromValue(value: string, found: (email: string) => void): void {
  if (/^\s*mailto:/i.test(value)) emailsFromMailto(value.trim(), found);
  else emailsInText(value, found);
}

function percentDecoded(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a stray % that is no escape: keep the text as written
  }
}

const hexPairs = /^(?:[0-9a-f]{2}){2,256}$/i;
const cloudflarePath = '/cdn-cgi/l/email-protection#';

/**
 * Cloudflare's email protection: the first byte of the hex string is a key XORed into each following
 * byte of the UTF-8 address (in `data-cfemail`, or after `/cdn-cgi/l/email-protection#` in a link).
 */
export function decodeCloudflareEmail(hex: string): string | undefined {
  if (!hexPairs.test(hex)) return undefined;
  const bytes = Buffer.from(hex, 'hex');
  const key = bytes[0] ?? 0;
  const decoded = bytes.subarray(1).map((byte) => byte ^ key);
  return acceptableEmail(Buffer.from(decoded).toString('utf8'));
}

/** The hex string of a Cloudflare protection link, or undefined for any other href. */
export function cloudflareLinkHex(href: string): string | undefined {
  const at = href.indexOf(cloudflarePath);
  return at === -1 ? undefined : href.slice(at + cloudflarePath.length);
}
