import { createReportBudget, retryAfterMs } from './report-budget';

describe('the report budget', () => {
  it('allows so many a minute, then none until the minute is over', () => {
    const budget = createReportBudget(3);
    expect([0, 1, 2, 3, 59_999].map((now) => budget.take(now))).toEqual([true, true, true, false, false]);
    expect(budget.take(60_000)).toBe(true);
  });

  it('allows none while Sentry asked to wait', () => {
    const budget = createReportBudget(100);
    budget.pauseUntil(retryAfterMs('30', 1000));
    expect(budget.take(30_999)).toBe(false);
    expect(budget.take(31_000)).toBe(true);
  });

  it.each([
    ['30', 31_000],
    [null, 61_000],
    ['soon', 61_000],
    ['0', 61_000],
  ])('Retry-After %s at 1 s → %d', (header, until) => {
    expect(retryAfterMs(header, 1000)).toBe(until);
  });
});
