import { parseSmtpUrl } from './smtp-url';

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

  it('refuses other schemes, missing hosts and half credentials without quoting the URL', () => {
    for (const url of [
      'https://alice:s3cret@mail.example.com',
      'smtp://',
      'smtp://alice@mail.example.com',
      'smtp://alice:s3cret@mail.example.com/path',
      'not a url s3cret',
    ]) {
      const result = parseSmtpUrl(url);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problem).not.toContain('s3cret');
    }
  });
});
