// Path (c), the limit: Kafka's own kafka-producer-perf-test and kafka-consumer-perf-test classes
// (org.apache.kafka.tools.*Performance, Java clients) from the same jars as the broker.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface JavaRun {
  /** Each line of stdout with the wall-clock time it arrived. */
  lines: { text: string; atMs: number }[];
}

export function runKafkaTool(root: string, className: string, args: string[]): Promise<JavaRun> {
  const classpath = join(root, '.cache/kafka/lib/*');
  const log4j = `file:${join(root, 'tools/kafka/tools-log4j.properties')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      'java',
      [
        '-Xms256m',
        '-Xmx512m',
        '-XX:+UseG1GC',
        `-Dlog4j.configuration=${log4j}`,
        '-cp',
        classpath,
        className,
        ...args,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: JavaRun['lines'] = [];
    let pending = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const atMs = Date.now();
      const parts = (pending + chunk.toString()).split('\n');
      pending = parts.pop() ?? '';
      for (const text of parts) lines.push({ text, atMs });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (pending) lines.push({ text: pending, atMs: Date.now() });
      if (code === 0) resolve({ lines });
      else reject(new Error(`${className} exited with ${code}:\n${stderr}`));
    });
  });
}

export interface ProducerPerfResult {
  eventsPerSecond: number;
  /** When the first record was sent: the line's arrival minus the elapsed time the tool measured. */
  firstMs: number;
  lastMs: number;
}

/** kafka-producer-perf-test: acks=all, idempotent, unthrottled, records of `size` bytes (no key). */
export async function runProducerPerf(
  root: string,
  brokers: string,
  topic: string,
  count: number,
  size: number,
): Promise<ProducerPerfResult> {
  const run = await runKafkaTool(root, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(count),
    '--record-size',
    String(size),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'enable.idempotence=true',
    // Batches comparable to the Node paths' (1000 events a request) rather than the 16 KiB default.
    'batch.size=262144',
    'linger.ms=5',
  ]);
  // "200000 records sent, 110741.971207 records/sec (31.68 MB/sec), … 50th, …" (the summary line;
  // progress lines have no percentiles).
  const summary = run.lines.find((line) => line.text.includes('50th'));
  const match = summary?.text.match(/^(\d+) records sent, ([\d.]+) records\/sec/);
  if (!summary || !match || Number(match[1]) !== count)
    throw new Error(`unexpected ProducerPerformance output:\n${run.lines.map((l) => l.text).join('\n')}`);
  const eventsPerSecond = Number(match[2]);
  return { eventsPerSecond, firstMs: summary.atMs - (count * 1000) / eventsPerSecond, lastMs: summary.atMs };
}

export interface ConsumerPerfResult {
  /** Records per second from creating the consumer (joining the group included) to the last one. */
  eventsPerSecond: number;
  /** When the last record was consumed (the tool's end.time). */
  lastMs: number;
}

/**
 * With the default fetch.max.wait.ms (500 ms) the Java consumer stalls in 500 ms steps on the last
 * events of a topic whose partitions are unevenly filled (`--show-detailed-stats` shows it), which
 * made its figure swing between ~95,000 and ~385,000 events/s from run to run; kafkajs does not
 * stall that way. A short wait removes the artifact, so the tool stays the limit.
 */
function consumerConfig(root: string): string {
  const file = join(root, '.cache/bench-events/consumer.properties');
  mkdirSync(join(root, '.cache/bench-events'), { recursive: true });
  writeFileSync(file, 'fetch.max.wait.ms=10\n');
  return file;
}

/** kafka-consumer-perf-test in group `groupId`, from the earliest offset, until `count` records. */
export async function runConsumerPerf(
  root: string,
  brokers: string,
  topic: string,
  count: number,
  groupId: string,
): Promise<ConsumerPerfResult> {
  const run = await runKafkaTool(root, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--group',
    groupId,
    '--messages',
    String(count),
    '--timeout',
    '120000',
    '--date-format',
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    '--consumer.config',
    consumerConfig(root),
  ]);
  // start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
  const header = run.lines.findIndex((line) => line.text.startsWith('start.time'));
  const fields = run.lines[header + 1]?.text.split(', ') ?? [];
  if (header < 0 || fields.length < 10 || Number(fields[4]) !== count)
    throw new Error(`unexpected ConsumerPerformance output:\n${run.lines.map((l) => l.text).join('\n')}`);
  return { eventsPerSecond: Number(fields[5]), lastMs: Date.parse(fields[1] ?? '') };
}
