import { scanLimit } from './header-fields';

// Tags after which a reader sees a new line.
const blockTags = new Set([
  'br',
  'p',
  'div',
  'hr',
  'li',
  'tr',
  'table',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);
const skippedTags = ['style', 'script', 'head'];
const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
    if (name.startsWith('#')) return String.fromCodePoint(Math.min(Number(name.slice(1)), 0x10ffff));
    return entities[name.toLowerCase()] ?? entity;
  });
}

/**
 * Text of an HTML part, for the bodies mailparser leaves without text (an HTML part that is not the
 * message's root, as in Exchange's non-delivery reports). A walk over the tags with indexOf, so a
 * hostile body costs linear time; only the first 64 KiB is read.
 */
export function htmlText(html: string): string {
  const source = html.slice(0, scanLimit);
  const out: string[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('<', at);
    if (open < 0) {
      out.push(source.slice(at));
      break;
    }
    out.push(source.slice(at, open));
    const close = source.indexOf('>', open + 1);
    if (close < 0) break;
    const tag = source
      .slice(open + 1, close)
      .trim()
      .toLowerCase();
    const name = tag.replace(/^\//, '').split(/[\s/]/)[0] ?? '';
    at = close + 1;
    if (skippedTags.includes(name) && !tag.startsWith('/')) {
      const end = source.indexOf(`</${name}`, at);
      at = end < 0 ? source.length : end;
    } else if (blockTags.has(name)) {
      out.push('\n');
    }
  }
  return decodeEntities(out.join(''));
}
