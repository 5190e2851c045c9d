import type { DataSource } from 'typeorm';
import { urlSchema } from '@coldreach/config';
import { openDataSource } from '@coldreach/db';
import { createLogger } from '@coldreach/observability';
import { consumerEntities, listDeadLetters, replayDeadLetter, type DeadLetter } from '@coldreach/outbox';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { CommandError, UsageError } from './cli-errors';
import { formatTable, formatTime } from './format-table';

// Dead letters live in each consuming service's own database, so the commands take its URL. They
// print where a message came from and why it failed, never its bytes.

const databaseUrlSchema = urlSchema(['postgres:', 'postgresql:']);
const maxReasonWidth = 100;

export async function deadLettersListCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('dead-letters list', args, { flags: ['database', 'limit'], positionals: [] });
  const limit = parseLimit(flags.get('limit'));
  const deadLetters = await withDatabase(databaseFlag('dead-letters list', flags), (dataSource) =>
    listDeadLetters(dataSource, { limit }),
  );
  if (deadLetters.length === 0) {
    context.print('No dead letters.');
    return;
  }
  const rows = deadLetters.map((d) => [
    d.id,
    d.consumerGroup,
    d.topic,
    String(d.partition),
    d.offset,
    d.key,
    String(d.attempts),
    formatTime(d.createdAt),
    d.replayedAt ? formatTime(d.replayedAt) : '-',
    oneLine(d.reason),
  ]);
  const headers = [
    'ID',
    'GROUP',
    'TOPIC',
    'PARTITION',
    'OFFSET',
    'KEY',
    'ATTEMPTS',
    'FAILED',
    'REPLAYED',
    'REASON',
  ];
  for (const line of formatTable(headers, rows)) context.print(line);
}

export async function deadLettersReplayCommand(
  args: readonly string[],
  context: AdminContext,
): Promise<void> {
  const { positionals, flags } = parseArgs('dead-letters replay', args, {
    flags: ['database'],
    positionals: ['id'],
  });
  const url = databaseFlag('dead-letters replay', flags);
  const brokers = context.kafkaBrokers();
  // Loaded here only: the other commands need no Kafka client.
  const { createKafkaEventBus } = await import('@coldreach/events');
  const replayed: DeadLetter = await withDatabase(url, async (dataSource) => {
    // Quiet: failures reach the user as the one-line error, not as driver logs.
    const bus = createKafkaEventBus({
      brokers,
      clientId: 'coldreach-admin-cli',
      logger: createLogger({ name: 'admin-cli', level: 'silent' }),
    });
    try {
      return await replayDeadLetter(dataSource, bus, positionals[0] as string);
    } finally {
      await bus.close();
    }
  });
  context.print(
    `Dead letter ${replayed.id} replayed to ${replayed.topic} (key ${replayed.key}); ` +
      `consumer group ${replayed.consumerGroup} will handle it again.`,
  );
}

function databaseFlag(command: string, flags: Map<string, string>): string {
  const url = flags.get('database');
  if (url === undefined) throw new UsageError(`${command}: missing --database <postgres-url>`);
  if (!databaseUrlSchema.safeParse(url).success) {
    throw new UsageError(`${command}: --database must be a URL starting with postgres:// or postgresql://`);
  }
  return url;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return 100;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new UsageError('dead-letters list: --limit must be a whole number from 1 to 10000');
  }
  return limit;
}

/** Opens the consumer database (without migrating it), runs `use`, and closes it. */
async function withDatabase<T>(url: string, use: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = await openDataSource({ location: { url }, entities: consumerEntities, migrations: [] });
  try {
    const [table] = (await dataSource.query("SELECT to_regclass('dead_letters') AS name")) as {
      name: unknown;
    }[];
    if (!table?.name) {
      throw new CommandError(
        'that database has no dead_letters table: give the (migrated) database of a consuming service',
      );
    }
    return await use(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maxReasonWidth ? `${flat.slice(0, maxReasonWidth - 1)}…` : flat;
}
