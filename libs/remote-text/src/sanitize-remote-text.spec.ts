import fc from 'fast-check';
import { sanitizeRemoteText } from './sanitize-remote-text';

const user = 'alice@corp.example';
const pass = 'c0rrect-Horse-Battery';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const credentials = { user, pass };

describe('sanitizeRemoteText', () => {
  it.each([
    ['AUTH PLAIN with its payload', `535 5.7.8 AUTH PLAIN ${b64(`\0${user}\0${pass}`)} rejected`],
    ['the PLAIN payload alone', `535 5.7.8 bad credentials ${b64(`\0${user}\0${pass}`)}`],
    ['the PLAIN payload with an authzid', `535 ${b64(`${user}\0${user}\0${pass}`)}`],
    ['an AUTH LOGIN continuation line (base64 password)', `535 5.7.8 ${b64(pass)} not accepted`],
    ['the base64 password without padding', `535 ${b64(pass).replace(/=+$/, '')}`],
    ['the decoded PLAIN payload', `535 got \0${user}\0${pass}`],
    ['the password in clear', `535 password ${pass} is wrong`],
    ['the password URL-encoded', `535 ${encodeURIComponent(`${pass}/é`)}`],
    ['the password in another case', `535 ${pass.toUpperCase()}`],
  ])('redacts %s', (_what, reply) => {
    const clean = sanitizeRemoteText(reply, {
      credentials: { user, pass: reply.includes('é') ? `${pass}/é` : pass },
    });
    expect(clean).not.toContain(pass);
    expect(clean.toLowerCase()).not.toContain(pass.toLowerCase());
    expect(clean).not.toContain(b64(pass).replace(/=+$/, ''));
    expect(clean).not.toContain(b64(`\0${user}\0${pass}`).slice(0, 12));
    expect(clean).toContain('[redacted]');
    expect(clean).toMatch(/^535/);
  });

  it.each([
    ['AUTH PLAIN AHVzZXIAcGFzcw==', 'AUTH PLAIN [redacted]'],
    ['auth login dXNlcm5hbWU6', 'auth login [redacted]'],
    ['535 AUTH XOAUTH2 dXNlcj1zb21l failed', '535 AUTH XOAUTH2 [redacted] failed'],
    ['550 see smtp://bob:hunter22@relay.example:587 now', '550 see smtp://[redacted]@relay.example:587 now'],
    ['550 https://token@api.example/x', '550 https://[redacted]@api.example/x'],
    ['421 password=hunter22; try later', '421 password=[redacted]; try later'],
    ['421 {"token": "abc.def"}', '421 {"token": "[redacted]"}'],
    ['500 api_key=xyz&x=1', '500 api_key=[redacted]&x=1'],
    ['550 key crk_AbC123_-xyz leaked', '550 key crk_[redacted] leaked'],
    ['550 sha 0123456789abcdef0123456789abcdef01', '550 sha [redacted]'],
    ['550 tok eyJhbGciOiJIUzI1NiJ9xYz12 end', '550 tok [redacted] end'],
    ['250 2.0.0 Ok: queued as 4FqK3v1dPGz2', '250 2.0.0 Ok: queued as 4FqK3v1dPGz2'],
    [
      '250 2.0.0 OK 1700000000 a1b2c3d4e5f6g7h8.12 - gsmtp',
      '250 2.0.0 OK 1700000000 a1b2c3d4e5f6g7h8.12 - gsmtp',
    ],
    [
      '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown',
      '550 5.1.1 <jane@example.com>: Recipient address rejected: User unknown',
    ],
    [
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
    ],
  ])('%j → %j', (reply, expected) => {
    expect(sanitizeRemoteText(reply)).toBe(expected);
  });

  it('makes one line without control or invisible characters', () => {
    expect(sanitizeRemoteText('550 a\r\n550-b\x00\x1b[31mc\u202ed\u200be\x85f\tg')).toBe(
      '550 a 550-b [31mc d e f g',
    );
  });

  it('caps the length, marking the cut, whatever the input', () => {
    expect(sanitizeRemoteText('x'.repeat(10_000), { maxLength: 20 })).toBe(`${'x'.repeat(19)}…`);
    expect(sanitizeRemoteText('word '.repeat(1000), { maxLength: 50 })).toHaveLength(50);
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.integer({ min: 2, max: 600 }), (text, maxLength) => {
        const clean = sanitizeRemoteText(text, { maxLength });
        // eslint-disable-next-line no-control-regex -- control characters are what must not come out
        return clean.length <= maxLength && !/[\u0000-\u001f\u007f-\u009f]/.test(clean);
      }),
    );
  });

  it('never lets a cut leave part of a secret behind', () => {
    const reply = `${'a '.repeat(990)}${pass}${'b'.repeat(500)}`;
    expect(sanitizeRemoteText(reply, { credentials, maxLength: 500 })).not.toContain(pass.slice(0, 6));
  });

  it('redacts other listed secrets', () => {
    expect(sanitizeRemoteText('550 s3cr3t-value here', { secrets: ['s3cr3t-value'] })).toBe(
      '550 [redacted] here',
    );
  });

  it('accepts what is not a string', () => {
    expect(sanitizeRemoteText(undefined)).toBe('');
    expect(sanitizeRemoteText(new Error('boom'))).toBe('Error: boom');
  });
});
