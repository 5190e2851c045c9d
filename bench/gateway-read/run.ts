// Benchmark: GET /api/leads/:id through gateway → gRPC → Client service → PostgreSQL, against a
// plain Fastify → pg handler running the same query, in the same run, on the same data.
// Usage: npm run bench:gateway-read [-- <connections> <seconds>]
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ClientService } from '@coldreach/contracts';
import { openDataSource } from '@coldreach/db';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createTenancyStore, tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import { createTestDatabases, testRedisUrl, waitFor } from '@coldreach/testing';

const root = resolve(__dirname, '../..');
const [connections = '32', seconds = '15'] = process.argv.slice(2);
const leadCount = 1000;
const ports = { clientService: 50151, gateway: 18080, plain: 18081 };
const children: ChildProcess[] = [];

/** Starts an app as its own process and resolves once `isReady` says so. */
async function start(
  script: string,
  env: Record<string, string>,
  isReady: () => Promise<boolean>,
): Promise<void> {
  // BENCH_PROFILE=1 writes a CPU profile of every app to .cache/profiles (read it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles'] : [];
  const child = spawn(process.execPath, [...profile, '-r', '@swc-node/register', script], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      return isReady();
    },
    { timeoutMs: 60_000, intervalMs: 200, what: script },
  );
}

const httpOk = (url: string) => () =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

function load(
  baseUrl: string,
  auth: string,
  ids: string[],
  duration: string,
): Promise<Record<string, number>> {
  return new Promise((resolveLoad, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'bench/gateway-read/load.ts',
        baseUrl,
        connections,
        duration,
        auth,
        ids.join(','),
      ],
      { cwd: root },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => (code === 0 ? resolveLoad(JSON.parse(out.trim())) : reject(new Error(out))));
  });
}

async function main() {
  const [gatewayDb, ...shards] = await createTestDatabases(3, 'cr_bench');
  if (!gatewayDb) throw new Error('no database');
  try {
    const shardUrls = shards.map((db) => db.url).join(',');
    await start(
      'apps/client-service/src/main.ts',
      { CLIENT_SHARD_URLS: shardUrls, CLIENT_SERVICE_PORT: String(ports.clientService) },
      () => checkGrpcHealth(`http://127.0.0.1:${ports.clientService}`),
    );
    const tenancyDb = await openDataSource({
      location: { url: gatewayDb.url },
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    const tenancy = createTenancyStore(tenancyDb);
    const workspace = await tenancy.createWorkspace('bench');
    const { key } = await tenancy.createApiKey(workspace.id, 'bench');
    await tenancyDb.destroy();

    const clients = createGrpcClient(ClientService, { baseUrl: `http://127.0.0.1:${ports.clientService}` });
    const upserted = await clients.upsertClients({
      workspaceId: workspace.id,
      clients: Array.from({ length: leadCount }, (_, i) => ({
        email: `lead${i}@bench.example`,
        firstName: `Lead${i}`,
        company: `Company ${i % 50}`,
        tags: ['bench'],
      })),
    });
    const ids = upserted.results.map((result) => result.clientId);

    await start(
      'apps/gateway/src/main.ts',
      {
        PORT: String(ports.gateway),
        HOST: '127.0.0.1',
        GATEWAY_DATABASE_URL: gatewayDb.url,
        REDIS_URL: testRedisUrl,
        CLIENT_SERVICE_URL: `http://127.0.0.1:${ports.clientService}`,
        RATE_LIMIT_PER_MINUTE: '100000000',
        RATE_LIMIT_WORKSPACE_PER_MINUTE: '100000000',
      },
      httpOk(`http://127.0.0.1:${ports.gateway}/health`),
    );
    await start(
      'bench/gateway-read/plain-server.ts',
      { PORT: String(ports.plain), SHARD_URLS: shardUrls, WORKSPACE_ID: workspace.id },
      httpOk(`http://127.0.0.1:${ports.plain}/api/leads/${ids[0]}`),
    );

    const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
    const plainUrl = `http://127.0.0.1:${ports.plain}`;
    // Warm up both paths (JIT, pools, HTTP/2 session) before measuring.
    await load(gatewayUrl, `Bearer ${key}`, ids, '3');
    await load(plainUrl, '-', ids, '3');
    const gateway = await load(gatewayUrl, `Bearer ${key}`, ids, seconds);
    const plain = await load(plainUrl, '-', ids, seconds);

    const row = (name: string, r: Record<string, number>) =>
      `| ${name} | ${Math.round(r.requestsPerSecond ?? 0)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${r.errors} |`;
    console.log(
      `\nGET /api/leads/:id, ${connections} connections, ${seconds} s each, ${leadCount} leads on 2 shards`,
    );
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );
    console.log('| path | req/s | p50 ms | p99 ms | requests | non-2xx | errors |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    console.log(row('gateway → gRPC → client service → pg', gateway));
    console.log(row('plain Fastify → pg', plain));
    console.log(
      `\ngateway/plain throughput: ${((gateway.requestsPerSecond ?? 0) / (plain.requestsPerSecond ?? 1)).toFixed(2)}`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all([gatewayDb, ...shards].map((db) => db.drop()));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  for (const child of children) child.kill('SIGKILL');
  process.exit(1);
});
