import type { Handler, Parser } from 'htmlparser2';
import type { CountryCode } from 'libphonenumber-js/max';
import { createCardFrames, lineFlags } from './card-frames';
import { emailsInVisibleText } from './email-candidates';
import { emptyJsonLdFindings, readJsonLd } from './json-ld';
import type { PageFacts } from './page-facts';
import { createPhoneBudget, phoneFromTel, phoneFromValue, phoneRegion, phonesInText } from './phone-numbers';
import { readElementAttributes } from './element-attributes';
import { createStructuredPeople } from './structured-people';

// Elements that end a run of text: text on either side is not one word (emails and phones are read
// per run, so "jane<span>@</span>acme.com" is still one address but two paragraphs are not).
const blockTags = new Set(
  (
    'address article aside blockquote body br caption center dd details dialog div dl dt fieldset ' +
    'figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html legend li main menu nav ' +
    'noscript ol option p pre section summary table tbody td tfoot th thead tr ul'
  ).split(' '),
);
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const emphasisTags = new Set(['strong', 'b']);
// class="name", "team-member__name", "fn", "job-title", "card-role", …: a line the page labels.
const nameClass = /(?:^|[\s_-])(?:name|fn|fullname)(?:\s|$)/i;
const titleClass = /(?:^|[\s_-])(?:title|jobtitle|role|position|designation)(?:\s|$)/i;
const whitespaceRun = /\s+/g;
const hasDigits = /\d\D*\d\D*\d\D*\d\D*\d\D*\d\D*\d/;

// htmlparser2 keeps its open elements in an array it shifts and unshifts, so each tag costs as much as
// the nesting is deep: a page nested deeper than this is cut here, keeping the parse linear.
const maxDepth = 1_000;
const maxNoscriptText = 300;

// Per open element: bit 0 ends a text run, bit 1 ends a line.
const endsRun = 1;
const endsLine = 2;

/**
 * The htmlparser2 handler that reads a page in one pass into PageFacts. `attach` hands it the parser
 * (to stop a hostile page); `finish` closes what is still open after the parse.
 */
export function createPageReader(pageUrl: string) {
  const facts: PageFacts = {
    pageUrl,
    robots: { noindex: false, nofollow: false },
    links: [],
    emails: new Set(),
    phones: new Set(),
    socials: new Map(),
    cards: new Map(),
    people: [],
    jsonLd: emptyJsonLdFindings(),
    visibleChars: 0,
    scripts: 0,
    noscriptText: '',
  };
  // Worked out when first needed (most runs of text hold no number), once <html lang> is known.
  let region: CountryCode | undefined | null = null;
  const currentRegion = (): CountryCode | undefined => (region ??= phoneRegion(facts.lang, pageUrl));
  const phoneBudget = createPhoneBudget();
  const readPhone = (value: string) => phoneFromValue(value, currentRegion(), phoneBudget);
  const readTel = (href: string) => phoneFromTel(href, currentRegion(), phoneBudget);
  const frames = createCardFrames();
  facts.cards = frames.cards;
  const structured = createStructuredPeople(readPhone, (person) => facts.people.push(person));
  const kinds: number[] = [];
  let parser: Parser | undefined;
  let stopped = false;
  let run = '';
  // The same run with a space at every inline element's edge: minified pages glue a label to an
  // address (`<span>Chief Analyst</span><a>ada@…`), which the joined text reads as `analystada@…`.
  let splitRun = '';
  let runHasInlineEdge = false;
  let line = '';
  let rawText: 'json-ld' | 'title' | 'skip' | undefined;
  let rawBuffer = '';
  let noscriptDepth = 0;
  let svgDepth = 0;

  const addEmail = (email: string): void => {
    facts.emails.add(email);
    frames.addEmail(email);
  };
  const addPhone = (phone: string): void => {
    facts.phones.add(phone);
    frames.addPhone(phone);
  };

  // Most runs are the indentation between two tags: trimmed first, they cost no regular expression.
  const endRun = (): void => {
    const trimmed = run.trim();
    const split = runHasInlineEdge ? splitRun : undefined;
    run = '';
    splitRun = '';
    runHasInlineEdge = false;
    if (trimmed === '') return;
    const text = trimmed.replace(whitespaceRun, ' ');
    if (noscriptDepth > 0) {
      if (facts.noscriptText.length < maxNoscriptText)
        facts.noscriptText += ` ${text.slice(0, maxNoscriptText)}`;
    } else {
      facts.visibleChars += text.length;
    }
    if (split === undefined) {
      emailsInVisibleText(text, addEmail);
    } else {
      // An address split by tags (`john<span>@</span>acme.com`) is read from the joined text, unless
      // the split text holds a shorter address it ends with (the glued label case above).
      const parts: string[] = [];
      emailsInVisibleText(split.trim().replace(whitespaceRun, ' '), (email) => parts.push(email));
      parts.forEach(addEmail);
      emailsInVisibleText(text, (email) => {
        if (!parts.some((part) => part !== email && email.endsWith(part))) addEmail(email);
      });
    }
    if (hasDigits.test(text)) phonesInText(text, currentRegion(), addPhone, phoneBudget);
  };
  const markInlineEdge = (): void => {
    splitRun += ' ';
    runHasInlineEdge = true;
  };
  const endLine = (): void => {
    const trimmed = line.trim();
    line = '';
    if (trimmed !== '') frames.addLine(trimmed.replace(whitespaceRun, ' '));
  };

  const openRawText = (name: string, attributes: Record<string, string>): void => {
    if (name === 'script') {
      const jsonLd = attributes.type?.trim().toLowerCase() === 'application/ld+json';
      if (!jsonLd) facts.scripts++;
      rawText = jsonLd ? 'json-ld' : 'skip';
    } else if (name === 'style' || name === 'textarea' || name === 'xmp') {
      rawText = 'skip';
    } else if (name === 'title') {
      rawText = facts.title === undefined && svgDepth === 0 ? 'title' : 'skip';
    }
    rawBuffer = '';
  };
  const closeRawText = (): void => {
    if (rawText === 'json-ld') readJsonLd(rawBuffer, readPhone, facts.jsonLd);
    else if (rawText === 'title') facts.title = rawBuffer;
    rawText = undefined;
    rawBuffer = '';
  };

  const closeElement = (name: string): void => {
    const kind = kinds.pop() ?? 0;
    if ((kind & endsRun) !== 0) endRun();
    else markInlineEdge();
    if ((kind & endsLine) !== 0) endLine();
    if (rawText !== undefined) closeRawText();
    if (name === 'noscript') noscriptDepth--;
    if (name === 'svg') svgDepth--;
    structured.close();
    frames.close();
  };

  const handler: Partial<Handler> = {
    onopentag(name, attributes) {
      if (stopped) return;
      if (frames.depth >= maxDepth) {
        stopped = true;
        facts.truncated = `elements nested deeper than ${maxDepth}`;
        parser?.pause();
        return;
      }
      const block = blockTags.has(name);
      let flags = headingTags.has(name) ? lineFlags.heading : emphasisTags.has(name) ? lineFlags.emphasis : 0;
      const classes = attributes.class;
      if (classes !== undefined && classes !== '') {
        if (nameClass.test(classes)) flags |= lineFlags.nameHint;
        if (titleClass.test(classes)) flags |= lineFlags.titleHint;
      }
      const kind = (block ? endsRun | endsLine : 0) | (flags !== 0 ? endsLine : 0);
      if ((kind & endsRun) !== 0) endRun();
      else markInlineEdge();
      if ((kind & endsLine) !== 0) endLine();
      kinds.push(kind);
      frames.open(block, flags);
      structured.open(name, attributes);
      if (name === 'html' && attributes.lang !== undefined) {
        facts.lang ??= attributes.lang.trim();
        region = null;
      }
      if (name === 'noscript') noscriptDepth++;
      if (name === 'svg') svgDepth++;
      openRawText(name, attributes);
      readElementAttributes(name, attributes, facts, { addEmail, addPhone, readTel });
    },
    ontext(text) {
      if (stopped) return;
      if (rawText !== undefined) {
        if (rawText !== 'skip') rawBuffer += text;
        return;
      }
      run += text;
      splitRun += text;
      line += text;
      structured.text(text);
    },
    onclosetag(name) {
      if (!stopped) closeElement(name);
    },
  };

  return {
    facts,
    handler,
    attach(attached: Parser): void {
      parser = attached;
    },
    /** Ends the last text run and closes the elements a stopped parse left open. */
    finish(): PageFacts {
      while (kinds.length > 0) closeElement('');
      endRun();
      endLine();
      return facts;
    },
  };
}
