import type { Logger } from '@coldreach/observability';

export interface DailyCommandBudget {
  /** Counts `count` commands sent now; warns once a day when 80% of the budget is crossed. */
  record(count?: number): void;
  /** Commands counted so far today (UTC). */
  today(): number;
  /** The configured budget, or undefined when none is. */
  budget(): number | undefined;
  /** Sets the budget (and who is warned) from now on; today's count is kept. */
  configure(options: { budget: number; logger?: Pick<Logger, 'warn'> }): void;
}

/** The share of the budget that triggers the day's one warning. */
export const budgetWarningShare = 0.8;

/**
 * Redis commands sent by this process today (UTC days, as managed Redis free tiers count them),
 * against an optional daily budget: crossing 80% of it logs one warning per day.
 */
export function createDailyCommandBudget(options: {
  budget?: number;
  logger?: Pick<Logger, 'warn'>;
  now?: () => Date;
}): DailyCommandBudget {
  let { budget, logger } = options;
  checkBudget(budget);
  const now = options.now ?? (() => new Date());
  let day = '';
  let count = 0;
  let warned = false;

  function rollOver(): void {
    const current = now().toISOString().slice(0, 10);
    if (current === day) return;
    day = current;
    count = 0;
    warned = false;
  }

  return {
    budget: () => budget,
    configure(settings) {
      checkBudget(settings.budget);
      budget = settings.budget;
      logger = settings.logger ?? logger;
    },
    record(commands = 1) {
      rollOver();
      count += commands;
      if (budget === undefined || warned || count < budget * budgetWarningShare) return;
      warned = true;
      logger?.warn(
        { commandsToday: count, dailyCommandBudget: budget, day },
        'Redis commands today passed 80% of the daily budget (REDIS_DAILY_COMMAND_BUDGET)',
      );
    },
    today() {
      rollOver();
      return count;
    },
  };
}

function checkBudget(budget: number | undefined): void {
  if (budget !== undefined && !(Number.isInteger(budget) && budget > 0))
    throw new Error('the daily Redis command budget must be a positive whole number');
}
