import { createLogger } from './create-logger';
import { maxLoggedUrlLength, redactRequestUrl, redactSecretText } from './redact-secrets';

const key = `crk_${'Ab3_-'.repeat(8)}xyz`;
const token = 'eyJ3IjoiMSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('redactRequestUrl', () => {
  it.each([
    ['/api/leads?api_key=abc&q=ann', '/api/leads?api_key=[redacted]&q=ann'],
    ['/api/leads?q=ann&access_token=abc', '/api/leads?q=ann&access_token=[redacted]'],
    [
      '/x?apiKey=1&KEY=2&password=3&client_secret=4&X-Amz-Signature=5',
      '/x?apiKey=[redacted]&KEY=[redacted]&password=[redacted]&client_secret=[redacted]&X-Amz-Signature=[redacted]',
    ],
    [
      '/x?auth=1&sig=2&session_id=3&limit=10',
      '/x?auth=[redacted]&sig=[redacted]&session_id=[redacted]&limit=10',
    ],
    // Percent-encoded names are decoded before they are judged.
    ['/x?api%5Fkey=abc', '/x?api%5Fkey=[redacted]'],
    [`/unsubscribe/${token}`, '/unsubscribe/[token]'],
    [`/unsubscribe/${token}?x=1`, '/unsubscribe/[token]?x=1'],
    [`/%75nsubscribe/${token}`, '/%75nsubscribe/[token]'],
    [`/UNSUBSCRIBE/${token}/`, '/UNSUBSCRIBE/[token]/'],
    [`/t/o/${token}`, '/t/o/[token]'],
    [`/t/c/${token}?x=1`, '/t/c/[token]?x=1'],
    [`/api/leads/${key}`, '/api/leads/crk_[redacted]'],
    [`/api/leads?q=${key}`, '/api/leads?q=crk_[redacted]'],
    [
      '/api/leads/2b1c7f0e-1d2a-4c3b-8d4e-5f6a7b8c9d0e?limit=5',
      '/api/leads/2b1c7f0e-1d2a-4c3b-8d4e-5f6a7b8c9d0e?limit=5',
    ],
    ['/health', '/health'],
  ])('%s → %s', (url, logged) => {
    expect(redactRequestUrl(url)).toBe(logged);
  });

  it('caps a long URL', () => {
    const logged = redactRequestUrl(`/api/${'a'.repeat(5000)}`);
    expect(logged.length).toBeLessThanOrEqual(maxLoggedUrlLength + 1);
  });
});

describe('redactSecretText', () => {
  it('removes keys, token paths and credential query values from free text', () => {
    const text = `'/unsubscribe/${token}' failed; GET /a?token=${token}&q=1 with ${key}`;
    const redacted = redactSecretText(text);
    expect(redacted).not.toContain(token);
    expect(redacted).not.toContain(key.slice(4));
    expect(redacted).toContain('q=1');
  });

  it.each([
    [
      'connect smtp://ann:s3cret@mail.example.com:587 failed',
      'connect smtp://[redacted]@mail.example.com:587 failed',
    ],
    ['redis://:s3cret@cache:6379/0', 'redis://[redacted]@cache:6379/0'],
    ['imaps://ann%40x.com:p@ss@imap.x.com', 'imaps://[redacted]@imap.x.com'],
    [
      'see https://example.com/a@b and mailto:ann@example.com',
      'see https://example.com/a@b and mailto:ann@example.com',
    ],
  ])('removes URL credentials: %s', (text, redacted) => {
    expect(redactSecretText(text)).toBe(redacted);
  });
});

describe('the logger', () => {
  it('redacts secrets from the message and stack of a logged error', () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 't',
      destination: { write: (line: string) => void lines.push(line) },
    });
    const error = Object.assign(new Error(`bad url /unsubscribe/${token}?api_key=${key}`), {
      url: `/x?password=hunter2`,
    });
    logger.error({ err: error }, 'request failed');
    const logged = lines.join('');
    expect(logged).toContain('request failed');
    expect(logged).toContain('/unsubscribe/[token]');
    for (const secret of [token, key, 'hunter2']) expect(logged).not.toContain(secret);
  });
});
