import { metricValue, randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import type { Redis } from 'ioredis';
import { createLogger, renderMetrics } from '@coldreach/observability';
import { closeRedisClient, createRedisClient } from './index';

const scrape = async () => (await renderMetrics()).body;
// Commands are refused, not queued, until the client is connected (see createRedisClient).
const connected = (redis: Redis) => waitFor(() => redis.status === 'ready', { what: 'a Redis connection' });

describe('Redis metrics', () => {
  it('count commands by name, their errors and the day’s total, and report used memory', async () => {
    const redis = createRedisClient(testRedisUrl);
    try {
      await connected(redis);
      const before = await scrape();
      const key = randomName('metrics');
      await redis.set(key, 'v', 'EX', 60);
      await redis.get(key);
      await expect(redis.call('NOSUCHCOMMAND')).rejects.toThrow();
      const after = await scrape();

      const delta = (name: string, labels: Record<string, string> = {}) =>
        metricValue(after, name, labels) - metricValue(before, name, labels);
      expect(delta('coldreach_redis_commands_total', { command: 'set' })).toBe(1);
      expect(delta('coldreach_redis_commands_total', { command: 'get' })).toBe(1);
      expect(delta('coldreach_redis_command_errors_total', { command: 'nosuchcommand' })).toBe(1);
      expect(delta('coldreach_redis_command_errors_total', { command: 'get' })).toBe(0);
      expect(delta('coldreach_redis_command_duration_seconds_count', { command: 'get' })).toBe(1);
      // The first scrape's INFO is a command too.
      expect(delta('coldreach_redis_commands_today')).toBeGreaterThanOrEqual(3);
      expect(metricValue(after, 'coldreach_redis_used_memory_bytes')).toBeGreaterThan(0);
    } finally {
      await closeRedisClient(redis);
    }
  });

  it('warns once when the process passes 80% of its daily command budget', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      name: 'budget-test',
      destination: { write: (line: string) => void lines.push(line) },
    });
    const warnings = () =>
      lines
        .map((line) => JSON.parse(line) as { msg: string; dailyCommandBudget?: number })
        .filter((entry) => entry.msg.includes('80% of the daily budget'));
    const redis = createRedisClient(testRedisUrl, { logger, dailyCommandBudget: 1_000_000 });
    try {
      await connected(redis);
      const text = await scrape();
      expect(metricValue(text, 'coldreach_redis_daily_command_budget')).toBe(1_000_000);
      const today = metricValue(text, 'coldreach_redis_commands_today');
      // A budget just above today's count: 80% of it is a few commands away.
      const budget = Math.ceil((today + 10) / 0.8);
      const limited = createRedisClient(testRedisUrl, { logger, dailyCommandBudget: budget });
      try {
        await connected(limited);
        for (let i = 0; i < 20; i++) await limited.ping();
        await waitFor(() => warnings().length > 0, { what: 'the budget warning' });
        expect(warnings()).toEqual([expect.objectContaining({ dailyCommandBudget: budget })]);
      } finally {
        await closeRedisClient(limited);
      }
    } finally {
      await closeRedisClient(redis);
    }
  });
});
