// Benchmark: analytics ingest of 1,000,000 events (a realistic mix) into its PostgreSQL tables,
// beside raw kafkajs consumption of the same topic, in one run on the project's broker.
// Usage: npm run bench:analytics [-- <events>]
import { cpus, totalmem } from 'node:os';
import {
  analyticsTopics,
  openAnalyticsDatabase,
  startAnalyticsEventsConsumer,
} from '@coldreach/analytics-service';
import { topics } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { createTestDatabase, randomName, testKafkaBrokers, type TestDatabase } from '@coldreach/testing';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { runBench } from '../run-bench';
import { emptyTotals, eventMix } from './event-mix';
import { checkTotals } from './check-totals';
import { consumeRaw, createBatchClock } from './raw-consume';

const count = Number(process.argv[2] ?? '1000000');
const brokers = testKafkaBrokers();
const namespace = randomName('bench_analytics');
const logger = createLogger({ name: 'bench-analytics', level: 'warn' });
let database: TestDatabase | undefined;

async function main(): Promise<void> {
  const bus = createKafkaEventBus({ brokers, namespace, clientId: 'bench-analytics', logger });
  await bus.ensureTopics(analyticsTopics);
  // Every event on one topic (the analytics consumer reads whatever type comes on any of its topics).
  const totals = emptyTotals();
  const produceStart = performance.now();
  for (const chunk of eventMix(count, 5000, totals)) await bus.publish(topics.emailEvents, chunk);
  const produceSeconds = (performance.now() - produceStart) / 1000;
  console.log(`produced ${totals.events} events in ${produceSeconds.toFixed(1)} s`);

  const raw = await consumeRaw(
    brokers,
    `${namespace}.${topics.emailEvents}`,
    `${namespace}.raw`,
    totals.events,
  );
  console.log(`raw kafkajs: ${Math.round(raw.perSecond)} events/s`);

  database = await createTestDatabase('bench_analytics');
  const dataSource = await openAnalyticsDatabase({ url: database.url });
  const clock = createBatchClock(totals.events);
  const subscription = await startAnalyticsEventsConsumer({
    dataSource,
    bus,
    logger,
    onBatchApplied: (batch) => clock.batchDone(batch.messages.length),
  });
  const ingest = await clock.done;
  await subscription.close();
  console.log(`analytics ingest: ${Math.round(ingest.perSecond)} events/s`);
  const mismatches = await checkTotals(dataSource, totals);
  await dataSource.destroy();
  await bus.close();

  console.log(
    `\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
  );
  console.log('| path | events | seconds | events/s |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, result] of [
    ['raw kafkajs consume', raw],
    ['analytics ingest (decode, dedup, count, commit)', ingest],
  ] as const) {
    console.log(
      `| ${name} | ${result.events} | ${result.seconds.toFixed(1)} | ${Math.round(result.perSecond)} |`,
    );
  }
  console.log(`\nAnalytics/raw: **${(ingest.perSecond / raw.perSecond).toFixed(2)}** (target ≥ 0.7)`);
  if (mismatches.length > 0) throw new Error(`counts are not exact:\n${mismatches.join('\n')}`);
  console.log(`Counts exact: ${Object.keys(totals).length - 1} totals checked against the generated mix.`);
}

runBench(
  main,
  async () => {
    await database?.drop().catch(() => undefined);
    await deleteKafkaNamespace(brokers, namespace).catch(() => undefined);
  },
  { kafka: true },
);
