import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { testKafkaBrokers } from '@coldreach/testing';

const root = resolve(__dirname, '..');
const kafkaScript = join(root, 'scripts/kafka.mjs');

/**
 * The Kafka a benchmark uses: the brokers in `KAFKA_BROKERS` when given, otherwise the project's
 * own broker (scripts/kafka.mjs), started when it is not running. `stop` stops the broker only if
 * this call started it, so a benchmark run from a fresh clone leaves nothing running and one run
 * beside `npm run kafka:start` (or inside `npm test`) leaves that broker alone.
 */
export function useBenchKafka(): { brokers: string[]; stop: () => void } {
  const brokers = testKafkaBrokers();
  const ownBroker = brokers.join(',') === '127.0.0.1:9092';
  const running = spawnSync(process.execPath, [kafkaScript, 'status'], { stdio: 'ignore' }).status === 0;
  if (!ownBroker || running) return { brokers, stop: () => undefined };
  const start = spawnSync(process.execPath, [kafkaScript, 'start'], { stdio: 'inherit' });
  if (start.status !== 0) throw new Error('could not start Kafka (node scripts/kafka.mjs start)');
  // Child processes the benchmark starts find the broker the same way.
  process.env.KAFKA_BROKERS = brokers.join(',');
  return {
    brokers,
    stop: () => void spawnSync(process.execPath, [kafkaScript, 'stop'], { stdio: 'inherit' }),
  };
}

/**
 * `BENCH_SMOKE=1` (set by `npm test`'s benchmark smoke step): run every path of the benchmark at a
 * tiny size to prove it still starts and finishes; figures printed then mean nothing and nothing
 * is asserted about them.
 */
export const benchSmoke = process.env.BENCH_SMOKE === '1';
