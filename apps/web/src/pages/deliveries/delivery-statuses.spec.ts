import { canRetry, filterStatuses, lastReply, statusFilterOf, statusLabel } from './delivery-statuses';

describe('delivery statuses', () => {
  it('offers the ledger statuses as filters, not a campaign task’s replied', () => {
    expect(filterStatuses).toEqual([
      'pending',
      'scheduled',
      'claimed',
      'sending',
      'sent',
      'failed',
      'suppressed',
      'unknown',
      'cancelled',
      'bounced',
    ]);
  });

  it.each([
    ['unknown', 'unknown'],
    ['sent', 'sent'],
    ['replied', undefined],
    ['nonsense', undefined],
    [null, undefined],
  ])('reads ?status=%s as %s', (value, expected) => {
    expect(statusFilterOf(value)).toBe(expected);
  });

  it.each([
    ['unknown', true],
    ['sent', false],
    ['failed', false],
    ['scheduled', false],
  ] as const)('a %s delivery can be retried: %s', (status, expected) => {
    expect(canRetry({ status })).toBe(expected);
  });

  it('labels a status for people', () => {
    expect(statusLabel('unknown')).toBe('Unknown');
  });

  it.each([
    [{ lastSmtpCode: 421, lastError: 'try later' }, '421 try later'],
    [{ lastSmtpCode: null, lastError: 'connection reset after DATA' }, 'connection reset after DATA'],
    [{ lastSmtpCode: null, lastError: null }, ''],
  ])('says of the last attempt %j: %s', (delivery, expected) => {
    expect(lastReply(delivery)).toBe(expected);
  });
});
