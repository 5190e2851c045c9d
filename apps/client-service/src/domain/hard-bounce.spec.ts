import { hardBounceVerification, isRecipientRefusal } from './hard-bounce';

const at = new Date('2026-12-01T10:00:00.000Z');

describe('isRecipientRefusal', () => {
  it.each([
    [550, true],
    [551, true],
    [553, true],
    [552, false],
    [554, false],
    [451, false],
    [0, false],
  ])('%i → %s', (code, expected) => expect(isRecipientRefusal(code)).toBe(expected));
});

describe('hardBounceVerification', () => {
  it.each([
    ['a diagnostic', 550, '5.1.1 user unknown', 'hard_bounce: 550 5.1.1 user unknown'],
    ['no diagnostic', 553, '   ', 'hard_bounce: 553'],
    ['lines and tabs joined', 550, ' 5.1.1 no\r\n\tsuch\u0000user ', 'hard_bounce: 550 5.1.1 no such user'],
    ['cut at 200 characters', 550, 'x'.repeat(500), `hard_bounce: 550 ${'x'.repeat(200)}`],
    ['a pair never halved', 550, `${'x'.repeat(199)}😀😀`, `hard_bounce: 550 ${'x'.repeat(199)}😀`],
    ['a lone surrogate replaced', 550, 'bad \ud800 text', 'hard_bounce: 550 bad \ufffd text'],
  ])('%s', (_name, code, diagnostic, reason) => {
    expect(hardBounceVerification(code, diagnostic, at)).toEqual({
      status: 'invalid',
      verdict: 'invalid',
      reasons: [reason],
      mxHost: '',
      checkedAt: at,
      fromCache: false,
    });
  });
});
