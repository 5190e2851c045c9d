import type { PageFacts } from './page-facts';
import type { ExtractedContact, ExtractedPerson, PersonDraft, PersonSource } from './page-extraction';
import { cleanPersonText } from './person-text';

// When two sources describe the same address, the more deliberate one wins: JSON-LD is written for
// machines, microdata and hCard mark up the visible page, a card is read from layout.
const sourceRank: Record<PersonSource, number> = { 'json-ld': 0, microdata: 1, hcard: 2, card: 3 };

interface Person {
  name?: string;
  title?: string;
  phone?: string;
  emails: string[];
  source: PersonSource;
}

/**
 * Contacts (one per distinct address, with the name, title and phone of the best source that has
 * them) and people (everyone with a name; one entry per address, or per name for people without one).
 */
export function pageContacts(facts: PageFacts): { contacts: ExtractedContact[]; people: ExtractedPerson[] } {
  const drafts: PersonDraft[] = [...facts.jsonLd.people, ...facts.people];
  for (const [email, card] of facts.cards) drafts.push({ ...card, source: 'card', emails: [email] });
  const persons = drafts.map(cleanPerson).sort((a, b) => sourceRank[a.source] - sourceRank[b.source]);

  const emails = new Set(facts.emails);
  for (const email of facts.jsonLd.emails) emails.add(email);
  for (const person of persons) for (const email of person.emails) emails.add(email);
  const contacts = new Map<string, ExtractedContact>();
  for (const email of emails) contacts.set(email, { email, sourceUrl: facts.pageUrl });
  for (const person of persons) {
    for (const email of person.emails) addPersonTo(contacts.get(email) as ExtractedContact, person);
  }
  return { contacts: [...contacts.values()], people: peopleOf(persons) };
}

function addPersonTo(contact: ExtractedContact, person: Person): void {
  if (person.name !== undefined && contact.name === undefined) {
    contact.name = person.name;
    if (person.title !== undefined) contact.title = person.title;
  } else if (person.name !== undefined && contact.name !== undefined && sameName(contact.name, person.name)) {
    // Another source may add a title, but only to the same name: fields of different people never mix.
    if (contact.title === undefined && person.title !== undefined) contact.title = person.title;
  }
  if (contact.phone === undefined && person.phone !== undefined) contact.phone = person.phone;
}

function peopleOf(persons: readonly Person[]): ExtractedPerson[] {
  const people: ExtractedPerson[] = [];
  const byEmail = new Map<string, ExtractedPerson>();
  const byName = new Map<string, ExtractedPerson>();
  for (const person of persons) {
    if (person.name === undefined) continue;
    const email = person.emails[0];
    const namesake = byName.get(person.name.toLowerCase());
    const known =
      (email === undefined ? undefined : byEmail.get(email)) ??
      (namesake !== undefined && (email === undefined || namesake.email === undefined)
        ? namesake
        : undefined);
    const entry = known ?? { name: person.name, source: person.source };
    if (known === undefined) people.push(entry);
    if (entry.title === undefined && person.title !== undefined) entry.title = person.title;
    if (entry.email === undefined && email !== undefined) entry.email = email;
    if (entry.phone === undefined && person.phone !== undefined) entry.phone = person.phone;
    if (entry.email !== undefined) byEmail.set(entry.email, entry);
    byName.set(entry.name.toLowerCase(), entry);
  }
  return people;
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function cleanPerson(draft: PersonDraft): Person {
  const joined = [draft.givenName, draft.familyName].filter((part) => part !== undefined).join(' ');
  const person: Person = { emails: [...new Set(draft.emails)], source: draft.source };
  const name = cleanPersonText(draft.name ?? (joined === '' ? undefined : joined), 'name');
  const title = cleanPersonText(draft.title, 'title');
  if (name !== undefined) person.name = name;
  if (title !== undefined) person.title = title;
  if (draft.phone !== undefined) person.phone = draft.phone;
  return person;
}
