import { parseSentryDsn } from './sentry-dsn';

describe('parseSentryDsn', () => {
  it.each([
    [
      'https://abc123@o1.ingest.sentry.io/4505',
      {
        envelopeUrl: 'https://o1.ingest.sentry.io/api/4505/envelope/',
        publicKey: 'abc123',
        projectId: '4505',
      },
    ],
    [
      'http://abc:legacysecret@sentry.internal:9000/prefix/path/7',
      {
        envelopeUrl: 'http://sentry.internal:9000/prefix/path/api/7/envelope/',
        publicKey: 'abc',
        projectId: '7',
      },
    ],
  ])('%s', (dsn, parsed) => {
    expect(parseSentryDsn(dsn)).toEqual(parsed);
  });

  it.each([
    ['not a url', /must be a URL/],
    ['ftp://abc@host/1', /must start with https:\/\/ or http:\/\//],
    ['https://host/1', /no public key/],
    ['https://abc@host/', /numeric project id/],
    ['https://abc@host/project', /numeric project id/],
    ['https://abc@host/1?x=1', /query string/],
  ])('refuses %s, naming the problem', (dsn, problem) => {
    expect(() => parseSentryDsn(dsn)).toThrow(problem);
  });

  it('never quotes the DSN in its error', () => {
    expect(() => parseSentryDsn('ftp://publickeyvalue@host/1')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('publickeyvalue') }),
    );
  });
});
