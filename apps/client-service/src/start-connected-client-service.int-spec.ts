import { randomUUID } from 'node:crypto';
import { ClientService, topics } from '@coldreach/contracts';
import { createKafkaEventBus } from '@coldreach/events';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createTestDatabases, randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { contactFound } from '../test/client-consumers-rig';
import { readClientServiceConfig } from './config';
import { startConnectedClientService } from './start-connected-client-service';

// Connected mode as main.ts starts it: from the environment alone, the scrape.events consumer reads
// Kafka and writes leads to the shards, and the ordered shutdown closes every part.
jest.setTimeout(180_000);

const logger = createLogger({ name: 'client-connected-test', level: 'silent' });

it('turns scraped contacts on Kafka into leads and shuts down in order', async () => {
  const databases = await createTestDatabases(2, 'cr_clients_connected');
  const namespace = randomName('client-connected');
  const brokers = testKafkaBrokers();
  const config = readClientServiceConfig({
    CLIENT_SHARD_URLS: databases.map((db) => db.url).join(','),
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_NAMESPACE: namespace,
    CLIENT_SERVICE_PORT: '0',
  });
  const service = await startConnectedClientService(config, logger);
  const scraper = createKafkaEventBus({ brokers, namespace, clientId: randomName('scraper'), logger });
  try {
    const workspaceId = randomUUID();
    const { key, value, headers } = contactFound(
      workspaceId,
      randomUUID(),
      { email: 'ada@engines.example', name: 'Ada Lovelace', sourceUrl: 'https://engines.example/team' },
      ['crawl-engines'],
    );
    await scraper.publish(topics.scrapeEvents, [{ key, value, headers }]);

    const rpc = createGrpcClient(ClientService, { baseUrl: service.server.url, timeoutMs: 20_000 });
    const lead = await waitFor(
      async () => (await rpc.listClients({ workspaceId, filter: { tag: 'crawl-engines' } })).clients[0],
      { timeoutMs: 90_000, what: 'the scraped lead' },
    );
    expect(lead).toMatchObject({
      email: 'ada@engines.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      sourceUrl: 'https://engines.example/team',
    });
  } finally {
    await scraper.close();
    for (const step of service.steps) await step();
    await Promise.all(databases.map((db) => db.drop()));
  }
});
