import { hardBounceVerification, isHardBounce } from './hard-bounce';

const at = new Date('2026-12-01T10:00:00.000Z');

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

describe('isHardBounce', () => {
  const checked = (reasons: string[]) => ({ ...hardBounceVerification(550, '', at), reasons });
  it.each([
    ['a recorded bounce', hardBounceVerification(550, '5.1.1 user unknown', at).reasons, true],
    ['a bounce among other reasons', ['mx_found', 'hard_bounce: 550'], true],
    ["a verifier's reasons", ['mx_found', 'smtp_rejected'], false],
    ['the bare word', ['hard_bounce'], false],
    ['no reasons', [], false],
  ])('%s → %s', (_name, reasons, expected) => expect(isHardBounce(checked(reasons))).toBe(expected));
});
