import { urlSchema } from '@coldreach/config';
import { createLogger } from '@coldreach/observability';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { CommandError, UsageError } from './cli-errors';

// The analytics counters are rebuilt from the Kafka topics (connected mode only: the embedded
// in-process bus keeps no history to replay).

const command = 'analytics rebuild';
const databaseUrlSchema = urlSchema(['postgres:', 'postgresql:']);

export async function analyticsRebuildCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs(command, args, { flags: ['database', 'kafka-namespace'], positionals: [] });
  const url = flags.get('database');
  if (url === undefined)
    throw new UsageError(`${command}: missing --database <postgres-url> (ANALYTICS_DATABASE_URL)`);
  if (!databaseUrlSchema.safeParse(url).success) {
    throw new UsageError(`${command}: --database must be a URL starting with postgres:// or postgresql://`);
  }
  const brokers = context.kafkaBrokers();
  const namespace = flags.get('kafka-namespace');
  // Loaded here only: the other commands need neither the analytics service nor a Kafka client.
  const [{ openAnalyticsDatabase, rebuildAnalytics }, { createKafkaEventBus, createKafkaTopicOffsets }] =
    await Promise.all([import('@coldreach/analytics-service'), import('@coldreach/events')]);
  // Quiet: failures reach the user as the one-line error, progress as the lines below.
  const logger = createLogger({ name: 'admin-cli', level: 'silent' });
  const dataSource = await openAnalyticsDatabase({ url }, { migrate: false });
  const bus = createKafkaEventBus({ brokers, namespace, clientId: 'coldreach-admin-cli', logger });
  const offsets = createKafkaTopicOffsets({ brokers, namespace, clientId: 'coldreach-admin-cli', logger });
  try {
    if (await dataSource.showMigrations()) {
      throw new CommandError(
        'that database is not a migrated analytics database: give ANALYTICS_DATABASE_URL of a running analytics service',
      );
    }
    await rebuildAnalytics({ dataSource, bus, offsets, logger, progress: (line) => context.print(line) });
  } finally {
    await bus.close();
    await offsets.close();
    await dataSource.destroy();
  }
}
