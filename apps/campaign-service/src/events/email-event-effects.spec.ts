import { bounceError } from './email-event-effects';

describe('bounceError', () => {
  it.each([
    [550, '5.1.1 user unknown', '550 5.1.1 user unknown'],
    [550, '550 5.1.1 user unknown', '550 5.1.1 user unknown'],
    [550, '  5.2.2 mailbox full \n', '550 5.2.2 mailbox full'],
    [0, '5.1.1 user unknown', '5.1.1 user unknown'],
    [554, '', '554'],
    [0, '', 'bounced'],
  ])('code %p with %p reads %p', (code, diagnostic, expected) => {
    expect(bounceError(code, diagnostic)).toBe(expected);
  });
});
