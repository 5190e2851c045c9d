import { create, toJson } from '@bufbuild/protobuf';
import { SendingScheduleSchema, Weekday } from '@coldreach/contracts';
import type { SmtpOutcome } from './classify-smtp-outcome';
import {
  abandonedSendReason,
  afterExpiredLease,
  caughtOutcome,
  caughtResponse,
  claimableNow,
  lastErrorOf,
  mailboxGoneReason,
  nextTimeInSendingWindow,
  outcomeOfAttempt,
  releasedAt,
  sendingLimits,
  unusableOutcome,
  type ClaimedDelivery,
} from './delivery-transitions';

const delivery = (changes: Partial<ClaimedDelivery> = {}): ClaimedDelivery => ({
  id: 'd',
  workspaceId: 'w',
  campaignId: 'c',
  stepId: 's',
  stepPosition: 0,
  clientId: 'l',
  mailboxId: 'm',
  toAddress: 'lead@example.com',
  status: 'sending',
  attempts: 1,
  messageId: '<d@example.com>',
  fencingToken: '1',
  recipient: {},
  subjectTemplate: 'Hi',
  textBodyTemplate: 'Hello',
  htmlBodyTemplate: '',
  schedule: null,
  timeZone: '',
  inReplyTo: '',
  mailbox: {
    fromName: 'Ann',
    fromAddress: 'ann@example.com',
    smtpUrlSealed: null,
    dailyCap: 0,
    domainHourlyCap: 0,
  },
  ...changes,
});

const retry = { maxAttempts: 5, backoffMs: 60_000 };
const now = new Date('2030-01-07T10:00:00Z');

/** Mondays to Fridays, 9 to 17, in New York. */
const weekdaysNineToFive = toJson(
  SendingScheduleSchema,
  create(SendingScheduleSchema, {
    days: [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY],
    windowStart: { hour: 9, minute: 0 },
    windowEnd: { hour: 17, minute: 0 },
    timeZone: 'America/New_York',
  }),
) as Record<string, unknown>;

describe('the next state after an SMTP attempt', () => {
  it.each<[string, SmtpOutcome, number, string, Partial<Record<string, unknown>>]>([
    ['a 2xx', { kind: 'sent', code: 250, response: '250 ok' }, 1, 'sent', { code: 250 }],
    [
      'a 5xx at RCPT TO',
      { kind: 'failed', code: 550, reason: 'no such user', bounce: true },
      1,
      'failed',
      { bounce: true },
    ],
    ['no reply after the message', { kind: 'unknown', reason: 'timeout' }, 1, 'unknown', {}],
    ['no reply, on the last attempt', { kind: 'unknown', reason: 'timeout' }, 5, 'unknown', {}],
    [
      'a 4xx, first attempt',
      { kind: 'retry', code: 451, reason: 'later' },
      1,
      'scheduled',
      { scheduledAt: new Date(now.getTime() + 60_000) },
    ],
    [
      'a 4xx, third attempt (backoff doubles)',
      { kind: 'retry', code: 451, reason: 'later' },
      3,
      'scheduled',
      { scheduledAt: new Date(now.getTime() + 4 * 60_000) },
    ],
    [
      'a 4xx, last attempt',
      { kind: 'retry', code: 451, reason: 'later' },
      5,
      'failed',
      { code: 451, reason: 'later (gave up after 5 attempts)' },
    ],
  ])('%s', (_name, smtp, attempts, status, fields) => {
    const outcome = outcomeOfAttempt(delivery({ attempts }), smtp, retry, now);
    expect(outcome.status).toBe(status);
    expect(outcome).toMatchObject(fields);
  });

  it('puts a retry into the sending window of its campaign', () => {
    // Friday 23:00 UTC is 18:00 in New York: the window reopens on Monday at 9:00 (14:00 UTC).
    const friday = new Date('2030-01-04T23:00:00Z');
    const outcome = outcomeOfAttempt(
      delivery({ schedule: weekdaysNineToFive, timeZone: 'America/New_York' }),
      { kind: 'retry', code: 421, reason: 'busy' },
      { maxAttempts: 5, backoffMs: 1000 },
      friday,
    );
    expect(outcome).toMatchObject({ status: 'scheduled', scheduledAt: new Date('2030-01-07T14:00:00Z') });
  });
});

describe('claimed deliveries that are never sent', () => {
  it.each([
    ['its mailbox is gone', undefined, mailboxGoneReason],
    ['it does not render', 'line 1: unclosed tag', 'the email could not be rendered: line 1: unclosed tag'],
  ])('%s → failed', (_name, problem, reason) => {
    expect(unusableOutcome(delivery({ mailbox: undefined }), problem)).toMatchObject({
      status: 'failed',
      code: 0,
      reason,
    });
  });

  it.each([
    ['a cap said later', { retryAt: now }, now],
    ['the limiter did not answer', 'limiter unavailable' as const, null],
  ])('%s → back to scheduled at %s', (_name, decision, at) => {
    expect(releasedAt(delivery(), decision)).toEqual(at);
  });
});

describe('the catcher', () => {
  it.each([
    ['keeps a message it can build', { draft: {} as never }, { status: 'sent', response: caughtResponse }],
    [
      'fails one it cannot build',
      { problem: 'too big' },
      { status: 'failed', reason: 'the message could not be built: too big' },
    ],
  ])('%s', (_name, caught, expected) => {
    expect(caughtOutcome(delivery(), caught)).toMatchObject({ code: 0, ...expected });
  });
});

describe('expired leases and the unknown rule', () => {
  it.each([
    ['claimed', 'scheduled'],
    ['sending', 'unknown'],
  ] as const)('%s → %s', (from, to) => {
    expect(afterExpiredLease[from]).toBe(to);
  });

  it('the reaper says why an abandoned send is unknown', () => {
    expect(abandonedSendReason).toMatch(/may have been delivered/);
  });

  it('the sending lease outlasts any attempt', () => {
    const smtp = { connectionTimeoutMs: 30_000, greetingTimeoutMs: 30_000, socketTimeoutMs: 120_000 };
    expect(sendingLimits(smtp, 30_000)).toEqual({ sendDeadlineMs: 420_000, sendingLeaseMs: 450_000 });
  });
});

describe('last_error', () => {
  it.each([
    [{ status: 'sent', code: 250, response: 'ok' }, ''],
    [{ status: 'suppressed', suppressionReason: 'unsubscribe' }, 'suppressed (unsubscribe)'],
    [{ status: 'unknown', reason: 'timeout' }, 'timeout'],
  ] as const)('%j → %s', (outcome, expected) => {
    expect(lastErrorOf({ delivery: delivery(), ...outcome })).toBe(expected);
  });
});

describe('how many to claim', () => {
  it.each([
    // concurrency, in flight, batches holding connections → claim
    [64, 0, 0, 64],
    [64, 60, 1, 0], // 4 free: under a quarter, wait for more
    [64, 48, 1, 16], // a quarter free
    [64, 0, 4, 0], // every batch slot holds a connection
    [1, 0, 0, 1],
    [1, 1, 0, 0],
  ])('concurrency %i, %i in flight, %i batches → %i', (concurrency, inFlight, batches, expected) => {
    expect(
      claimableNow({ concurrency, inFlight, batchesHoldingConnections: batches, maxBatchesInFlight: 4 }),
    ).toBe(expected);
  });
});

describe('nextTimeInSendingWindow', () => {
  it('moves a time outside the window to its next opening in the delivery time zone', () => {
    // Friday 18:00 in New York → Monday 09:00 there.
    const row = { schedule: weekdaysNineToFive, timeZone: 'America/New_York' };
    expect(nextTimeInSendingWindow(row, new Date('2030-01-04T23:00:00Z'))).toEqual(
      new Date('2030-01-07T14:00:00Z'),
    );
  });

  it('keeps a time inside the window', () => {
    const row = { schedule: weekdaysNineToFive, timeZone: 'Europe/Paris' };
    const inside = new Date('2030-01-08T10:00:00Z');
    expect(nextTimeInSendingWindow(row, inside)).toEqual(inside);
  });

  it('keeps the time of a delivery without a window, or with one it cannot read', () => {
    const at = new Date('2030-01-05T03:00:00Z');
    expect(nextTimeInSendingWindow({ schedule: null, timeZone: 'UTC' }, at)).toEqual(at);
    expect(nextTimeInSendingWindow({ schedule: weekdaysNineToFive, timeZone: 'Not/AZone' }, at)).toEqual(at);
  });
});
