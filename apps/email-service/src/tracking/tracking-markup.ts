import { QuoteType, Tokenizer } from 'htmlparser2';
import { escapeHtml } from '@coldreach/outreach';

export interface TrackingMarkup {
  /** The open pixel's URL; absent: no pixel. */
  pixelUrl?: string;
  /** The tracked URL of the `index`th link to `href`, or undefined to leave that link as it is. */
  clickUrl?: (index: number, href: string) => string | undefined;
}

const skipTextCallbacks = {
  oncdata: () => undefined,
  oncomment: () => undefined,
  ondeclaration: () => undefined,
  onprocessinginstruction: () => undefined,
  ontext: () => undefined,
  ontextentity: () => undefined,
  onend: () => undefined,
};

/**
 * An HTML body with its `<a href>` links rewritten through `clickUrl` and a 1×1 pixel before the
 * last `</body>` (or at the end). One pass of htmlparser2's tokenizer, which keeps no element
 * stack, so hostile markup (deep nesting, endless attributes) stays linear. Links inside comments,
 * scripts or styles are not links and stay as they are; so does everything else in the body.
 */
export function addTrackingMarkup(html: string, markup: TrackingMarkup): string {
  const parts: string[] = [];
  let copiedUpTo = 0;
  let tag = '';
  let attribute = '';
  let attributeStart = 0;
  let value = '';
  let hrefSeen = false;
  let links = 0;
  let bodyCloseAt = -1;

  const tokenizer = new Tokenizer(
    { decodeEntities: true },
    {
      ...skipTextCallbacks,
      onopentagname(start, end) {
        tag = html.slice(start, end).toLowerCase();
        hrefSeen = false;
      },
      onattribname(start, end) {
        attribute = html.slice(start, end).toLowerCase();
        attributeStart = start;
        value = '';
      },
      onattribdata(start, end) {
        if (tag === 'a' && attribute === 'href') value += html.slice(start, end);
      },
      onattribentity(codepoint) {
        if (tag === 'a' && attribute === 'href') value += String.fromCodePoint(codepoint);
      },
      onattribend(quote, end) {
        // A browser follows the first href of a tag; a later one is left alone like any attribute.
        if (tag !== 'a' || attribute !== 'href' || hrefSeen) return;
        hrefSeen = true;
        if (quote === QuoteType.NoValue || !markup.clickUrl) return;
        const tracked = markup.clickUrl(links, value);
        if (tracked === undefined) return;
        links += 1;
        parts.push(html.slice(copiedUpTo, attributeStart), `href="${escapeHtml(tracked)}"`);
        copiedUpTo = end;
      },
      onopentagend: () => undefined,
      onselfclosingtag: () => undefined,
      onclosetag(start, end) {
        if (html.slice(start, end).toLowerCase() === 'body') bodyCloseAt = html.lastIndexOf('<', start);
      },
    },
  );
  tokenizer.write(html);
  tokenizer.end();

  if (markup.pixelUrl === undefined) return parts.join('') + html.slice(copiedUpTo);
  const pixel = `<img src="${escapeHtml(markup.pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  if (bodyCloseAt < copiedUpTo) return parts.join('') + html.slice(copiedUpTo) + pixel;
  return parts.join('') + html.slice(copiedUpTo, bodyCloseAt) + pixel + html.slice(bodyCloseAt);
}
