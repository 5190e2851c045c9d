const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

// Elements whose content is not text; dropped with it when they are closed.
const hiddenElements = new Set(['script', 'style', 'head', 'title']);
const blockEnds = new Set(
  ['p', 'div', 'ul', 'ol', 'table', 'blockquote', 'section', 'article', 'header', 'footer'].concat(
    ['1', '2', '3', '4', '5', '6'].map((level) => `h${level}`),
  ),
);
const blockStarts = new Set([
  'p',
  'div',
  'ul',
  'ol',
  'table',
  'tr',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

/**
 * A plain-text version of an HTML body, for the text/plain part of an email written only in HTML:
 * paragraphs and line breaks kept, links as `text (url)`, list items as `- item`, tags dropped and
 * entities decoded. Enough for what campaign steps contain; not a general HTML renderer.
 *
 * One pass, with every search moving forward only: the body is user input, and the regular
 * expressions this replaced took seconds on 100 kB of `<` (each unclosed `<` scanned to the end).
 */
export function htmlToText(html: string): string {
  // Source line breaks are spaces in HTML; only the tags below break lines.
  const source = html.replace(/\s+/g, ' ');
  const out: string[] = [];
  const closers = createCloserFinder(source);
  let nextGt = 0;
  let index = 0;
  while (index < source.length) {
    const lt = source.indexOf('<', index);
    if (lt < 0) {
      out.push(source.slice(index));
      break;
    }
    out.push(source.slice(index, lt));
    if (source.startsWith('<!--', lt)) {
      // An unclosed comment hides the rest of the document, as in a browser.
      const end = source.indexOf('-->', lt + 4);
      index = end < 0 ? source.length : end + 3;
      continue;
    }
    if (nextGt !== -1 && nextGt <= lt) nextGt = source.indexOf('>', lt + 1);
    if (nextGt === -1) {
      // No tag can close any more: the rest is text.
      out.push(source.slice(lt));
      break;
    }
    const tag = source.slice(lt + 1, nextGt);
    index = nextGt + 1;
    const [, slash = '', rawName = ''] = /^(\/?)([a-z][a-z0-9]*)/i.exec(tag) ?? [];
    const name = rawName.toLowerCase();
    const closing = slash === '/';
    if (!closing && hiddenElements.has(name)) {
      const closer = closers.find(name, index);
      if (closer) index = closer.end;
    } else if (!closing && name === 'a') {
      const href = /\bhref ?= ?(?:"([^"]*)"|'([^']*)')/i.exec(tag);
      const closer = href ? closers.find('a', index) : undefined;
      if (href && closer) {
        out.push(linkText(href[1] ?? href[2] ?? '', source.slice(index, closer.start)));
        index = closer.end;
      }
    } else if (name === 'br') out.push('\n');
    else if (name === 'li' && !closing) out.push('\n- ');
    else if (closing && blockEnds.has(name)) out.push('\n\n');
    else if (closing && name === 'tr') out.push('\n');
    else if (!closing && blockStarts.has(name)) out.push('\n');
  }
  return decodeEntities(out.join(''))
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Finds `</name>` at or after a position. A name found missing once is missing for every later
 * position, so no part of the text is searched twice for the same name.
 */
function createCloserFinder(source: string) {
  const missing = new Set<string>();
  const patterns = new Map<string, RegExp>();
  return {
    find(name: string, from: number): { start: number; end: number } | undefined {
      if (missing.has(name)) return undefined;
      const pattern = patterns.get(name) ?? new RegExp(`</${name} ?>`, 'gi');
      patterns.set(name, pattern);
      pattern.lastIndex = from;
      const match = pattern.exec(source);
      if (!match) {
        missing.add(name);
        return undefined;
      }
      return { start: match.index, end: match.index + match[0].length };
    },
  };
}

function linkText(href: string, inner: string): string {
  // `[^<>]` keeps this linear: a run of `<` without `>` is scanned once, not once per `<`.
  const label = inner.replace(/<[^<>]*>/g, '').trim();
  const url = decodeEntities(href).trim();
  if (!url || url.startsWith('#') || url.toLowerCase().startsWith('javascript:')) return label;
  if (!label || decodeEntities(label) === url || `mailto:${decodeEntities(label)}` === url) return url;
  return `${label} (${url})`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#')) {
      const codePoint =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isInteger(codePoint) && codePoint > 0 && codePoint <= 0x10ffff
        ? String.fromCodePoint(codePoint)
        : entity;
    }
    return namedEntities[body.toLowerCase()] ?? entity;
  });
}
