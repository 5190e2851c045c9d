import { createHash } from 'node:crypto';

/**
 * Crawler traps (an endless calendar, session ids in links, generated filters) produce unbounded
 * families of URLs that differ only in numbers and ids. `similarityKey(url)` gives every member of
 * such a family the same key: host and port, the path with each number replaced by `{n}`, each UUID
 * by `{uuid}`, each hex id (6+ hex characters with a digit) by `{hex}` and each other long id (16+
 * letters and digits, both present) by `{id}`, then the query's keys (shaped the same way, without
 * values, deduplicated and sorted). `/calendar/2024/05/01` and `/calendar/2031/12/09` both become
 * `example.com/calendar/{n}/{n}/{n}`; `/item?id=7&sort=asc` becomes `example.com/item?id&sort`.
 * Percent-escapes are kept as written so that non-ASCII slugs do not all collapse into one shape.
 * Keys are at most `maxSimilarityKeyLength` characters: a longer one keeps its start and ends with
 * a hash of the whole key, so it stays stable and distinct. The worker counts frontier URLs per key
 * and stops admitting a key past its bound, recording `trapMessage(key, bound)`.
 */

export const maxSimilarityKeyLength = 300;

// Fixed-width classes and no nesting: linear on any input.
const uuidPattern = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isHexLetter(code: number): boolean {
  return (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

// The shape of one run of letters and digits.
function shapeOfWord(word: string): string {
  let digits = 0;
  let hexLetters = 0;
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (isDigit(code)) digits++;
    else if (isHexLetter(code)) hexLetters++;
  }
  if (digits === word.length) return '{n}';
  if (digits === 0) return word;
  if (word.length >= 6 && digits + hexLetters === word.length) return '{hex}';
  if (word.length >= 16) return '{id}';
  return word.replace(/[0-9]+/g, '{n}');
}

/** `text` (a path or a query key) with its numbers and ids replaced by placeholders. */
function shapeOf(text: string): string {
  const source = text.length >= 36 && text.includes('-') ? text.replace(uuidPattern, '{uuid}') : text;
  let out = '';
  let index = 0;
  while (index < source.length) {
    const code = source.charCodeAt(index);
    if (code === 37 && index + 2 < source.length) {
      out += source.slice(index, index + 3);
      index += 3;
    } else if (isDigit(code) || isLetter(code)) {
      let end = index + 1;
      while (end < source.length && (isDigit(source.charCodeAt(end)) || isLetter(source.charCodeAt(end))))
        end++;
      out += shapeOfWord(source.slice(index, end));
      index = end;
    } else {
      out += source[index];
      index++;
    }
  }
  return out;
}

function shapeOfQueryKeys(search: string): string {
  if (search.length <= 1) return '';
  const keys = new Set<string>();
  for (const part of search.slice(1).split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    keys.add(shapeOf(equals < 0 ? part : part.slice(0, equals)));
  }
  return keys.size === 0 ? '' : `?${[...keys].sort().join('&')}`;
}

/** The key under which URLs of one generated family collide (see above); `url` absolute. */
export function similarityKey(url: string | URL): string {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  const key = `${parsed.host}${shapeOf(parsed.pathname)}${shapeOfQueryKeys(parsed.search)}`;
  if (key.length <= maxSimilarityKeyLength) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `${key.slice(0, maxSimilarityKeyLength - hash.length - 1)}~${hash}`;
}

/** The error recorded when a key has passed its bound: `trap: over 500 URLs like /calendar/{n}`. */
export function trapMessage(key: string, bound: number): string {
  const slash = key.indexOf('/');
  return `trap: over ${bound} URLs like ${slash < 0 ? key : key.slice(slash)}`;
}
