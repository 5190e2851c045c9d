// Benchmark: a CSV of `rows` leads (~1% duplicates, ~0.5% bad rows) through POST /api/leads/import,
// in connected mode (gateway and Client service processes, two PostgreSQL shards) or, with
// --embedded, through `npm start`'s entry (PGlite), beside `psql \copy` of the same file into one
// plain table in the same run. Reads of seeded leads run beside it in their own process; the
// import's progress is polled and printed; the answer and the shards' row count are checked.
// Usage: npm run bench:import [-- <rows>] [--embedded]
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { benchSmoke, useBenchKafka } from '../bench-kafka';
import { runBench } from '../run-bench';
import { startConnected, startEmbedded, type ImportTarget } from './apps';
import { writeImportCsv, type ExpectedCounts } from './csv-file';
import { psqlCopy } from './psql-copy';
import { memoryMiB } from '../process-memory';

const args = process.argv.slice(2);
const embedded = args.includes('--embedded');
const rows = benchSmoke ? 2000 : Number(args.find((arg) => /^\d+$/.test(arg)) ?? 1_000_000);
const seededLeads = benchSmoke ? 20 : 200;
const idleSeconds = benchSmoke ? 1 : 5;
const workDir = mkdtempSync(join(tmpdir(), 'bench-import-csv-'));
const csvPath = join(workDir, 'leads.csv');
let databases: TestDatabase[] = [];
let target: ImportTarget | undefined;
let kafka: { brokers: string[]; stop: () => void } | undefined;

async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${target!.baseUrl}${path}`, {
    ...init,
    headers: { authorization: target!.auth, 'content-type': 'application/json', ...init.headers },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

async function seedLeads(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < seededLeads; i++) {
    const lead = await api<{ id: string }>('/api/leads', {
      method: 'POST',
      body: JSON.stringify({
        email: `seeded${i}@reads.example`,
        firstName: `Seeded ${i}`,
        company: 'Reads Co',
      }),
    });
    ids.push(lead.id);
  }
  return ids;
}

/** Sends the file as text/csv, streamed from disk; resolves with the answer. */
function upload(progressId: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolveUpload, reject) => {
    const url = new URL(`${target!.baseUrl}/api/leads/import?progressId=${progressId}&tags=bench`);
    const request = http.request(url, {
      method: 'POST',
      headers: { authorization: target!.auth, 'content-type': 'text/csv', 'content-length': bytes },
    });
    request.on('response', (response) => {
      let body = '';
      response
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolveUpload({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    createReadStream(csvPath).pipe(request);
  });
}

interface ReadSummary {
  requests: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

function startReads(ids: string[]) {
  const child = fork(join(__dirname, 'read-load.ts'), [target!.baseUrl, target!.auth, ids.join(','), '2'], {
    execArgv: ['-r', '@swc-node/register'],
  });
  const ready = new Promise<void>((r) => child.once('message', () => r()));
  return {
    ready,
    phase: (name: string) => child.send(name),
    stop: () =>
      new Promise<Record<string, ReadSummary>>((r) => {
        child.once('message', (summary) => r(summary as Record<string, ReadSummary>));
        child.send('stop');
      }),
  };
}

interface Progress {
  state: string;
  bytesRead: number;
  rows: number;
  accepted: number;
  rejected: number;
}

async function main(): Promise<void> {
  databases = await createTestDatabases(embedded ? 1 : 4, 'cr_bench_import');
  const [copyDb, gatewayDb, ...shards] = databases as [TestDatabase, TestDatabase, ...TestDatabase[]];
  const expected = await writeImportCsv(csvPath, rows);
  target = embedded
    ? await startEmbedded()
    : await startConnected(gatewayDb, shards, (kafka = useBenchKafka()).brokers);
  const processes = target.processes;
  const ids = await seedLeads();
  const reads = startReads(ids);
  await reads.ready;
  // Warm-up reads (JIT, connections), then the idle reads the import's are compared with.
  await new Promise((r) => setTimeout(r, 1000));
  reads.phase('idle');
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  reads.phase('import');

  const mode = embedded
    ? 'embedded (npm start entry, PGlite)'
    : 'connected (gateway + client-service, 2 shards)';
  console.log(`\nimport of ${rows} rows (${expected.bytes} bytes), ${mode}`);
  const progressId = randomUUID();
  const cpuBefore = await target.cpu();
  const started = performance.now();
  const rssAt: Record<string, number[]> = {};
  const marks = [25, 50, 75];
  let polling = true;
  const poll = (async () => {
    while (polling) {
      await new Promise((r) => setTimeout(r, benchSmoke ? 200 : 2000));
      if (!polling) break;
      const progress = await api<Progress>(`/api/leads/import-progress/${progressId}`).catch(() => undefined);
      if (!progress) continue;
      const percent = (100 * progress.bytesRead) / expected.bytes;
      const seconds = (performance.now() - started) / 1000;
      const rss = processes.map((p) => memoryMiB(p.pid, 'VmRSS'));
      while (marks.length > 0 && percent >= marks[0]!) rssAt[`${marks.shift()}%`] = rss;
      console.log(
        `  ${seconds.toFixed(0).padStart(4)} s  ${percent.toFixed(0).padStart(3)}%  rows ${progress.rows}, ` +
          `accepted ${progress.accepted}, rejected ${progress.rejected}, ` +
          `${Math.round(progress.rows / seconds)} rows/s, RSS ${processes.map((p, i) => `${p.name} ${rss[i]}`).join(', ')} MiB`,
      );
    }
  })();
  const answer = await upload(progressId, expected.bytes);
  const importSeconds = (performance.now() - started) / 1000;
  polling = false;
  rssAt['100%'] = processes.map((p) => memoryMiB(p.pid, 'VmRSS'));
  const peaks = processes.map((p) => memoryMiB(p.pid, 'VmHWM'));
  const cpuAfter = await target.cpu();
  const cpu = Object.entries(cpuAfter).map(([name, seconds]) => ({
    name,
    seconds: seconds - (cpuBefore[name] ?? 0),
  }));
  await poll;
  const readSummary = await reads.stop();
  if (answer.status !== 200)
    throw new Error(`import answered ${answer.status}: ${answer.body.slice(0, 2000)}`);
  const report = JSON.parse(answer.body) as Record<string, number> & { errors?: unknown[] };
  const leads = await target.countLeads?.();
  const copy = psqlCopy(copyDb.url, csvPath);
  printReport(expected, report, importSeconds, copy, leads, { processes, rssAt, peaks }, readSummary, cpu);
  checkCounts(expected, report, leads, copy.rows);
}

function printReport(
  expected: ExpectedCounts,
  report: Record<string, unknown>,
  importSeconds: number,
  copy: { seconds: number; rows: number },
  leads: number | undefined,
  memory: { processes: ImportTarget['processes']; rssAt: Record<string, number[]>; peaks: number[] },
  reads: Record<string, ReadSummary>,
  cpu: { name: string; seconds: number }[],
): void {
  const importRate = rows / importSeconds;
  const copyRate = rows / copy.seconds;
  console.log(
    `\nmachine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const { errors, ...counts } = report as Record<string, unknown> & { errors?: unknown[] };
  console.log(`answer: ${JSON.stringify(counts)}, errors listed: ${errors?.length ?? 0}`);
  console.log(
    `expected: created ${expected.created}, merged ${expected.merged}, rejected ${expected.rejected} ` +
      `(${expected.rejectedAtGateway} by the gateway, ${expected.rejectedByService} by the Client service)` +
      (leads === undefined ? '' : `; leads in the shards: ${leads} (${seededLeads} seeded before)`),
  );
  console.log('\n| path | seconds | rows/s | ratio to COPY |');
  console.log('| --- | --- | --- | --- |');
  console.log(
    `| POST /api/leads/import | ${importSeconds.toFixed(1)} | ${Math.round(importRate)} | ${(importRate / copyRate).toFixed(3)} |`,
  );
  console.log(`| psql \\copy (one plain table) | ${copy.seconds.toFixed(2)} | ${Math.round(copyRate)} | 1 |`);
  console.log(
    `\nCPU during the import (${importSeconds.toFixed(1)} s wall, 2 cores shared with whatever else ran):`,
  );
  for (const { name, seconds } of cpu)
    console.log(`- ${name}: ${seconds.toFixed(1)} s (${Math.round((1e6 * seconds) / rows)} µs per row)`);
  console.log('\n| process | RSS at 25% MiB | 50% | 75% | 100% | peak RSS MiB |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  memory.processes.forEach((p, i) => {
    const at = ['25%', '50%', '75%', '100%'].map((mark) => memory.rssAt[mark]?.[i] ?? '–');
    console.log(`| ${p.name} | ${at.join(' | ')} | ${memory.peaks[i]} |`);
  });
  console.log(
    '\n| GET /api/leads/:id (2 connections, 50 ms pause) | requests | failed | p50 ms | p99 ms | max ms |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const phase of ['idle', 'import']) {
    const r = reads[phase];
    if (r) {
      console.log(
        `| ${phase === 'idle' ? 'idle' : 'during the import'} | ${r.requests} | ${r.failed} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} |`,
      );
    }
  }
}

function checkCounts(
  expected: ExpectedCounts,
  report: Record<string, unknown>,
  leads: number | undefined,
  copied: number,
): void {
  const wrong: string[] = [];
  const want: Record<string, number> = {
    submitted: expected.rows,
    accepted: expected.created + expected.merged,
    created: expected.created,
    merged: expected.merged,
    rejected: expected.rejected,
  };
  for (const [field, value] of Object.entries(want))
    if (report[field] !== value) wrong.push(`${field} ${String(report[field])}, expected ${value}`);
  if (leads !== undefined && leads !== expected.created + seededLeads)
    wrong.push(`leads in the shards ${leads}, expected ${expected.created + seededLeads}`);
  if (copied !== expected.rows) wrong.push(`psql \\copy took ${copied} rows, expected ${expected.rows}`);
  if (wrong.length > 0) throw new Error(`wrong result: ${wrong.join('; ')}`);
  console.log('\ncounts: as expected');
}

runBench(main, async () => {
  await target?.stop().catch((error: unknown) => console.error(error));
  await Promise.all(databases.map((db) => db.drop().catch(() => undefined)));
  rmSync(workDir, { recursive: true, force: true });
  kafka?.stop();
});
