import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { ClientService, VerificationJobStatus, VerificationService } from '@coldreach/contracts';
import { openClientShards, startClientService } from '@coldreach/client-service';
import { queryRows } from '@coldreach/db';
import { createGrpcClient } from '@coldreach/grpc';
import { createLogger } from '@coldreach/observability';
import {
  createTeardown,
  createTestLocations,
  freePort,
  randomName,
  spawnServiceProcess,
  startDnsServer,
  testKafkaBrokers,
  testRedisUrl,
  waitFor,
  waitForOutput,
  type ServiceProcess,
} from '@coldreach/testing';
import { openScraperDatabase } from '../scraper-database';

jest.setTimeout(300_000);

const domains = Array.from({ length: 12 }, (_, index) => `co${index}.test`);
const perDomain = 6;
const concurrency = 4;
const emails = domains.flatMap((domain) =>
  Array.from({ length: perDomain }, (_, user) => `user${user}@${domain}`),
);

/**
 * Two connected-mode verification workers (the real src/main.ts, Kafka, PostgreSQL) share one bulk
 * job; one is killed with SIGKILL mid-job. The job still ends with every address checked and
 * recorded, and no address is asked twice except the few the dead worker was asking.
 */
describe('a verification worker killed mid-job (SIGKILL)', () => {
  const teardown = createTeardown();
  afterAll(() => teardown.close());

  it('loses nothing and asks nothing twice but what was in flight', async () => {
    const logger = createLogger({ name: 'verification-kill', level: 'silent' });
    // The mail server answers every RCPT after a pause, so the job is still under way at the kill.
    const asked: { address: string; at: number }[] = [];
    const smtp = new SMTPServer({
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const to = address.address.toLowerCase();
        asked.push({ address: to, at: Date.now() });
        const known = emails.includes(to);
        const reply = () =>
          known
            ? callback()
            : callback(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
        setTimeout(reply, 60);
      },
    });
    // A worker killed mid-session resets its connection: the server reports it as an 'error' event,
    // which would fail the whole suite unheard (the kill is this test's point, not a fault).
    smtp.on('error', () => undefined);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    teardown.add(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const smtpPort = (smtp.server.address() as { port: number }).port;
    const dns = await startDnsServer({
      reply: (name, type) => {
        if (domains.includes(name))
          return type === 'MX' ? { mx: [{ preference: 10, exchange: `mx.${name}` }] } : {};
        if (name.startsWith('mx.') && domains.includes(name.slice(3)))
          return type === 'A' ? { addresses: ['127.0.0.1'] } : {};
        return { rcode: 'NXDOMAIN' };
      },
    });
    teardown.add(() => dns.close());

    const databases = await createTestLocations(['cr_verify_kill_clients', 'cr_verify_kill_scraper']);
    teardown.add(databases.dispose);
    const shards = await openClientShards([databases.locations[0]!]);
    teardown.add(() => shards.close());
    const clientServer = await startClientService({ host: '127.0.0.1', port: 0, shards, logger });
    teardown.add(() => clientServer.close());
    const clients = createGrpcClient(ClientService, { baseUrl: clientServer.url });
    const scraperUrl = databases.locations[1]!.url;
    const dataSource = await openScraperDatabase({ url: scraperUrl }, { migrate: true });
    teardown.add(() => dataSource.destroy());
    const sql = <T>(text: string, params: unknown[] = []) => queryRows<T>(dataSource.manager, text, params);

    const namespace = randomName('verify-kill');
    const apiPort = await freePort();
    const spawn = (name: string, roles: string, port: number): ServiceProcess => {
      const spawned = spawnServiceProcess(name, 'apps/scraper-service/src/main.ts', {
        SCRAPER_DATABASE_URL: scraperUrl,
        SCRAPER_SERVICE_PORT: String(port),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_NAMESPACE: namespace,
        REDIS_URL: testRedisUrl,
        SCRAPER_SERVICE_ROLES: roles,
        SCRAPER_WORKER_ID: name,
        SCRAPER_PUBLIC_ADDRESSES: 'deny',
        SCRAPER_DNS_SERVERS: dns.server,
        CLIENT_SERVICE_URL: clientServer.url,
        VERIFY_DNS_SERVERS: dns.server,
        VERIFY_SMTP_PROBE: 'true',
        VERIFY_SMTP_PORT: String(smtpPort),
        VERIFY_HELO_NAME: 'verifier.coldreach.test',
        VERIFY_MAIL_FROM: 'probe@coldreach.test',
        VERIFY_ALLOWED_PRIVATE_CIDRS: '127.0.0.1/32',
        VERIFY_PUBLIC_ADDRESSES: 'deny',
        VERIFY_SMTP_DOMAIN_INTERVAL_MS: '20',
        VERIFY_CONCURRENCY: String(concurrency),
        MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'info',
      });
      teardown.add(async () => {
        spawned.signal('SIGKILL');
        await spawned.exited;
      });
      return spawned;
    };
    const api = spawn('api', 'api', apiPort);
    const [a, b] = [spawn('a', 'worker', await freePort()), spawn('b', 'worker', await freePort())];
    await Promise.all(
      [api, a, b].map((process) => waitForOutput(process, /scraper service running/, 120_000)),
    );
    const verification = createGrpcClient(VerificationService, {
      baseUrl: `http://127.0.0.1:${apiPort}`,
      timeoutMs: 30_000,
    });

    const workspaceId = randomUUID();
    await clients.upsertClients({ workspaceId, clients: emails.map((email) => ({ email, tags: ['kill'] })) });
    const { job } = await verification.createVerificationJob({ workspaceId, filter: { tag: 'kill' } });
    const jobId = job!.id;
    const doneCount = async () =>
      Number(
        (
          await sql<{ n: string }>(
            `SELECT count(*) AS n FROM verification_items WHERE job_id = $1 AND state = 'done'`,
            [jobId],
          )
        )[0]?.n ?? 0,
      );
    await waitFor(async () => (await doneCount()) >= emails.length / 4, {
      timeoutMs: 120_000,
      intervalMs: 20,
      what: 'a quarter of the addresses checked',
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${a.tail(30)}\n${b.tail(30)}\n${api.tail(30)}`);
    });
    a.signal('SIGKILL');
    await a.exited;
    const doneAtKill = new Set(
      (
        await sql<{ email: string }>(
          `SELECT email FROM verification_items WHERE job_id = $1 AND state = 'done'`,
          [jobId],
        )
      ).map((row) => row.email),
    );

    const ended = await waitFor(
      async () => {
        const current = (await verification.getVerificationJob({ workspaceId, id: jobId })).job!;
        return current.status === VerificationJobStatus.RUNNING ||
          current.status === VerificationJobStatus.QUEUED
          ? undefined
          : current;
      },
      { timeoutMs: 240_000, intervalMs: 200, what: 'the job to end after the kill' },
    );
    expect(ended.status).toBe(VerificationJobStatus.SUCCEEDED);
    expect({ total: ended.total, checked: ended.checked, safe: ended.safe }).toEqual({
      total: emails.length,
      checked: emails.length,
      safe: emails.length,
    });
    // Every lead carries its result.
    const listed = await clients.listClients({ workspaceId, pageSize: 500, filter: { tag: 'kill' } });
    expect(listed.clients.filter((client) => client.verification?.verdict === 'safe')).toHaveLength(
      emails.length,
    );

    // Every address asked; twice only if it was not done when the worker died, and at most one chunk
    // of the dead worker's batches in flight at once (three partitions at a time).
    const counts = new Map<string, number>();
    for (const { address } of asked)
      if (emails.includes(address)) counts.set(address, (counts.get(address) ?? 0) + 1);
    for (const email of emails) expect(counts.get(email) ?? 0).toBeGreaterThanOrEqual(1);
    const twice = [...counts].filter(([, count]) => count > 1).map(([email]) => email);
    for (const email of twice) expect(doneAtKill.has(email)).toBe(false);
    expect(twice.length).toBeLessThanOrEqual(concurrency * 3);
    expect(b.running()).toBe(true);
  });
});
