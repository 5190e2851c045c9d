// Benchmark: issue 11's hostile import — `email,a\n` then `,\n` 26 million times (52 MB, under the
// 50 MiB limit) — sent to a gateway process with a real Client service process behind it. Reports
// the gateway's peak RSS (the kernel's high-water mark, VmHWM), the elapsed time and the answer's size.
// Usage: npm run bench:import-memory [-- <rows>]
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { cpus, totalmem } from 'node:os';
import { checkGrpcHealth } from '@coldreach/grpc';
import { createTestDatabases, testRedisUrl } from '@coldreach/testing';
import { runBench } from '../run-bench';
import { createBenchApiKey } from '../bench-api-key';
import { memoryMiB } from '../process-memory';
import { startApp } from '../gateway-read/bench-apps';

const rows = Number(process.argv[2] ?? 26_000_000);
const ports = { clientService: 50161, gateway: 18090 };
const children: ChildProcess[] = [];
// Log lines of the import's progress, counted in every app's output (the gateway writes them).
let progressLines = 0;

function start(script: string, env: Record<string, string>, isReady: () => Promise<boolean>) {
  return startApp(children, script, { LOG_LEVEL: 'info', ...env }, isReady, (chunk) => {
    progressLines += chunk.toString().split('csv import progress').length - 1;
  });
}

/** Sends the file as it is generated, 64 KiB at a time, waiting whenever the socket is full. */
function sendHostileFile(key: string): Promise<{ status: number; body: string; bytes: number }> {
  const head = 'email,a\n';
  const bytes = head.length + rows * 2;
  return new Promise((resolveSend, reject) => {
    const request = http.request({
      host: '127.0.0.1',
      port: ports.gateway,
      method: 'POST',
      path: '/api/leads/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'content-length': bytes },
    });
    request.on('response', (response) => {
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolveSend({ status: response.statusCode ?? 0, body, bytes }));
    });
    request.on('error', reject);
    const rowsPerChunk = 32 * 1024;
    const chunk = ',\n'.repeat(rowsPerChunk);
    let sent = 0;
    const pump = () => {
      while (sent < rows) {
        const count = Math.min(rowsPerChunk, rows - sent);
        sent += count;
        if (!request.write(count === rowsPerChunk ? chunk : ',\n'.repeat(count))) {
          request.once('drain', pump);
          return;
        }
      }
      request.end();
    };
    request.write(head);
    pump();
  });
}

async function main() {
  const [gatewayDb, ...shards] = await createTestDatabases(3, 'cr_bench_import');
  if (!gatewayDb) throw new Error('no database');
  try {
    await start(
      'apps/client-service/src/main.ts',
      {
        CLIENT_SHARD_URLS: shards.map((db) => db.url).join(','),
        CLIENT_SERVICE_PORT: String(ports.clientService),
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
      },
      () => checkGrpcHealth(`http://127.0.0.1:${ports.clientService}`),
    );
    const { key } = await createBenchApiKey(gatewayDb.url);
    const gateway = await start(
      'apps/gateway/src/main.ts',
      {
        PORT: String(ports.gateway),
        HOST: '127.0.0.1',
        GATEWAY_DATABASE_URL: gatewayDb.url,
        REDIS_URL: testRedisUrl,
        CLIENT_SERVICE_URL: `http://127.0.0.1:${ports.clientService}`,
      },
      () =>
        fetch(`http://127.0.0.1:${ports.gateway}/health`).then(
          (response) => response.ok,
          () => false,
        ),
    );
    const pid = gateway.pid ?? 0;
    const rssBefore = memoryMiB(pid, 'VmRSS');
    const started = Date.now();
    const { status, body, bytes } = await sendHostileFile(key);
    const seconds = (Date.now() - started) / 1000;
    const peak = memoryMiB(pid, 'VmHWM');
    const report = JSON.parse(body) as Record<string, unknown> & { errors?: unknown[] };

    console.log(`\nPOST /api/leads/import, "email,a\\n" + ",\\n" × ${rows} (${bytes} bytes), text/csv`);
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
    );
    console.log(
      '| status | elapsed s | MB/s | gateway RSS before MiB | gateway peak RSS MiB | answer bytes | progress log lines |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| ${status} | ${seconds.toFixed(1)} | ${(bytes / 1e6 / seconds).toFixed(1)} | ${rssBefore} | ${peak} | ${body.length} | ${progressLines} |`,
    );
    const { errors, ...counts } = report;
    console.log(`\nanswer: ${JSON.stringify(counts)}, errors listed: ${errors?.length ?? 0}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all([gatewayDb, ...shards].map((db) => db.drop()));
  }
}

runBench(
  main,
  async () => {
    for (const child of children) child.kill('SIGKILL');
  },
  { kafka: true },
);
