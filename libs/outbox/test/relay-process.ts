// A relay in its own process, for the test that SIGKILLs it at random points:
//   node -r @swc-node/register libs/outbox/test/relay-process.ts <database-url> <brokers> <delete-delay-ms>
// It pauses <delete-delay-ms> between publishing a batch and deleting it, widening the window a kill
// must hit to force a republish. Prints "relaying" once it started.
import { setTimeout as sleep } from 'node:timers/promises';
import { openDataSource } from '@coldreach/db';
import { createKafkaEventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { outboxEntities, startOutboxRelay } from '../src/index';

async function main(): Promise<void> {
  const [url, brokers, deleteDelayMs] = process.argv.slice(2);
  if (!url || !brokers || !deleteDelayMs)
    throw new Error('usage: relay-process.ts <database-url> <brokers> <delete-delay-ms>');
  const logger = createLogger({ name: 'relay-process', level: 'warn' });
  const store = await openDataSource({ location: { url }, entities: outboxEntities, migrations: [] });
  const bus = createKafkaEventBus({ brokers: brokers.split(','), clientId: 'relay-process', logger });
  const relay = startOutboxRelay({
    shards: [store],
    bus,
    logger,
    batchSize: 25,
    pollIntervalMs: 10,
    faults: { afterPublish: () => sleep(Number(deleteDelayMs)) },
  });
  process.stdout.write('relaying\n');
  process.once('SIGTERM', () => {
    void relay
      .stop()
      .then(() => bus.close())
      .then(() => store.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`relay-process failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
