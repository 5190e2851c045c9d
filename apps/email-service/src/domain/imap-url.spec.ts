import { parseImapUrl } from './imap-url';

describe('parseImapUrl', () => {
  it.each([
    ['imaps://bob:pw@mail.example.com', { host: 'mail.example.com', port: 993, secure: true }],
    ['imap://bob:pw@mail.example.com', { host: 'mail.example.com', port: 143, secure: false }],
    ['imaps://bob%40corp:p%2Fw@[::1]:1993/', { host: '::1', port: 1993, secure: true }],
  ])('reads %s', (url, endpoint) => {
    expect(parseImapUrl(url)).toEqual({ ok: true, url, endpoint });
  });

  it.each([
    ['not a url', 'must be a URL like'],
    ['smtps://bob:pw@mail.example.com', 'scheme imap or imaps'],
    ['imaps://mail.example.com', 'a user name and a password are required'],
    ['imaps://bob@mail.example.com', 'a user name and a password are required'],
    ['imaps://bob:pw@mail.example.com/Archive', 'no path'],
    ['imaps://bob:pw@mail.example.com?tls=off', 'no query or fragment'],
  ])('refuses %s without quoting it', (url, problem) => {
    const result = parseImapUrl(url);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).toContain(problem);
      expect(result.problem).not.toContain('pw');
    }
  });
});
