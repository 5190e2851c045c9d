import { rcptReason, replyDetail, sessionRefusal } from './smtp-replies';

describe('rcptReason', () => {
  it.each([
    [250, ['2.1.5 OK'], 'smtp_accepted'],
    [251, ['User not local; will forward'], 'smtp_accepted'],
    [
      550,
      ['5.1.1 <nobody@example.test>: no such user'],
      'smtp_rejected: 550 5.1.1 <nobody@example.test>: no such user',
    ],
    [553, ['mailbox name not allowed'], 'smtp_rejected: 553 mailbox name not allowed'],
    [552, ['5.2.2 mailbox full'], 'smtp_rejected: 552 5.2.2 mailbox full'],
    [
      550,
      ['5.7.1 Service unavailable; client host blocked'],
      'smtp_session_refused: 550 5.7.1 Service unavailable; client host blocked',
    ],
    [451, ['4.7.1 Greylisted, try again later'], 'smtp_temporary: 451 4.7.1 Greylisted, try again later'],
    [452, ['too many recipients'], 'smtp_temporary: 452 too many recipients'],
    [354, ['go ahead'], 'smtp_unexpected_reply: 354 go ahead'],
  ])('%s %j → %s', (code, lines, reason) => {
    expect(rcptReason({ code, lines })).toBe(reason);
  });
});

describe('sessionRefusal', () => {
  it.each([
    [421, ['too busy'], 'smtp_temporary: 421 too busy'],
    [554, ['no service for you'], 'smtp_session_refused: 554 no service for you'],
    [220, ['hello'], 'smtp_unexpected_reply: 220 hello'],
  ])('%s %j → %s', (code, lines, reason) => {
    expect(sessionRefusal({ code, lines })).toBe(reason);
  });
});

describe('replyDetail', () => {
  it('joins lines, drops control characters and keeps 200 characters of text', () => {
    expect(replyDetail({ code: 550, lines: ['first\u0007', '  second\tline '] })).toBe(
      '550 first second line',
    );
    expect(replyDetail({ code: 550, lines: ['x'.repeat(500)] })).toBe(`550 ${'x'.repeat(200)}`);
    expect(replyDetail({ code: 250, lines: [''] })).toBe('250');
  });
});
