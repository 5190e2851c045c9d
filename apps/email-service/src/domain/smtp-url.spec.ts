import { parseSmtpUrl, smtpCredentialsOf } from './smtp-url';

describe('parseSmtpUrl', () => {
  it('reads host, port and whether credentials are there', () => {
    expect(parseSmtpUrl('smtp://alice:s3cret@mail.example.com:2525')).toEqual({
      ok: true,
      url: 'smtp://alice:s3cret@mail.example.com:2525',
      endpoint: { host: 'mail.example.com', port: 2525, secure: false, hasCredentials: true },
    });
    expect(parseSmtpUrl('smtps://mail.example.com')).toMatchObject({
      ok: true,
      endpoint: { port: 465, secure: true, hasCredentials: false },
    });
    expect(parseSmtpUrl('smtp://mail.example.com')).toMatchObject({ ok: true, endpoint: { port: 587 } });
  });

  it('refuses a query, where nodemailer would read transport options (a proxy, TLS checks off)', () => {
    expect(parseSmtpUrl('smtp://mail.example.com?proxy=socks5://127.0.0.1:1080')).toEqual({
      ok: false,
      problem: expect.stringContaining('(no query or fragment)'),
    });
  });

  it('refuses other schemes, missing hosts and half credentials without quoting the URL', () => {
    for (const url of [
      'https://alice:s3cret@mail.example.com',
      'smtp://',
      'smtp://alice@mail.example.com',
      'smtp://alice:s3cret@mail.example.com/path',
      'smtp://alice:s3cret@mail.example.com:587?proxy=http://10.0.0.1:3128',
      'smtp://alice:s3cret@mail.example.com:587/?tls.rejectUnauthorized=false',
      'smtp://alice:s3cret@mail.example.com#x',
      'not a url s3cret',
    ]) {
      const result = parseSmtpUrl(url);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).not.toContain('s3cret');
    }
  });
});

describe('smtpCredentialsOf', () => {
  it('decodes the user name and password', () => {
    expect(smtpCredentialsOf('smtp://alice%40corp.example:p%3Ass%2Fw@mail.example.com')).toEqual({
      user: 'alice@corp.example',
      pass: 'p:ss/w',
    });
    expect(smtpCredentialsOf('smtp://mail.example.com')).toBeUndefined();
  });
});
