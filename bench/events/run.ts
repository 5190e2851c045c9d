// Benchmark: produce → consume throughput of keyed events through the project's event bus
// (libs/events, on kafkajs and on @platformatic/kafka), through kafkajs used directly, and through Kafka's own Java perf-test tools (the
// limit), in one run, against the project's broker (`npm run kafka:start`), each on its own topics.
// Usage: npm run bench:events [-- <events> <batchSize> <rounds>]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { randomName, testKafkaBrokers } from '@coldreach/testing';
import { benchSmoke, useBenchKafka } from '../bench-kafka';
import { createBenchAdmin } from './bench-admin';
import { runConsumerPerf, runProducerPerf } from './java-perf';
import { type PathResult, printReport } from './report';

const root = resolve(__dirname, '../..');
const [eventsArg = '1000000', batchArg = '1000', roundsArg = '3'] = process.argv.slice(2);
// BENCH_SMOKE: every path once at a tiny size, to show the benchmark still runs; figures mean nothing.
const count = benchSmoke ? 2000 : Number(eventsArg);
const batchSize = benchSmoke ? 100 : Number(batchArg);
const rounds = benchSmoke ? 1 : Number(roundsArg);
const eventBytes = 300;
const keys = 1000;
const partitions = 6;
const brokers = testKafkaBrokers();
const bootstrap = brokers.join(',');
const admin = createBenchAdmin(brokers, partitions);
const leftovers = new Set<string>();

interface LoadResult {
  firstMs: number;
  lastMs: number;
  count: number;
  duplicates?: number;
}

/** Starts one load process; `ready` resolves when a consumer is consuming, `result` at its end. */
function startLoad(args: string[]): { ready: Promise<void>; result: Promise<LoadResult> } {
  // kafkajs 2.2.4 schedules negative timeouts, which Node 24 warns about on every connection
  // (https://github.com/tulios/kafkajs/issues/1751); the warning says nothing about the benchmark.
  const flags = ['--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register'];
  const child = spawn(process.execPath, [...flags, 'bench/events/load.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let ready!: () => void;
  const readyPromise = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('ready\n')) ready();
  });
  const result = new Promise<LoadResult>((resolveResult, reject) => {
    child.once('exit', (code) => {
      const json = out.split('\n').find((line) => line.startsWith('{'));
      if (code === 0 && json) resolveResult(JSON.parse(json) as LoadResult);
      else reject(new Error(`load ${args.join(' ')} exited with ${code}: ${out}`));
    });
  });
  return { ready: Promise.race([readyPromise, result.then(() => undefined)]), result };
}

const perSecond = (events: number, fromMs: number, toMs: number) => (events * 1000) / (toMs - fromMs);

/** Runs `measure` on two new topics and deletes them after, so rounds do not pile data up. */
async function withTopics<T>(measure: (topic: string, e2eTopic: string) => Promise<T>): Promise<T> {
  const topics = [await admin.newTopic(), await admin.newTopic()];
  topics.forEach((topic) => leftovers.add(topic));
  const result = await measure(topics[0] as string, topics[1] as string);
  await admin.deleteTopics(topics);
  topics.forEach((topic) => leftovers.delete(topic));
  return result;
}

/**
 * Path (a) or (b): produce N events; consume them all in a new group; then both at once on a new
 * topic (consumer in the group first), for end-to-end: first publish → last event consumed.
 */
function measureNode(name: string, client: 'bus' | 'bus-platformatic' | 'kafkajs'): Promise<PathResult> {
  const produceArgs = (topic: string) =>
    [client, 'produce', topic, count, eventBytes, keys, batchSize].map(String);
  const consumeArgs = (topic: string) => [client, 'consume', topic, String(count), randomName('bench_group')];
  return withTopics(async (topic, e2eTopic) => {
    const produced = await startLoad(produceArgs(topic)).result;
    const consumed = await startLoad(consumeArgs(topic)).result;
    const consumer = startLoad(consumeArgs(e2eTopic));
    await consumer.ready;
    const e2eProduced = await startLoad(produceArgs(e2eTopic)).result;
    const e2eConsumed = await consumer.result;
    return {
      name,
      produce: perSecond(count, produced.firstMs, produced.lastMs),
      consume: perSecond(count, consumed.firstMs, consumed.lastMs),
      endToEnd: perSecond(count, e2eProduced.firstMs, e2eConsumed.lastMs),
      duplicates: (consumed.duplicates ?? 0) + (e2eConsumed.duplicates ?? 0),
    };
  });
}

/** Path (c), the limit: the same three measurements with the Java tools. */
function measureJava(): Promise<PathResult> {
  return withTopics(async (topic, e2eTopic) => {
    const produced = await runProducerPerf(root, bootstrap, topic, count, eventBytes);
    const consumed = await runConsumerPerf(root, bootstrap, topic, count, randomName('bench_group'));
    const group = randomName('bench_group');
    const consumer = runConsumerPerf(root, bootstrap, e2eTopic, count, group);
    consumer.catch(() => undefined); // awaited below
    await admin.waitForStableGroup(group); // the tool itself says nothing when it has joined
    const e2eProduced = await runProducerPerf(root, bootstrap, e2eTopic, count, eventBytes);
    const e2eConsumed = await consumer;
    return {
      name: 'Kafka perf-test tools (Java)',
      produce: produced.eventsPerSecond,
      consume: consumed.eventsPerSecond,
      endToEnd: perSecond(count, e2eProduced.firstMs, e2eConsumed.lastMs),
    };
  });
}

async function main() {
  const kafka = useBenchKafka();
  if (!existsSync(join(root, '.cache/kafka/lib')))
    throw new Error('the Kafka jars are missing: run `npm run kafka:start` once');
  const pom = readFileSync(join(root, 'tools/kafka/pom.xml'), 'utf8');
  const kafkaVersion = /<kafka.version>([^<]+)</.exec(pom)?.[1];
  try {
    // Warms the broker up (JIT, page cache) so the first path measured is not penalised.
    await withTopics((topic) => runProducerPerf(root, bootstrap, topic, Math.min(count, 50_000), eventBytes));
    const results: PathResult[][] = [];
    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round} of ${rounds}…`);
      results.push([
        await measureJava(),
        await measureNode('kafkajs directly', 'kafkajs'),
        await measureNode('libs/events bus (kafkajs)', 'bus'),
        await measureNode('libs/events bus (@platformatic/kafka)', 'bus-platformatic'),
      ]);
    }
    console.log(
      `\n${count} events of ${eventBytes} bytes keyed over ${keys} keys, ${partitions} partitions, ` +
        `batches of ${batchSize} (Node paths), acks=all, idempotent producers, Kafka ${kafkaVersion}; ` +
        `median of ${rounds} round(s) (range)${benchSmoke ? ', BENCH_SMOKE' : ''}`,
    );
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
        `Node ${process.version}\n`,
    );
    printReport(results);
  } finally {
    if (leftovers.size) await admin.deleteTopics([...leftovers]).catch(() => undefined);
    kafka.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
