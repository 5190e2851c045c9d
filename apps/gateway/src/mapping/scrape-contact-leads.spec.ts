import { DomainError } from '@coldreach/errors';
import {
  chosenContacts,
  inBatches,
  namedLeadIds,
  splitByLead,
  type ContactLead,
} from './scrape-contact-leads';

const contact = (n: number, clientId = `lead-${n}`): ContactLead => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  email: `p${n}@a.example`,
  clientId,
});
const contacts = [contact(1), contact(2), contact(3, ''), contact(4)];

describe('the contacts chosen', () => {
  it('are all of the job’s when none are named', () => {
    expect(chosenContacts(contacts)).toEqual(contacts);
  });

  it('are those named, once each, whatever the case of their ids', () => {
    const named = [contact(4).id.toUpperCase(), contact(2).id, contact(4).id];
    expect(chosenContacts(contacts, named)).toEqual([contact(4), contact(2)]);
  });

  it('refuse a named id that is not one of the job’s contacts, naming each entry', () => {
    const stranger = '00000000-0000-4000-8000-000000000009';
    let error: unknown;
    try {
      chosenContacts(contacts, [contact(1).id, stranger, stranger]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).violations.map((v) => v.field)).toEqual([
      'body.resultIds[1]',
      'body.resultIds[2]',
    ]);
  });
});

describe('the leads of the contacts', () => {
  it('names each lead id once, and none for a contact without one', () => {
    expect(namedLeadIds([...contacts, contact(1)])).toEqual(['lead-1', 'lead-2', 'lead-4']);
  });

  it('leaves out the contacts whose lead is missing or was never recorded, by email', () => {
    expect(splitByLead(contacts, new Set(['lead-2']))).toEqual({
      leadIds: ['lead-1', 'lead-4'],
      withoutLead: ['p2@a.example', 'p3@a.example'],
    });
  });
});

describe('batches', () => {
  it.each([
    [[], 2, []],
    [[1, 2, 3], 2, [[1, 2], [3]]],
    [[1, 2], 2, [[1, 2]]],
  ])('%j in calls of %i', (items, size, expected) => {
    expect(inBatches(items, size)).toEqual(expected);
  });
});
