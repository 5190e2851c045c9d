const namedEntities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/**
 * A plain-text version of an HTML body, for the text/plain part of an email written only in HTML:
 * paragraphs and line breaks kept, links as `text (url)`, list items as `- item`, tags dropped and
 * entities decoded. Enough for what campaign steps contain; not a general HTML renderer.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    // Source line breaks are spaces in HTML; only the tags below break lines.
    .replace(/\s+/g, ' ')
    .replace(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_, dq, sq, inner) =>
      linkText(String(dq ?? sq ?? ''), String(inner)),
    )
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|table|blockquote|section|article|header|footer)\s*>/gi, '\n\n')
    .replace(/<\/tr\s*>/gi, '\n')
    .replace(/<(p|div|h[1-6]|ul|ol|table|tr|blockquote)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function linkText(href: string, inner: string): string {
  const label = inner.replace(/<[^>]*>/g, '').trim();
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
