import { isRoleAddress } from './accept-email';
import { looksLikeJobTitle, looksLikePersonName, nameMatchesAddress } from './person-text';

/** How a line of text is set on the page: the signals a name or a job title gives. */
export const lineFlags = { heading: 1, emphasis: 2, nameHint: 4, titleHint: 8 } as const;
const nameFlags = lineFlags.heading | lineFlags.emphasis | lineFlags.nameHint;

// A card is small: a block holding a whole article is no card, even with one address in it.
const maxCardText = 600;
const maxLinesKept = 12;
const maxLineLength = 100;

interface Line {
  text: string;
  flags: number;
}

// One open element. Only counts and the first few lines are kept, so closing an element (and merging
// it into its parent) costs the same however much it holds.
interface Frame {
  block: boolean;
  flags: number;
  email: string | undefined;
  manyEmails: boolean;
  phone: string | undefined;
  manyPhones: boolean;
  textLength: number;
  lines: Line[] | undefined;
}

/** A person read from the card an address sits in. */
export interface CardPerson {
  name: string;
  title?: string;
  phone?: string;
}

/**
 * The open elements of a page and, as they close, the team and contact cards among them: for an address,
 * the nearest enclosing block that holds exactly that one address, is card-sized and names a person
 * (a heading, bold text or class="…name" line that reads as a name, beside a job title or spelled in
 * the address); the title is a short line marked as a title/role or made of job words ("Head of
 * Sales"). Shared mailboxes (info@, sales@) get no person.
 */
export function createCardFrames() {
  const stack: Frame[] = [newFrame(false, 0)];
  const cards = new Map<string, CardPerson>();
  const top = (): Frame => stack[stack.length - 1] as Frame;

  return {
    cards,
    get depth(): number {
      return stack.length - 1;
    },
    /** Opens an element; `flags` are its own (a heading, bold, a name/title class), added to its parent's. */
    open(block: boolean, flags: number): void {
      stack.push(newFrame(block, top().flags | flags));
    },
    /** A line of text that ends now, kept with the flags of the innermost open element. */
    addLine(text: string): void {
      const frame = top();
      frame.textLength += text.length;
      if (text.length > maxLineLength) return;
      frame.lines ??= [];
      if (frame.lines.length < maxLinesKept) frame.lines.push({ text, flags: frame.flags });
    },
    addEmail(email: string): void {
      addEmail(top(), email);
    },
    addPhone(phone: string): void {
      addPhone(top(), phone);
    },
    close(): void {
      if (stack.length === 1) return;
      const frame = stack.pop() as Frame;
      if (frame.block) readCard(frame, cards);
      mergeInto(top(), frame);
    },
  };
}

export type CardFrames = ReturnType<typeof createCardFrames>;

function newFrame(block: boolean, flags: number): Frame {
  return {
    block,
    flags,
    email: undefined,
    manyEmails: false,
    phone: undefined,
    manyPhones: false,
    textLength: 0,
    lines: undefined,
  };
}

function addEmail(frame: Frame, email: string): void {
  if (frame.email === undefined) frame.email = email;
  else if (frame.email !== email) frame.manyEmails = true;
}

function addPhone(frame: Frame, phone: string): void {
  if (frame.phone === undefined) frame.phone = phone;
  else if (frame.phone !== phone) frame.manyPhones = true;
}

function mergeInto(parent: Frame, child: Frame): void {
  parent.textLength += child.textLength;
  if (child.manyEmails) parent.manyEmails = true;
  else if (child.email !== undefined) addEmail(parent, child.email);
  if (child.manyPhones) parent.manyPhones = true;
  else if (child.phone !== undefined) addPhone(parent, child.phone);
  if (child.lines === undefined) return;
  parent.lines ??= [];
  for (const line of child.lines) {
    if (parent.lines.length >= maxLinesKept) break;
    parent.lines.push(line);
  }
}

function readCard(frame: Frame, cards: Map<string, CardPerson>): void {
  const email = frame.email;
  if (email === undefined || frame.manyEmails || frame.textLength > maxCardText || isRoleAddress(email))
    return;
  const lines = frame.lines ?? [];
  const known = cards.get(email);
  const phone = frame.manyPhones ? undefined : frame.phone;
  if (known !== undefined) {
    // An inner block named the person; a wider block that still holds only this address may add more.
    known.title ??= titleLine(lines, known.name);
    known.phone ??= phone;
    return;
  }
  let name = lines.find((line) => (line.flags & nameFlags) !== 0 && looksLikePersonName(line.text))?.text;
  const title = titleLine(lines, name);
  // Without a heading or bold name, a plain name-like line counts only beside a job title.
  if (name === undefined && title !== undefined) {
    name = lines.find((line) => line.text !== title && looksLikePersonName(line.text))?.text;
  }
  // A name-like heading alone is weak ("Trade Shows" above expo.team@): it needs a job title beside it
  // or its words in the address.
  if (name === undefined || (title === undefined && !nameMatchesAddress(name, email))) return;
  const person: CardPerson = { name };
  if (title !== undefined) person.title = title;
  if (phone !== undefined) person.phone = phone;
  cards.set(email, person);
}

function titleLine(lines: readonly Line[], name: string | undefined): string | undefined {
  for (const line of lines) {
    if (line.text === name) continue;
    // A heading with a title class is a section's title ("Our Team"), not a person's.
    const hinted = (line.flags & (lineFlags.titleHint | lineFlags.heading)) === lineFlags.titleHint;
    if (looksLikeJobTitle(line.text, hinted) && (hinted || !looksLikePersonName(line.text))) return line.text;
  }
  return undefined;
}
