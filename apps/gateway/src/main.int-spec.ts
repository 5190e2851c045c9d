// The gateway as its own process (connected mode): configured only by the environment, serving
// with real PostgreSQL, Redis and a real Client service, and stopping cleanly on SIGTERM.
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openAnalyticsDatabase, startAnalyticsService } from '@coldreach/analytics-service';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { openDataSource, type BucketShardSet } from '@coldreach/db';
import type { GrpcServer } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import { createTestDatabase, testRedisUrl, waitFor, type TestDatabase } from '@coldreach/testing';
import { startNodeProcess, type NodeProcess } from './test/node-process';
import { startOutreachServices, type OutreachServices } from './test/outreach-services';
import { startScraperServices, type ScraperServices } from './test/scraper-services';

const appDir = join(__dirname, '..');

const startGateway = (env: Record<string, string>) =>
  startNodeProcess('src/main.ts', [], { cwd: appDir, env });

describe('gateway main (connected mode)', () => {
  it('refuses to start without its configuration, naming the variable in one line', async () => {
    const { output, exited } = startGateway({ REDIS_URL: testRedisUrl });
    expect(await exited).toBe(1);
    expect(output.stderr.trim().split('\n')).toEqual([
      'Invalid configuration: GATEWAY_DATABASE_URL: is required',
    ]);
  }, 30_000);

  describe('with its dependencies up', () => {
    let gatewayDb: TestDatabase;
    let shardDb: TestDatabase;
    let analyticsDb: TestDatabase;
    let analyticsData: DataSource | undefined;
    let analytics: GrpcServer | undefined;
    let shards: BucketShardSet;
    let clientService: GrpcServer;
    let outreach: OutreachServices | undefined;
    let scraper: ScraperServices | undefined;
    let gateway: NodeProcess | undefined;

    beforeAll(async () => {
      [gatewayDb, shardDb, analyticsDb] = await Promise.all([
        createTestDatabase('cr_gw_main'),
        createTestDatabase('cr_gw_main_shard'),
        createTestDatabase('cr_gw_main_analytics'),
      ]);
      shards = await openClientShards([{ url: shardDb.url }]);
      clientService = await startClientService({
        host: '127.0.0.1',
        port: 0,
        shards,
        logger: createLogger({ name: 'client-service', level: 'silent' }),
      });
      outreach = await startOutreachServices({
        clientServiceUrl: clientService.url,
        unsubscribeSecret: 'x'.repeat(32),
      });
      scraper = await startScraperServices({ workers: false });
      analyticsData = await openAnalyticsDatabase({ url: analyticsDb.url }, { migrate: true });
      analytics = await startAnalyticsService({
        host: '127.0.0.1',
        port: 0,
        dataSource: analyticsData,
        logger: createLogger({ name: 'analytics-service', level: 'silent' }),
      });
    }, 120_000);

    afterAll(async () => {
      if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
      await outreach?.stop();
      await scraper?.stop();
      await analytics?.close();
      await analyticsData?.destroy();
      await clientService?.close();
      await shards?.close();
      await Promise.all([
        gatewayDb?.drop(),
        shardDb?.drop(),
        analyticsDb?.drop(),
        ...(outreach?.databases ?? []).map((db) => db.drop()),
        scraper?.database.drop(),
      ]);
    });

    it('migrates its database, serves with a key, and exits 0 on SIGTERM', async () => {
      gateway = startGateway({
        GATEWAY_DATABASE_URL: gatewayDb.url,
        REDIS_URL: testRedisUrl,
        CLIENT_SERVICE_URL: clientService.url,
        CAMPAIGN_SERVICE_URL: outreach?.campaignUrl ?? '',
        EMAIL_SERVICE_URL: outreach?.emailUrl ?? '',
        SCRAPER_SERVICE_URL: scraper?.url ?? '',
        ANALYTICS_SERVICE_URL: analytics?.url ?? '',
        HOST: '127.0.0.1',
        PORT: '0',
        RATE_LIMIT_PER_MINUTE: '1000',
      });
      const { output } = gateway;
      const baseUrl = await waitFor(
        () => /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output.stdout)?.[1],
        {
          timeoutMs: 30_000,
          what: 'the gateway to listen',
        },
      );

      // The schema exists because the gateway migrated it at start.
      const dataSource = await openDataSource({
        location: { url: gatewayDb.url },
        entities: tenancyEntities,
        migrations: tenancyMigrations,
      });
      const tenancy = createTenancyStore(dataSource);
      const workspace = await tenancy.createWorkspace('main test');
      const { key } = await tenancy.createApiKey(workspace.id, 'main test');
      await dataSource.destroy();

      // Under load a probe may miss its 2 s budget once (then /ready says "degraded", still 200);
      // readiness must come, not be instant.
      const ready = await waitFor(
        async () => {
          const response = await fetch(`${baseUrl}/ready`);
          const body = (await response.clone().json()) as { status?: string };
          return body.status === 'ready' ? response : undefined;
        },
        { timeoutMs: 20_000, what: 'the gateway to be ready' },
      );
      expect({ status: ready.status, body: await ready.json() }).toEqual({
        status: 200,
        body: {
          status: 'ready',
          checks: {
            postgres: 'ok',
            redis: 'ok',
            'client-service': 'ok',
            'campaign-service': 'ok',
            'email-service': 'ok',
            'scraper-service': 'ok',
            'analytics-service': 'ok',
          },
        },
      });

      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      const created = await fetch(`${baseUrl}/api/leads`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ email: 'main@example.com' }),
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('ratelimit-limit')).toBe('1000');
      // Its idempotency keys live in the database it migrated.
      const campaign = () =>
        fetch(`${baseUrl}/api/campaigns`, {
          method: 'POST',
          headers: { ...headers, 'idempotency-key': 'main-test' },
          body: JSON.stringify({ name: 'From main' }),
        });
      const [first, again] = [await campaign(), await campaign()];
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get('idempotency-replayed')).toBe('true');
      expect(await again.text()).toBe(await first.text());
      const listed = await fetch(`${baseUrl}/api/leads`, { headers });
      const page = (await listed.json()) as { data: { email: string }[] };
      expect(page.data.map((lead) => lead.email)).toEqual(['main@example.com']);

      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
      expect(output.stdout).toContain('shutting down');
      expect(output.stdout).not.toContain(key);
    }, 60_000);
  });
});
