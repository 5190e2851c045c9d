// Which leads a job's contacts became, for adding them to a campaign: the contacts asked for (or all),
// split into the leads that exist and the contacts that are no lead.
import { invalidArgument } from '@coldreach/errors';

export interface ContactLead {
  id: string;
  email: string;
  /** The lead the contact became; '' when the Scraper service recorded none. */
  clientId: string;
}

/**
 * The contacts the caller named (every one of the job's when none are named). A named id that is not
 * one of the job's contacts is the caller's mistake: 400 naming each such entry.
 */
export function chosenContacts(
  contacts: readonly ContactLead[],
  resultIds?: readonly string[],
): ContactLead[] {
  if (resultIds === undefined) return [...contacts];
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  const wanted = resultIds.map((id) => id.toLowerCase());
  const strangers = wanted.flatMap((id, index) => (byId.has(id) ? [] : [index]));
  if (strangers.length > 0) {
    throw invalidArgument(
      strangers.map((index) => ({
        field: `body.resultIds[${index}]`,
        message: 'is not a contact of this scrape job',
      })),
    );
  }
  return [...new Set(wanted)].map((id) => byId.get(id)!);
}

/** The distinct lead ids of the contacts, those the Client service does not have left out by email. */
export function splitByLead(contacts: readonly ContactLead[], missingLeadIds: ReadonlySet<string>) {
  const leadIds = new Set<string>();
  const withoutLead: string[] = [];
  for (const contact of contacts) {
    if (contact.clientId === '' || missingLeadIds.has(contact.clientId)) withoutLead.push(contact.email);
    else leadIds.add(contact.clientId);
  }
  return { leadIds: [...leadIds], withoutLead };
}

/** The distinct lead ids the contacts name (to ask the Client service which exist). */
export function namedLeadIds(contacts: readonly ContactLead[]): string[] {
  return [...new Set(contacts.map((contact) => contact.clientId).filter((id) => id !== ''))];
}

/** Items in calls of at most `size` (the services' batch limits). */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
