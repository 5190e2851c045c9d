import { createDailyCommandBudget } from './daily-command-budget';

function warnings() {
  const lines: object[] = [];
  return { lines, logger: { warn: (fields: object) => void lines.push(fields) } };
}

describe('createDailyCommandBudget', () => {
  it('warns once when a day crosses 80% of the budget, and again on a later day', () => {
    let now = new Date('2026-12-05T10:00:00Z');
    const { lines, logger } = warnings();
    const budget = createDailyCommandBudget({ budget: 100, logger, now: () => now });

    budget.record(79);
    expect(lines).toHaveLength(0);
    budget.record();
    expect(lines).toEqual([{ commandsToday: 80, dailyCommandBudget: 100, day: '2026-12-05' }]);
    budget.record(50);
    expect(lines).toHaveLength(1);
    expect(budget.today()).toBe(130);

    now = new Date('2026-12-06T00:00:01Z');
    expect(budget.today()).toBe(0);
    budget.record(85);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ commandsToday: 85, day: '2026-12-06' });
  });

  it('counts without a budget and never warns', () => {
    const { lines, logger } = warnings();
    const budget = createDailyCommandBudget({ logger });
    budget.record(1_000_000);
    expect(budget.today()).toBe(1_000_000);
    expect(budget.budget()).toBeUndefined();
    expect(lines).toHaveLength(0);
  });

  it('keeps the day’s count when the budget is set later', () => {
    const { lines, logger } = warnings();
    const budget = createDailyCommandBudget({});
    budget.record(9);
    budget.configure({ budget: 10, logger });
    budget.record();
    expect(lines).toHaveLength(1);
  });

  it.each([0, -5, 1.5, Number.NaN])('refuses a budget of %p', (value) => {
    expect(() => createDailyCommandBudget({ budget: value })).toThrow(
      'the daily Redis command budget must be a positive whole number',
    );
  });
});
