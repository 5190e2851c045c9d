import { listScopeOf } from './list-scope';

const id = '0b8c2a9e-8d0c-4d8e-9d7e-1a2b3c4d5e6f';

describe('listScopeOf', () => {
  it('takes the campaign and mailbox a link names', () => {
    expect(listScopeOf(new URLSearchParams({ campaignId: id, mailboxId: id.toUpperCase() }))).toEqual({
      campaignId: id,
      mailboxId: id.toUpperCase(),
    });
  });

  it.each(['', 'abc', `${id}x`, `${id}&status=sent`])('drops %j, which the API would refuse', (value) => {
    expect(listScopeOf(new URLSearchParams({ campaignId: value, mailboxId: value }))).toEqual({});
  });

  it('is empty without parameters', () => {
    expect(listScopeOf(new URLSearchParams('status=sent'))).toEqual({});
  });
});
