import { outcomeOfFailedFetch, type FetchFailure } from './fetch-failure-rules';

const now = new Date('2026-12-04T12:00:00.000Z');
const settings = { maxAttempts: 3, baseBackoffMs: 1000, maxBackoffMs: 4000, maxRetryAfterMs: 60_000 };
const later = (ms: number) => new Date(now.getTime() + ms);

describe('outcomeOfFailedFetch', () => {
  const cases: [string, FetchFailure, number, ReturnType<typeof outcomeOfFailedFetch>][] = [
    [
      'not HTML is skipped',
      { reason: 'not HTML: image/png', skipped: true },
      1,
      { kind: 'skipped', error: 'not HTML: image/png' },
    ],
    ['404 fails at once', { reason: 'HTTP 404', status: 404 }, 1, { kind: 'failed', error: 'HTTP 404' }],
    ['410 fails at once', { reason: 'HTTP 410', status: 410 }, 1, { kind: 'failed', error: 'HTTP 410' }],
    [
      '429 waits its Retry-After',
      { reason: 'HTTP 429', status: 429, retryAfterMs: 7000 },
      1,
      { kind: 'retry', error: 'HTTP 429', notBefore: later(7000) },
    ],
    [
      'Retry-After is capped',
      { reason: 'HTTP 503', status: 503, retryAfterMs: 86_400_000 },
      1,
      { kind: 'retry', error: 'HTTP 503', notBefore: later(60_000) },
    ],
    [
      '500 backs off, first retry',
      { reason: 'HTTP 500', status: 500 },
      1,
      { kind: 'retry', error: 'HTTP 500', notBefore: later(1000) },
    ],
    [
      '500 backs off, doubled',
      { reason: 'HTTP 500', status: 500 },
      2,
      { kind: 'retry', error: 'HTTP 500', notBefore: later(2000) },
    ],
    [
      '500 on the last attempt fails',
      { reason: 'HTTP 500', status: 500 },
      3,
      { kind: 'failed', error: 'HTTP 500 (after 3 attempts)' },
    ],
    [
      'a timeout is retried',
      { reason: 'timeout after 15s (headers)' },
      1,
      { kind: 'retry', error: 'timeout after 15s (headers)', notBefore: later(1000) },
    ],
    [
      'a reset connection is retried',
      { reason: 'connection reset' },
      2,
      { kind: 'retry', error: 'connection reset', notBefore: later(2000) },
    ],
    [
      'a refused address is never retried',
      { reason: 'refused: 10.0.0.1 is a private address' },
      1,
      { kind: 'failed', error: 'refused: 10.0.0.1 is a private address' },
    ],
    [
      'a name that does not exist fails',
      { reason: 'DNS: ENOTFOUND' },
      1,
      { kind: 'failed', error: 'DNS: ENOTFOUND' },
    ],
    [
      'a DNS timeout is retried',
      { reason: 'DNS: ETIMEOUT' },
      1,
      { kind: 'retry', error: 'DNS: ETIMEOUT', notBefore: later(1000) },
    ],
    [
      'too large fails',
      { reason: 'too large: over 5 MB' },
      1,
      { kind: 'failed', error: 'too large: over 5 MB' },
    ],
    [
      'too many redirects fails',
      { reason: 'too many redirects (5)' },
      1,
      { kind: 'failed', error: 'too many redirects (5)' },
    ],
    [
      'a TLS error fails',
      { reason: 'TLS: CERT_HAS_EXPIRED' },
      1,
      { kind: 'failed', error: 'TLS: CERT_HAS_EXPIRED' },
    ],
  ];

  it.each(cases)('%s', (_name, failure, attempt, expected) => {
    expect(outcomeOfFailedFetch(failure, attempt, now, settings)).toEqual(expected);
  });
});
