import { outcomeOf } from './scrape-add-outcome';

describe('what adding contacts to a campaign did, in words', () => {
  it('says nothing was skipped when every contact is a lead', () => {
    expect(
      outcomeOf({ contacts: 3, added: 2, alreadyPresent: 1, withoutLeadCount: 0, withoutLead: [] }),
    ).toEqual({
      added: 2,
      alreadyPresent: 1,
    });
  });

  it('names the contacts skipped, and counts those the answer does not name', () => {
    const one = outcomeOf({
      contacts: 2,
      added: 1,
      alreadyPresent: 0,
      withoutLeadCount: 1,
      withoutLead: ['a@x.example'],
    });
    expect(one.skipped).toMatch(/^1 contact is not a lead .*so not added: a@x\.example\.$/);
    const many = outcomeOf({
      contacts: 150,
      added: 0,
      alreadyPresent: 0,
      withoutLeadCount: 102,
      withoutLead: ['a@x.example', 'b@x.example'],
    });
    expect(many.skipped).toMatch(
      /^102 contacts are not leads .*: a@x\.example, b@x\.example and 100 more\.$/,
    );
  });
});
