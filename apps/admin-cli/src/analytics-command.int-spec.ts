import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import { analyticsTopics, openAnalyticsDatabase } from '@coldreach/analytics-service';
import { ClientCreatedSchema, eventTypes, topics } from '@coldreach/contracts';
import { createKafkaEventBus, type EventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { createEnvelope } from '@coldreach/outbox';
import { createTestDatabase, randomName, testKafkaBrokers, type TestDatabase } from '@coldreach/testing';
import { runAdmin } from '../test/run-admin';

// Every CLI run is a new process (~1-2 s), and a rebuild joins a Kafka group.
jest.setTimeout(180_000);

const logger = createLogger({ name: 'analytics-cli-test', level: 'silent' });

describe('admin CLI analytics rebuild', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let bus: EventBus;
  const namespace = randomName('cli_analytics');
  const workspaceId = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase('cr_analytics_cli');
    dataSource = await openAnalyticsDatabase({ url: database.url });
    bus = createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId: randomName('cli-test'),
      namespace,
      logger,
    });
    await bus.ensureTopics(analyticsTopics);
    const leads = Array.from({ length: 5 }, () => {
      const clientId = randomUUID();
      return createEnvelope({
        type: eventTypes.clientCreated,
        workspaceId,
        key: clientId,
        source: 'client-service',
        payload: {
          schema: ClientCreatedSchema,
          message: create(ClientCreatedSchema, {
            client: { id: clientId, workspaceId, email: 'a@corp.example' },
          }),
        },
      });
    });
    await bus.publish(topics.clientsEvents, leads);
  });

  afterAll(async () => {
    await bus.close();
    await dataSource.destroy();
    await database.drop();
  });

  it('replays the topics into the analytics database, printing its progress', async () => {
    const result = await runAdmin(
      ['analytics', 'rebuild', '--database', database.url, '--kafka-namespace', namespace],
      {
        KAFKA_BROKERS: testKafkaBrokers().join(','),
      },
    );
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('rebuild: reading clients.events, campaigns.events');
    expect(result.stdout).toMatch(/rebuild: done, 5 events read; the rebuilt counters are live/);
    const [row] = (await dataSource.query(
      'SELECT count(*)::int AS n FROM analytics.lead_states WHERE workspace_id = $1',
      [workspaceId],
    )) as { n: number }[];
    expect(row?.n).toBe(5);
  });

  it('names what is missing', async () => {
    const noDatabase = await runAdmin(['analytics', 'rebuild'], {
      KAFKA_BROKERS: testKafkaBrokers().join(','),
    });
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.stderr).toContain('analytics rebuild: missing --database <postgres-url>');
    const noBrokers = await runAdmin(['analytics', 'rebuild', '--database', database.url], {});
    expect(noBrokers.code).toBe(1);
    expect(noBrokers.stderr).toContain('KAFKA_BROKERS is required');
  });
});
