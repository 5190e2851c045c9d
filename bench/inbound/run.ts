// Benchmark: inbound mail. A generated mailbox of `--messages` mixed messages (replies threaded and
// not, auto-replies, DSN and qmail bounces hard and soft, ARF complaints, remove-me replies,
// unrelated mail; 2–30 KiB; with an answer key) in a real dovecot on loopback, read by (a) the
// Email service's inbox reader (classified, matched to its deliveries, applied in PostgreSQL with
// the outbox), beside (c) the limit: the same messages fetched with the same IMAP client in the
// same pages, before and after, and (b) that fetch plus classifyMessage in-process, no database.
// Each reader is a process of its own; dovecot is one too.
// Usage: npm run bench:inbound [-- --messages 50000 --page 50 --only raw,classify,reader]
import { randomBytes } from 'node:crypto';
import { loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import {
  createTestDatabase,
  randomName,
  startImapServer,
  testKafkaBrokers,
  type ImapTestServer,
  type TestDatabase,
} from '@coldreach/testing';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { machineName } from '../email-pipeline/cpu-usage';
import { measureReader, prepareEmailDatabase, type ReaderResult } from './cold-reach-read';
import { corpusMessage } from './corpus-messages';
import { classifierKindOf, expectedCounts, expectedKindOf } from './corpus-plan';
import type { RawFetchResult } from './raw-fetch';
import { printReport } from './report';
import { runBench } from '../run-bench';

const { values: flags } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    // The reader's page (its default): messages fetched per IMAP round trip.
    page: { type: 'string', default: '50' },
    // raw: (c) the limit, before and after; classify: (b); reader: (a).
    only: { type: 'string', default: 'raw,classify,reader' },
    // off: a diagnostic run of (a) without waiting for each commit's WAL flush (not the default).
    'synchronous-commit': { type: 'string', default: 'on' },
  },
});
const messages = Number(flags.messages);
const page = Number(flags.page);
const only = new Set(flags.only.split(','));
const synchronousCommit = flags['synchronous-commit'] === 'off' ? 'off' : 'on';
const running: BenchProcess[] = [];
let database: TestDatabase | undefined;
let imap: ImapTestServer | undefined;
let namespace: string | undefined;

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function deliverCorpus(server: ImapTestServer, user: string): Promise<void> {
  let next = 0;
  const deliverNext = async () => {
    while (next < messages) {
      const index = next++;
      await server.deliver(user, corpusMessage(index));
    }
  };
  await Promise.all(Array.from({ length: 16 }, deliverNext));
}

async function rawFetch(mode: 'fetch' | 'classify', env: Record<string, string>): Promise<RawFetchResult> {
  const raw = startBenchProcess(`raw-${mode}`, 'bench/inbound/raw-fetch.ts', {
    args: [mode, String(page)],
    env,
  });
  running.push(raw);
  const line = await raw.waitForLine(/^RAW /, 3_600_000);
  await raw.exited;
  const result = JSON.parse(line.slice('RAW '.length)) as RawFetchResult;
  console.log(
    `  ${result.messages} messages in ${(result.elapsedMs / 1000).toFixed(1)} s (load average ${load()})`,
  );
  return result;
}

async function main(): Promise<void> {
  if (!(messages > 0 && page > 0)) throw new Error('need --messages > 0 and --page > 0');
  const startLoad = load();
  const startedAt = new Date();
  const user = { user: 'bench', password: randomBytes(12).toString('hex') };
  imap = await startImapServer({ users: [user] });
  console.log(`delivering ${messages} messages into dovecot's maildir (not timed)…`);
  const deliveredAt = performance.now();
  await deliverCorpus(imap, user.user);
  console.log(`  delivered in ${((performance.now() - deliveredAt) / 1000).toFixed(1)} s`);
  const env = {
    BENCH_IMAP_HOST: imap.host,
    BENCH_IMAP_PORT: String(imap.port),
    BENCH_IMAP_USER: user.user,
    BENCH_IMAP_PASSWORD: user.password,
    BENCH_IMAP_CA: imap.ca,
  };
  // Dovecot indexes a new maildir on its first SELECT: a warm-up read, so no measurement pays it.
  console.log('warm-up: raw fetch (not counted)…');
  const warmUp = await rawFetch('fetch', env);
  if (warmUp.messages !== messages)
    throw new Error(`the mailbox holds ${warmUp.messages} of ${messages} messages`);
  const raws: RawFetchResult[] = [];
  if (only.has('raw')) {
    console.log('(c) raw imapflow fetch…');
    raws.push(await rawFetch('fetch', env));
  }
  let classifyOnly: RawFetchResult | undefined;
  if (only.has('classify')) {
    console.log('(b) fetch + classifyMessage, no database…');
    classifyOnly = await rawFetch('classify', env);
  }
  let reader: ReaderResult | undefined;
  if (only.has('reader')) {
    database = await createTestDatabase('cr_bench_inbound');
    namespace = randomName('bench_inbound');
    const credentialsKey = randomBytes(32);
    console.log(`preparing the email database: the mailbox and its sent deliveries (not timed)…`);
    await prepareEmailDatabase({
      databaseUrl: database.url,
      imapUrl: imap.url(user),
      credentialsKey,
      messages,
      synchronousCommit,
    });
    console.log(
      `(a) Cold Reach: the Email service reads the mailbox (synchronous_commit ${synchronousCommit})…`,
    );
    reader = await measureReader({
      databaseUrl: database.url,
      credentialsKey,
      namespace,
      ca: imap.ca,
      lastUid: warmUp.lastUid,
      messages,
      others: new Map(),
      databaseName: database.name,
      onProcess: (service) => running.push(service),
    });
    console.log(
      `  ${reader.messages} messages in ${(reader.elapsedMs / 1000).toFixed(1)} s (load average ${load()})`,
    );
  }
  if (only.has('raw')) {
    console.log('(c) raw imapflow fetch again…');
    raws.push(await rawFetch('fetch', env));
  }

  console.log(
    `\n${startedAt.toISOString()}: ${messages} messages (${(warmUp.bytes / 2 ** 20).toFixed(0)} MiB), pages of ${page}, ` +
      `synchronous_commit ${synchronousCommit}; ` +
      `machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load average at start ${startLoad}, at end ${load()}\n`,
  );
  printReport({
    raws,
    classifyOnly,
    reader,
    expected: expectedCounts(messages, expectedKindOf),
    expectedByClassifier: expectedCounts(messages, classifierKindOf),
  });
}

async function cleanUp(): Promise<void> {
  for (const app of [...running].reverse()) await app.stop().catch(() => undefined);
  await imap?.close().catch(() => undefined);
  await database?.drop().catch(() => undefined);
  if (namespace) await deleteKafkaNamespace(testKafkaBrokers(), namespace).catch(() => undefined);
}

runBench(main, cleanUp, { kafka: true });
