import { createMemorySendLimiter, limitWindows, type SendLimitInput } from './send-limiter';

const input = (overrides: Partial<SendLimitInput> = {}): SendLimitInput => ({
  workspaceId: 'w',
  mailboxId: 'm1',
  dailyCap: 3,
  domain: 'example.com',
  domainHourlyCap: 0,
  now: new Date('2030-05-06T10:15:00Z'),
  ...overrides,
});

describe('limitWindows', () => {
  it('names the UTC day and hour and when they end', () => {
    expect(limitWindows(new Date('2030-05-06T23:59:59.999Z'))).toEqual({
      day: '2030-05-06',
      hour: '2030-05-06T23',
      dayEnds: new Date('2030-05-07T00:00:00Z'),
      hourEnds: new Date('2030-05-07T00:00:00Z'),
    });
  });
});

describe('createMemorySendLimiter', () => {
  it('allows the daily cap, then defers to the next UTC day', async () => {
    const limiter = createMemorySendLimiter();
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push(await limiter.acquire(input()));
    expect(decisions.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(decisions[3]).toEqual({ allowed: false, retryAt: new Date('2030-05-07T00:00:00Z') });
    // Another mailbox has its own budget; the next day starts afresh.
    expect(await limiter.acquire(input({ mailboxId: 'm2' }))).toEqual({ allowed: true });
    expect(await limiter.acquire(input({ now: new Date('2030-05-07T00:00:01Z') }))).toEqual({
      allowed: true,
    });
  });

  it('throttles per recipient domain and hour, without using the daily budget when deferred', async () => {
    const limiter = createMemorySendLimiter();
    const throttled = (domain: string, now = new Date('2030-05-06T10:15:00Z')) =>
      limiter.acquire(input({ dailyCap: 100, domainHourlyCap: 2, domain, now }));
    expect(await throttled('a.com')).toEqual({ allowed: true });
    expect(await throttled('a.com')).toEqual({ allowed: true });
    expect(await throttled('a.com')).toEqual({ allowed: false, retryAt: new Date('2030-05-06T11:00:00Z') });
    expect(await throttled('b.com')).toEqual({ allowed: true });
    expect(await throttled('a.com', new Date('2030-05-06T11:00:00Z'))).toEqual({ allowed: true });
    // 2 + 1 + 1 sends counted against the day, the deferred one not.
    const capped = createMemorySendLimiter();
    for (let i = 0; i < 3; i++)
      await capped.acquire(input({ dailyCap: 2, domainHourlyCap: 1, domain: `d${i}.com` }));
    expect(await capped.acquire(input({ dailyCap: 2, domainHourlyCap: 1, domain: 'x.com' }))).toMatchObject({
      allowed: false,
    });
  });
});
