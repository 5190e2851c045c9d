// Benchmark: do the workers scale out? The same load run by 1, 2, 4… worker processes of the Email
// service (a campaign's emails to a loopback SMTP sink) and of the Scraper service (a generated
// corpus on loopback): throughput, CPU per item (from /proc, every process), and where the
// machine's cores become the limit. Usage: npm run bench:scale-out [-- --workers 1,2,4
//   --deliveries 20000 --hosts 40 --pages-per-host 64 --concurrency 20 --only email,scraper
//   --connections-per-mailbox 20]   (see bench/README.md)
import { loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { testKafkaBrokers } from '@coldreach/testing';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { machineName } from '../email-pipeline/cpu-usage';
import { runBench } from '../run-bench';
import { scaleEmailWorkers, type Leftovers } from './email-scale';
import { coreLimit, printScaleTable, type ScaleRow } from './scale-row';
import { scaleScraperWorkers } from './scraper-scale';

const smoke = process.env.BENCH_SMOKE === '1';
const { values: flags } = parseArgs({
  options: {
    workers: { type: 'string', default: smoke ? '1,2' : '1,2,4' },
    deliveries: { type: 'string', default: smoke ? '60' : '20000' },
    hosts: { type: 'string', default: smoke ? '2' : '40' },
    'pages-per-host': { type: 'string', default: smoke ? '8' : '64' },
    concurrency: { type: 'string', default: smoke ? '4' : '20' },
    only: { type: 'string', default: 'email,scraper' },
    // The mailbox's SMTP connection budget over every worker process: one mailbox stands for the
    // many a deployment sends from, so it is raised to keep SMTP connections from being the limit.
    'connections-per-mailbox': { type: 'string', default: '20' },
  },
});
const workerCounts = flags.workers.split(',').map(Number);
const only = new Set(flags.only.split(','));
const left: Leftovers = { databases: new Set(), namespaces: new Set(), running: new Set() };
const loadAverage = () => readLoad().join(' ');
const readLoad = () => loadavg().map((value) => value.toFixed(2));

async function main(): Promise<void> {
  if (workerCounts.some((count) => !(count >= 1 && count <= 16))) throw new Error('--workers: 1 to 16 each');
  // Read by the email processes (their environment is this one's plus their own).
  process.env.SMTP_MAX_CONNECTIONS_PER_MAILBOX = flags['connections-per-mailbox'];
  const startLoad = loadAverage();
  const rows: ScaleRow[] = [];
  if (only.has('email'))
    rows.push(...(await scaleEmailWorkers(workerCounts, Number(flags.deliveries), left)));
  if (only.has('scraper')) {
    const load = {
      hosts: Number(flags.hosts),
      pagesPerHost: Number(flags['pages-per-host']),
      concurrency: Number(flags.concurrency),
    };
    rows.push(...(await scaleScraperWorkers(workerCounts, load, left)));
  }
  console.log(
    `\nworker processes ${workerCounts.join(' → ')}; email: ${flags.deliveries} deliveries of one mailbox ` +
      `(SMTP_MAX_CONNECTIONS_PER_MAILBOX ${flags['connections-per-mailbox']}); scraper: ${flags.hosts} hosts × ` +
      `${flags['pages-per-host']} pages, SCRAPER_CONCURRENCY ${flags.concurrency} per process`,
  );
  console.log(
    `machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load average at start ${startLoad}, at end ${loadAverage()}\n`,
  );
  printScaleTable(rows);
  for (const service of ['email', 'scraper'] as const)
    if (only.has(service)) console.log(coreLimit(rows, service));
}

async function cleanUp(): Promise<void> {
  for (const app of [...left.running].reverse()) await app.stop().catch(() => undefined);
  await Promise.all([...left.databases].map((database) => database.drop().catch(() => undefined)));
  for (const namespace of left.namespaces)
    await deleteKafkaNamespace(testKafkaBrokers(), namespace).catch(() => undefined);
}

runBench(main, cleanUp, { kafka: true });
