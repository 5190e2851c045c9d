// Benchmark: bulk verification of a generated corpus (`--addresses` over `--domains` d<i>.test
// domains with an answer key) by Cold Reach end to end, (a) SMTP probe off and (b) probe on against
// a local mail host, beside (c) the limit: raw MX lookups against the same DNS server at the same
// concurrency, before and after. The DNS server, the mail host and the raw load each run in a
// process of their own, like the Client and Scraper services.
// Usage: npm run bench:verification [-- --addresses 100000 --domains 2000 --concurrency 32
//          --probe-addresses 10000 --only off,on,raw]   (see bench/README.md)
import { randomUUID } from 'node:crypto';
import { loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createTestDatabases, randomName, testKafkaBrokers, type TestDatabase } from '@coldreach/testing';
import { deleteKafkaNamespace, waitForOutboxesDrained } from '../email-pipeline/bench-chores';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { machineName } from '../email-pipeline/cpu-usage';
import { startClientServiceProcess } from '../email-pipeline/pipeline-services';
import { verifyWithColdReach } from './cold-reach-verify';
import { addCorpusLeads, checkCorpusLeads } from './corpus-leads';
import { expectedCounts } from './corpus-plan';
import { printReport, type ColdReachResult, type RawResult } from './report';
import { runBench } from '../run-bench';

const { values: flags } = parseArgs({
  options: {
    addresses: { type: 'string', default: '100000' },
    domains: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '32' },
    'probe-addresses': { type: 'string', default: '10000' },
    // off: (a) probe off; on: (b) probe on; raw: (c) the limit, before and after.
    only: { type: 'string', default: 'off,on,raw' },
  },
});
const addresses = Number(flags.addresses);
const domains = Number(flags.domains);
const concurrency = Number(flags.concurrency);
const probeAddresses = Math.min(addresses, Number(flags['probe-addresses']));
const only = new Set(flags.only.split(','));
const tag = 'bench-verification';
const running: BenchProcess[] = [];
const databases: TestDatabase[] = [];
const namespaces: string[] = [];

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function startServerProcess(name: string, script: string, marker: string) {
  const server = startBenchProcess(name, script, { args: [String(domains)] });
  running.push(server);
  const line = await server.waitForLine(new RegExp(`^${marker} `));
  return { process: server, ...(JSON.parse(line.slice(marker.length + 1)) as Record<string, unknown>) };
}

async function rawLookups(dnsServer: string, count: number): Promise<RawResult> {
  const args = [dnsServer, String(count), String(domains), String(concurrency)];
  const raw = startBenchProcess('raw-mx', 'bench/verification/raw-mx.ts', { args });
  const line = await raw.waitForLine(/^RAW /, 600_000);
  await raw.exited;
  const result = JSON.parse(line.slice('RAW '.length)) as RawResult;
  console.log(
    `  ${result.lookups} lookups in ${(result.elapsedMs / 1000).toFixed(1)} s (load average ${load()})`,
  );
  return result;
}

async function dnsQueries(control: number): Promise<Record<string, number>> {
  return (await (await fetch(`http://127.0.0.1:${control}/`)).json()) as Record<string, number>;
}

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.entries(after).map(([type, count]) => [type, count - (before[type] ?? 0)]));

async function main(): Promise<void> {
  if (!(addresses > 0 && domains > 0 && domains <= addresses))
    throw new Error('need 0 < --domains ≤ --addresses');
  const startLoad = load();
  const startedAt = new Date();
  const dns = (await startServerProcess('dns-server', 'bench/verification/dns-process.ts', 'DNS')) as {
    process: BenchProcess;
    server: string;
    control: number;
  };
  console.log(
    `corpus: ${addresses} addresses over ${domains} domains; DNS server ${dns.server}; concurrency ${concurrency}`,
  );
  const raws: RawResult[] = [];
  if (only.has('raw')) {
    console.log('warm-up: raw MX lookups (not counted)…');
    await rawLookups(dns.server, addresses);
    console.log('(c) raw MX lookups…');
    raws.push(await rawLookups(dns.server, addresses));
  }

  const measured: ColdReachResult[] = [];
  const runs = [
    ...(only.has('off') ? [{ probe: false, count: addresses }] : []),
    ...(only.has('on') ? [{ probe: true, count: probeAddresses }] : []),
  ];
  if (runs.length > 0) {
    const smtp = only.has('on')
      ? ((await startServerProcess('smtp-server', 'bench/verification/smtp-process.ts', 'SMTP')) as {
          process: BenchProcess;
          port: number;
        })
      : undefined;
    const shards = await createTestDatabases(2, 'cr_bench_verify');
    databases.push(...shards);
    const namespace = randomName('bench_verify');
    namespaces.push(namespace);
    const clientService = await startClientServiceProcess(
      shards.map((db) => db.url),
      namespace,
    );
    running.push(clientService.process);
    const workspaces = runs.map(() => randomUUID());
    for (const [index, run] of runs.entries()) {
      console.log(`adding ${run.count} leads tagged ${tag} (not timed)…`);
      await addCorpusLeads({
        clientUrl: clientService.url,
        workspaceId: workspaces[index]!,
        count: run.count,
        domains,
        tag,
      });
    }
    await waitForOutboxesDrained(
      shards.map((db) => db.url),
      'the client service to publish its events',
    );
    const others = new Map([
      ['client-service', clientService.process.pid],
      ['dns-server', dns.process.pid],
      ...(smtp ? [['smtp-server', smtp.process.pid] as const] : []),
    ]);
    for (const [index, run] of runs.entries()) {
      const workspaceId = workspaces[index]!;
      console.log(
        `(${run.probe ? 'b' : 'a'}) Cold Reach: one bulk job over ${run.count} leads, probe ${run.probe ? 'on' : 'off'}…`,
      );
      const queriesBefore = await dnsQueries(dns.control);
      const { job, usage } = await verifyWithColdReach(
        {
          workspaceId,
          tag,
          probe: run.probe,
          dnsServer: dns.server,
          smtpPort: smtp?.port ?? 25,
          concurrency,
          others,
          databases: new Map(shards.map((db) => [db.name, 'client shards'])),
        },
        clientService.url,
      );
      const dnsDuring = difference(await dnsQueries(dns.control), queriesBefore);
      console.log(
        `  ${job.checked} checked in ${((job.elapsed_ms ?? 0) / 1000).toFixed(1)} s (load average ${load()})`,
      );
      const leads = await checkCorpusLeads({
        clientUrl: clientService.url,
        workspaceId,
        count: run.count,
        domains,
        tag,
        probe: run.probe,
      });
      measured.push({
        probe: run.probe,
        job,
        usage,
        expected: expectedCounts(run.count, domains, run.probe),
        leads,
        dnsQueries: dnsDuring,
      });
    }
  }
  if (only.has('raw')) {
    console.log('(c) raw MX lookups again…');
    raws.push(await rawLookups(dns.server, addresses));
  }

  console.log(
    `\n${startedAt.toISOString()}: ${addresses} addresses over ${domains} domains (probe on: ${probeAddresses}), ` +
      `concurrency ${concurrency}; machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}; load average at start ${startLoad}, at end ${load()}\n`,
  );
  printReport(raws, measured);
}

async function cleanUp(): Promise<void> {
  for (const app of [...running].reverse()) await app.stop().catch(() => undefined);
  await Promise.all(databases.map((db) => db.drop().catch(() => undefined)));
  for (const namespace of namespaces)
    await deleteKafkaNamespace(testKafkaBrokers(), namespace).catch(() => undefined);
}

runBench(main, cleanUp, { kafka: true });
