import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import { createKafkaEventBus, type EventBus, type ReceivedMessage } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { consumerEntities, consumerMigrations, createMessageHandler } from '@coldreach/outbox';
import {
  createTestDatabases,
  randomName,
  testKafkaBrokers,
  waitFor,
  type TestDatabase,
} from '@coldreach/testing';
import { runAdmin } from '../test/run-admin';

// Every CLI run is a new process (~1-2 s).
jest.setTimeout(120_000);

/**
 * stderr without kafkajs' harmless TimeoutNegativeWarning on Node 24
 * (https://github.com/tulios/kafkajs/issues/1751), which libs/events does not silence yet.
 */
const withoutKafkajsWarning = (stderr: string) =>
  stderr.replace(/\(node:\d+\) TimeoutNegativeWarning:.*\n.*\n\(Use `node --trace-warnings.*\n/g, '');

const logger = createLogger({ name: 'dead-letters-cli-test', level: 'silent' });
const body = 'SECRET-BODY-TEXT: Dear Jane, here is the offer';

describe('admin CLI dead-letters', () => {
  let databases: TestDatabase[];
  let consumerDb: DataSource;
  let bus: EventBus;
  let topic: string;
  let deadLetterId: string;
  let url: string;
  const kafkaEnv = () => ({ KAFKA_BROKERS: testKafkaBrokers().join(',') });

  beforeAll(async () => {
    databases = await createTestDatabases(2, 'cr_dead_letters');
    url = databases[0]!.url;
    consumerDb = await openDataSource({
      location: { url },
      entities: consumerEntities,
      migrations: consumerMigrations,
      migrate: true,
    });
    bus = createKafkaEventBus({ brokers: testKafkaBrokers(), clientId: randomName('cli-test'), logger });
    topic = randomName('cli.dead_letters');
    await bus.ensureTopics([{ name: topic, partitions: 1 }]);

    // A consumer that cannot handle this message gives up on it after one attempt.
    const handle = createMessageHandler({
      groupId: 'cli-test-group',
      dataSource: consumerDb,
      logger,
      maxAttempts: 1,
      handle: async () => {
        throw new Error('could not parse\nthe payload');
      },
    });
    const message: ReceivedMessage = {
      topic,
      partition: 0,
      offset: '17',
      key: 'client-42',
      value: Buffer.from(body),
      headers: { 'event-id': '5b0b6f1e-8a59-4a43-9c43-3f8f8e2a4c11' },
    };
    await handle(
      { topic, partition: 0, messages: [message] },
      { heartbeat: async () => undefined, signal: new AbortController().signal },
    );
    const [row] = (await consumerDb.query('SELECT id FROM dead_letters')) as { id: string }[];
    deadLetterId = row!.id;
  });
  afterAll(async () => {
    await bus?.close();
    await consumerDb?.destroy();
    await Promise.all((databases ?? []).map((db) => db.drop()));
  });

  it('lists where each dead letter came from and why, never its bytes', async () => {
    const result = await runAdmin(['dead-letters', 'list', '--database', url], {});
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [header, row, ...rest] = result.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(header).toMatch(
      /^ID\s+GROUP\s+TOPIC\s+PARTITION\s+OFFSET\s+KEY\s+ATTEMPTS\s+FAILED\s+REPLAYED\s+REASON$/,
    );
    expect(row).toMatch(
      new RegExp(
        `^${deadLetterId}\\s+cli-test-group\\s+${topic}\\s+0\\s+17\\s+client-42\\s+1\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+-\\s+could not parse the payload$`,
      ),
    );
    expect(result.stdout).not.toContain('SECRET');
  });

  it('replays a dead letter once, byte for byte, and refuses a second replay', async () => {
    const received: ReceivedMessage[] = [];
    const subscription = await bus.subscribe({
      groupId: randomName('cli-replay'),
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => void received.push(...batch.messages),
    });
    try {
      const replay = await runAdmin(['dead-letters', 'replay', deadLetterId, '--database', url], kafkaEnv());
      expect(replay.code).toBe(0);
      expect(withoutKafkajsWarning(replay.stderr)).toBe('');
      expect(replay.stdout).toContain(`Dead letter ${deadLetterId} replayed to ${topic}`);
      expect(replay.stdout).not.toContain('SECRET');
      await waitFor(() => received.length > 0, { timeoutMs: 30_000, what: 'the replayed message' });
      expect(received[0]).toMatchObject({
        key: 'client-42',
        headers: { 'event-id': '5b0b6f1e-8a59-4a43-9c43-3f8f8e2a4c11', 'replayed-from': deadLetterId },
      });
      expect(Buffer.from(received[0]!.value).toString()).toBe(body);

      const again = await runAdmin(['dead-letters', 'replay', deadLetterId, '--database', url], kafkaEnv());
      expect(again.code).toBe(1);
      expect(withoutKafkajsWarning(again.stderr)).toMatch(
        new RegExp(`^error: dead letter ${deadLetterId} was already replayed at \\S+\\n$`),
      );
      const list = await runAdmin(['dead-letters', 'list', '--database', url], {});
      expect(list.stdout).toMatch(
        new RegExp(
          `${deadLetterId}.*\\d\\dZ\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\s+could not parse`,
        ),
      );
    } finally {
      await subscription.close();
    }
  });

  it('fails clearly without brokers, for an unknown id, or on a database without dead letters', async () => {
    const noBrokers = await runAdmin(['dead-letters', 'replay', deadLetterId, '--database', url], {});
    expect(noBrokers.code).toBe(1);
    expect(noBrokers.stderr).toContain('KAFKA_BROKERS is required');

    const missing = '00000000-0000-4000-8000-000000000000';
    const unknown = await runAdmin(['dead-letters', 'replay', missing, '--database', url], kafkaEnv());
    expect(unknown.code).toBe(1);
    expect(withoutKafkajsWarning(unknown.stderr)).toBe(`error: dead letter ${missing} not found\n`);

    const otherDb = databases[1]!.url;
    const noTable = await runAdmin(['dead-letters', 'list', '--database', otherDb], {});
    expect(noTable.code).toBe(1);
    expect(noTable.stderr).toContain('has no dead_letters table');

    const unreachable = await runAdmin(
      ['dead-letters', 'list', '--database', 'postgres://admin:hunter2@127.0.0.1:1/x'],
      {},
    );
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).not.toContain('hunter2');
  });

  it('answers bad usage with exit code 2', async () => {
    const cases: [string[], string][] = [
      [['dead-letters'], 'dead-letters: missing subcommand (one of list, replay)'],
      [['dead-letters', 'list'], 'dead-letters list: missing --database <postgres-url>'],
      [['dead-letters', 'list', '--database', 'mysql://x/y'], 'dead-letters list: --database must be a URL'],
      [['dead-letters', 'list', '--database', url, '--limit', '0'], 'dead-letters list: --limit must be'],
      [['dead-letters', 'replay', '--database', url], 'dead-letters replay: missing <id>'],
    ];
    const results = await Promise.all(cases.map(([args]) => runAdmin(args, {})));
    for (const [index, [args, message]] of cases.entries()) {
      expect({ args, code: results[index]!.code }).toEqual({ args, code: 2 });
      expect(results[index]!.stderr.split('\n')[0]).toContain(`error: ${message}`);
    }
  });
});
