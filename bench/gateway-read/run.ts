// Benchmark: GET /api/leads/:id and GET /api/leads?limit=50 through gateway → gRPC → Client
// service → PostgreSQL, against a plain Fastify → pg server running the same queries, in the same
// run, on the same data; with the CPU every process spent per request.
// Usage: npm run bench:gateway-read [-- <connections> <seconds>]   (BENCH_SMOKE=1: a tiny run)
import type { ChildProcess } from 'node:child_process';
import { loadavg, totalmem } from 'node:os';
import { ClientService } from '@coldreach/contracts';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createTestDatabases, randomName, testRedisUrl, type TestDatabase } from '@coldreach/testing';
import { benchSmoke, useBenchKafka } from '../bench-kafka';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { cpuUsage, machineName, sampleCpu } from '../email-pipeline/cpu-usage';
import { runBench } from '../run-bench';
import { httpOk, runLoad, startApp, type LoadResult } from './bench-apps';
import { createBenchApiKey } from '../bench-api-key';

const [connectionsArg = '32', secondsArg = '15'] = process.argv.slice(2);
const connections = benchSmoke ? 2 : Number(connectionsArg);
const seconds = benchSmoke ? 1 : Number(secondsArg);
const warmUpSeconds = benchSmoke ? 1 : 3;
const leadCount = 1000;
const ports = { clientService: 50151, gateway: 18080, plain: 18081 };
const children: ChildProcess[] = [];
const databases: TestDatabase[] = [];
const kafka = useBenchKafka();
const namespace = randomName('bench_gateway_read');

interface Measurement extends LoadResult {
  /** CPU milliseconds per request, by process (or server). */
  cpuMsPerRequest: Map<string, number>;
}

async function main() {
  const [gatewayDb, ...shards] = await createTestDatabases(3, 'cr_bench');
  databases.push(...[gatewayDb, ...shards].filter((db) => db !== undefined));
  if (!gatewayDb) throw new Error('no database');
  const shardUrls = shards.map((db) => db.url).join(',');
  const clientService = await startApp(
    children,
    'apps/client-service/src/main.ts',
    {
      CLIENT_SHARD_URLS: shardUrls,
      CLIENT_SERVICE_PORT: String(ports.clientService),
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_NAMESPACE: namespace,
    },
    () => checkGrpcHealth(`http://127.0.0.1:${ports.clientService}`),
  );
  const { key, workspaceId } = await createBenchApiKey(gatewayDb.url);

  const clients = createGrpcClient(ClientService, { baseUrl: `http://127.0.0.1:${ports.clientService}` });
  const upserted = await clients.upsertClients({
    workspaceId,
    clients: Array.from({ length: leadCount }, (_, i) => ({
      email: `lead${i}@bench.example`,
      firstName: `Lead${i}`,
      company: `Company ${i % 50}`,
      tags: ['bench'],
    })),
  });
  const ids = upserted.results.map((result) => result.clientId);

  const gateway = await startApp(
    children,
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
  const plain = await startApp(
    children,
    'bench/gateway-read/plain-server.ts',
    { PORT: String(ports.plain), SHARD_URLS: shardUrls, WORKSPACE_ID: workspaceId },
    httpOk(`http://127.0.0.1:${ports.plain}/api/leads/${ids[0]}`),
  );

  const pids = new Map<string, number>([
    ['gateway', gateway.pid ?? 0],
    ['client service', clientService.pid ?? 0],
    ['plain server', plain.pid ?? 0],
  ]);
  const databaseLabels = new Map<string, string>([
    [gatewayDb.name, 'gateway database'],
    ...shards.map((db): [string, string] => [db.name, 'client shards']),
  ]);
  async function measure(baseUrl: string, auth: string, path: string, time = seconds): Promise<Measurement> {
    const before = sampleCpu(pids, databaseLabels);
    const result = await runLoad({ baseUrl, path, auth, ids, connections, seconds: time });
    const usage = cpuUsage(before, sampleCpu(pids, databaseLabels));
    const cpuMsPerRequest = new Map(
      usage.rows
        .filter((row) => row.cpuSeconds > 0)
        .map((row) => [row.name, (row.cpuSeconds * 1000) / Math.max(1, result.total)]),
    );
    return { ...result, cpuMsPerRequest };
  }

  const gatewayUrl = `http://127.0.0.1:${ports.gateway}`;
  const plainUrl = `http://127.0.0.1:${ports.plain}`;
  const paths = [
    { name: 'GET /api/leads/:id', path: '/api/leads/{id}' },
    { name: 'GET /api/leads?limit=50', path: '/api/leads?limit=50' },
  ];
  console.log(
    `\n${connections} connections, ${seconds} s each after a ${warmUpSeconds} s warm-up, ${leadCount} leads on 2 shards`,
  );
  console.log(
    `machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const { name, path } of paths) {
    // Warm up both paths (JIT, pools, HTTP/2 session, caches) before measuring.
    await measure(gatewayUrl, `Bearer ${key}`, path, warmUpSeconds);
    await measure(plainUrl, '-', path, warmUpSeconds);
    const viaGateway = await measure(gatewayUrl, `Bearer ${key}`, path);
    const direct = await measure(plainUrl, '-', path);
    report(name, viaGateway, direct);
  }
  console.log(
    `\nload average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

/** Servers sampled machine-wide (cpu-usage.ts): other helpers' and tests' work is in their figures. */
const shared = /^(Redis|Kafka|PostgreSQL: other)/;

function report(name: string, viaGateway: Measurement, direct: Measurement): void {
  const row = (path: string, r: LoadResult) =>
    `| ${path} | ${Math.round(r.requestsPerSecond)} | ${r.p50} | ${r.p99} | ${r.total} | ${r.non2xx} | ${r.errors} |`;
  console.log(`\n${name}\n`);
  console.log('| path | req/s | p50 ms | p99 ms | requests | non-2xx | errors |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('gateway → gRPC → client service → pg', viaGateway));
  console.log(row('plain Fastify → pg', direct));
  const ratio = viaGateway.requestsPerSecond / Math.max(1, direct.requestsPerSecond);
  const p99Ratio = viaGateway.p99 / Math.max(1, direct.p99);
  console.log(
    `\ngateway/plain throughput: ${ratio.toFixed(2)} (target ≥ 0.5), p99 ${p99Ratio.toFixed(2)}× (target ≤ 2)`,
  );
  console.log(
    '\nCPU ms per request (the load generator not counted; shared servers are machine-wide, other work included, and left out of the total)\n',
  );
  console.log('| process | via gateway | plain |');
  console.log('| --- | --- | --- |');
  const names = new Set([...viaGateway.cpuMsPerRequest.keys(), ...direct.cpuMsPerRequest.keys()]);
  const ms = (value: number | undefined) => (value === undefined ? '–' : value.toFixed(3));
  let totals = [0, 0];
  for (const process of names) {
    const [a, b] = [viaGateway.cpuMsPerRequest.get(process), direct.cpuMsPerRequest.get(process)];
    if (!shared.test(process)) totals = [totals[0]! + (a ?? 0), totals[1]! + (b ?? 0)];
    console.log(`| ${process} | ${ms(a)} | ${ms(b)} |`);
  }
  console.log(`| total | ${ms(totals[0])} | ${ms(totals[1])} |`);
}

runBench(main, async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (child) => new Promise((done) => (child.exitCode !== null ? done(null) : child.once('exit', done))),
    ),
  );
  await Promise.all(databases.map((db) => db.drop().catch(() => undefined)));
  await deleteKafkaNamespace(kafka.brokers, namespace).catch(() => undefined);
  kafka.stop();
});
