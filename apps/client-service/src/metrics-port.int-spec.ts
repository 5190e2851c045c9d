// The client service as its own process (src/main.ts) with METRICS_PORT: its /metrics and /ready on
// the side port move with the work it does.
import { ClientService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import {
  createTestDatabase,
  metricValue,
  randomName,
  spawnServiceProcess,
  testKafkaBrokers,
  waitForOutput,
  type ServiceProcess,
  type TestDatabase,
} from '@coldreach/testing';

jest.setTimeout(180_000);

describe('client service process with METRICS_PORT', () => {
  let shard: TestDatabase;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    shard = await createTestDatabase('cr_metrics_port');
  });
  afterAll(async () => {
    service?.signal('SIGKILL');
    await service?.exited;
    await shard?.drop();
  });

  it('serves /metrics and /ready on the metrics port, and stops them on SIGTERM', async () => {
    service = spawnServiceProcess('client-service', 'apps/client-service/src/main.ts', {
      CLIENT_SHARD_URLS: shard.url,
      CLIENT_SERVICE_PORT: '0',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_NAMESPACE: randomName('metrics'),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
    });
    await waitForOutput(service, /client service listening/, 120_000);
    const running = JSON.parse(
      service
        .tail(400)
        .split('\n')
        .find((line) => line.includes('client service listening'))!,
    ) as {
      url: string;
      metrics: string;
    };
    const scrape = async () => {
      const response = await fetch(`${running.metrics}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };

    const before = await scrape();
    const client = createGrpcClient(ClientService, { baseUrl: running.url, timeoutMs: 10_000 });
    await expect(
      client.getClient({ workspaceId: crypto.randomUUID(), id: crypto.randomUUID() }),
    ).rejects.toThrow();
    const after = await scrape();

    const served = { service: ClientService.typeName, method: 'GetClient', code: 'NOT_FOUND' };
    expect(
      metricValue(after, 'coldreach_rpc_server_handled_total', served) -
        metricValue(before, 'coldreach_rpc_server_handled_total', served),
    ).toBe(1);
    const database = new URL(shard.url).pathname.slice(1);
    expect(after).toContain(`coldreach_db_pool_connections{database="${database}",state="idle"}`);
    expect(after).toContain(
      `coldreach_outbox_unpublished_events{service="${ClientService.typeName}",shard="0"} 0`,
    );
    expect(
      metricValue(after, 'coldreach_worker_heartbeat_deadline_seconds', { worker: 'outbox-relay-0' }),
    ).toBe(120);
    expect(after).toMatch(/^coldreach_kafka_consumer_lag\{group="[^"]+",topic="scrape.events"/m);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);

    const ready = await fetch(`${running.metrics}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', lateWorkers: [] });

    service.signal('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(`${running.metrics}/metrics`)).rejects.toThrow();
  });
});
