/**
 * One spelling for the percent-encoding of a URL path or query (RFC 3986 §6.2.2), shared by URL
 * normalisation and robots.txt matching so that a rule and a URL are compared in the same form:
 * - `%xx` of an unreserved character (`A-Z a-z 0-9 - . _ ~`) is decoded: `/%7Euser` is `/~user`;
 * - any other `%xx` keeps its escape with upper-case hex: `%2f` becomes `%2F`, never `/` (an encoded
 *   slash is one octet inside a segment, not a separator);
 * - characters a URI may not contain (space, `"`, `<`, `>`, `\`, `^`, backtick, `{`, `|`, `}`,
 *   controls, anything outside ASCII) are encoded as UTF-8 octets; a lone surrogate becomes U+FFFD;
 * - a `%` not followed by two hex digits is left alone (browsers send it so).
 */

const upperHex = '0123456789ABCDEF';

// Characters allowed raw in a URI: unreserved, reserved (gen-delims and sub-delims) and `%`.
const uriCharacters = new Uint8Array(128);
for (const character of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") {
  uriCharacters[character.charCodeAt(0)] = 1;
}
const unreserved = new Uint8Array(128);
for (const character of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') {
  unreserved[character.charCodeAt(0)] = 1;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function escapeByte(byte: number): string {
  return `%${upperHex[byte >> 4]}${upperHex[byte & 15]}`;
}

function escapeCodePoint(codePoint: number): string {
  if (codePoint < 0x80) return escapeByte(codePoint);
  if (codePoint < 0x800) return escapeByte(0xc0 | (codePoint >> 6)) + escapeByte(0x80 | (codePoint & 63));
  if (codePoint < 0x10000) {
    return (
      escapeByte(0xe0 | (codePoint >> 12)) +
      escapeByte(0x80 | ((codePoint >> 6) & 63)) +
      escapeByte(0x80 | (codePoint & 63))
    );
  }
  return (
    escapeByte(0xf0 | (codePoint >> 18)) +
    escapeByte(0x80 | ((codePoint >> 12) & 63)) +
    escapeByte(0x80 | ((codePoint >> 6) & 63)) +
    escapeByte(0x80 | (codePoint & 63))
  );
}

/** `text` (a path, a query or a robots.txt pattern) in the one percent-encoding spelling above. */
export function normalisePercentEncoding(text: string): string {
  let start = 0;
  // Most URLs need nothing: return them without building a new string.
  while (start < text.length) {
    const code = text.charCodeAt(start);
    if (code === 37 || code >= 128 || uriCharacters[code] === 0) break;
    start++;
  }
  if (start === text.length) return text;
  let out = text.slice(0, start);
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 37) {
      const high = hexValue(text.charCodeAt(index + 1));
      const low = hexValue(text.charCodeAt(index + 2));
      if (high < 0 || low < 0) {
        out += '%';
        continue;
      }
      const byte = high * 16 + low;
      out += byte < 128 && unreserved[byte] === 1 ? String.fromCharCode(byte) : escapeByte(byte);
      index += 2;
    } else if (code < 128) {
      out += uriCharacters[code] === 1 ? text[index] : escapeByte(code);
    } else {
      let codePoint = text.codePointAt(index) ?? 0xfffd;
      if (codePoint > 0xffff) index++;
      else if (codePoint >= 0xd800 && codePoint <= 0xdfff) codePoint = 0xfffd;
      out += escapeCodePoint(codePoint);
    }
  }
  return out;
}
