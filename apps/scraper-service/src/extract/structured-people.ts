import { emailsFromValue } from './email-candidates';
import type { PersonDraft, PersonSource } from './page-extraction';

type Property = 'name' | 'givenName' | 'familyName' | 'title' | 'email' | 'phone';

// Microdata itemprop names and hCard (microformats 1 and 2) class names of the properties kept.
const microdataProperties = new Map<string, Property>([
  ['name', 'name'],
  ['givenName', 'givenName'],
  ['familyName', 'familyName'],
  ['jobTitle', 'title'],
  ['email', 'email'],
  ['telephone', 'phone'],
]);
const hCardProperties = new Map<string, Property>([
  ['fn', 'name'],
  ['p-name', 'name'],
  ['given-name', 'givenName'],
  ['p-given-name', 'givenName'],
  ['family-name', 'familyName'],
  ['p-family-name', 'familyName'],
  ['title', 'title'],
  ['p-job-title', 'title'],
  ['role', 'title'],
  ['p-role', 'title'],
  ['email', 'email'],
  ['u-email', 'email'],
  ['tel', 'phone'],
  ['p-tel', 'phone'],
]);
const personItemType = /schema\.org\/Person(?![A-Za-z])/i;
const hCardRoot = /(?:^|\s)(?:vcard|h-card)(?:\s|$)/;
const whitespace = /\s+/;

// Text captured for one property of an element, until the element closes. Nested captures are bounded,
// so text on a hostile page is copied into at most this many of them.
const maxOpenCaptures = 16;
const maxCaptureLength = 300;

interface Capture {
  person: PersonDraft;
  property: Property;
  text: string;
}

/**
 * People marked up in the page itself: microdata (itemscope itemtype=schema.org/Person with name,
 * jobTitle, email, telephone) and hCard (vcard / h-card with fn, title, role, email, tel). Call open and
 * close for every element, in document order, and text for visible text.
 */
export function createStructuredPeople(
  readPhone: (value: string) => string | undefined,
  found: (person: PersonDraft) => void,
) {
  // The open itemscopes (null: an item that is not a Person, whose properties are not a person's).
  const items: (PersonDraft | null)[] = [];
  const cards: PersonDraft[] = [];
  const captures: Capture[] = [];
  // Per open element: bit 0 opened an item, bit 1 opened an hCard, the rest counts its captures.
  const opened: number[] = [];

  const assign = (person: PersonDraft, property: Property, value: string): void => {
    if (property === 'email') emailsFromValue(value, (email) => person.emails.push(email));
    else if (property === 'phone') person.phone ??= readPhone(value);
    else person[property] ??= value.replace(/\s+/g, ' ').trim() || undefined;
  };

  const property = (person: PersonDraft, name: Property, value: string | undefined): number => {
    if (value !== undefined) {
      assign(person, name, value);
      return 0;
    }
    if (captures.length >= maxOpenCaptures) return 0;
    captures.push({ person, property: name, text: '' });
    return 1;
  };

  return {
    open(tag: string, attributes: Record<string, string>): void {
      let mark = 0;
      const item = items[items.length - 1];
      const itemprop = attributes.itemprop;
      // An element that starts an item is that item, not a property value of the enclosing one.
      if (item && itemprop !== undefined && attributes.itemscope === undefined) {
        for (const token of itemprop.split(whitespace)) {
          const name = microdataProperties.get(token);
          if (name !== undefined) mark += property(item, name, microdataValue(tag, attributes)) << 2;
        }
      }
      const card = cards[cards.length - 1];
      const classes = attributes.class;
      if (card !== undefined && classes !== undefined) {
        for (const token of classes.split(whitespace)) {
          const name = hCardProperties.get(token);
          if (name !== undefined) mark += property(card, name, hCardValue(tag, attributes)) << 2;
        }
      }
      if (attributes.itemscope !== undefined) {
        items.push(personItemType.test(attributes.itemtype ?? '') ? newPerson('microdata') : null);
        mark |= 1;
      }
      if (classes !== undefined && hCardRoot.test(classes)) {
        cards.push(newPerson('hcard'));
        mark |= 2;
      }
      opened.push(mark);
    },
    text(text: string): void {
      for (const capture of captures) {
        if (capture.text.length < maxCaptureLength) capture.text += text.slice(0, maxCaptureLength);
      }
    },
    close(): void {
      const mark = opened.pop() ?? 0;
      for (let count = mark >> 2; count > 0; count--) {
        const capture = captures.pop() as Capture;
        assign(capture.person, capture.property, capture.text);
      }
      if ((mark & 1) !== 0) {
        const person = items.pop();
        if (person) found(person);
      }
      if ((mark & 2) !== 0) found(cards.pop() as PersonDraft);
    },
  };
}

function newPerson(source: PersonSource): PersonDraft {
  return { source, emails: [] };
}

// Microdata takes a property's value from an attribute for these elements (HTML § microdata values).
function microdataValue(tag: string, attributes: Record<string, string>): string | undefined {
  if (attributes.content !== undefined) return attributes.content;
  if (tag === 'a' || tag === 'area' || tag === 'link') return attributes.href;
  if (tag === 'data' || tag === 'meter') return attributes.value;
  return undefined;
}

// hCard reads mailto:/tel: links by their href and <abbr title> by its title; the rest by their text.
function hCardValue(tag: string, attributes: Record<string, string>): string | undefined {
  const href = attributes.href;
  if (tag === 'a' && href !== undefined && /^\s*(?:mailto|tel):/i.test(href)) return href;
  if (tag === 'abbr' && attributes.title !== undefined) return attributes.title;
  return undefined;
}
