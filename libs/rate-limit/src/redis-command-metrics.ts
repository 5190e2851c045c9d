import type { Redis } from 'ioredis';
import {
  defineCollectedGauge,
  defineCounter,
  defineHistogram,
  latencyBuckets,
  type Logger,
} from '@coldreach/observability';
import { createDailyCommandBudget } from './daily-command-budget';

export interface RedisMetricsOptions {
  /** Commands per day this process may send (a managed free tier's limit); warned about at 80%. */
  dailyCommandBudget?: number;
  logger?: Pick<Logger, 'warn'>;
}

const commands = defineCounter({
  name: 'coldreach_redis_commands_total',
  help: 'Redis commands sent, by command name',
  labelNames: ['command'],
});
const failures = defineCounter({
  name: 'coldreach_redis_command_errors_total',
  help: 'Redis commands that failed (error reply, timeout, no connection), by command name',
  labelNames: ['command'],
});
const duration = defineHistogram({
  name: 'coldreach_redis_command_duration_seconds',
  help: 'Time from sending a Redis command to its reply, by command name',
  labelNames: ['command'],
  buckets: latencyBuckets,
});
const commandsToday = defineCollectedGauge({
  name: 'coldreach_redis_commands_today',
  help: 'Redis commands this process sent since midnight UTC',
  labelNames: [],
});
const dailyBudget = defineCollectedGauge({
  name: 'coldreach_redis_daily_command_budget',
  help: 'REDIS_DAILY_COMMAND_BUDGET: Redis commands per day this process should stay under',
  labelNames: [],
});
const usedMemory = defineCollectedGauge({
  name: 'coldreach_redis_used_memory_bytes',
  help: 'used_memory of the Redis server, from INFO memory',
  labelNames: [],
});

// One count per process, whatever number of clients it makes: the budget is the process's.
const budget = createDailyCommandBudget({});
commandsToday.addSource((set) => set({}, budget.today()));
dailyBudget.addSource((set) => {
  const configured = budget.budget();
  if (configured !== undefined) set({}, configured);
});

/**
 * Counts and times every command of `redis` (auto-pipelined ones too: ioredis sends each through
 * sendCommand), and reports the server's memory on scrape while the client is connected.
 */
export function instrumentRedisClient(redis: Redis, options: RedisMetricsOptions): void {
  if (options.dailyCommandBudget !== undefined)
    budget.configure({ budget: options.dailyCommandBudget, logger: options.logger });
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    const labels = { command: command.name.toLowerCase() };
    commands.inc(labels);
    budget.record();
    const end = duration.startTimer(labels);
    command.promise.then(
      () => end(),
      () => {
        end();
        failures.inc(labels);
      },
    );
    return send(command, ...rest);
  };
  const removeMemorySource = usedMemory.addSource(async (set) => {
    if (redis.status !== 'ready') return;
    const match = /^used_memory:(\d+)/m.exec(await redis.info('memory'));
    if (match) set({}, Number(match[1]));
  });
  redis.once('end', removeMemorySource);
}
