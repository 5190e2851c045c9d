// Idle CPU of a subscribed consumer on each Kafka client of libs/events: a bus subscribes to an
// empty topic, then sits idle for 30 s; prints the CPU seconds (process.cpuUsage, user + system) it
// used meanwhile. Each client in its own process, so one's timers do not count for the other.
// Usage: node --disable-warning=TimeoutNegativeWarning -r @swc-node/register bench/events/idle-cpu.ts [seconds]
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createKafkaEventBus, type KafkaClientName } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers } from '@coldreach/testing';
import { benchSmoke, useBenchKafka } from '../bench-kafka';

const clients: KafkaClientName[] = ['kafkajs', 'platformatic'];
const [secondsArg = '30', only] = process.argv.slice(2);
const seconds = benchSmoke ? 1 : Number(secondsArg);

async function measure(client: KafkaClientName): Promise<void> {
  const bus = createKafkaEventBus({
    brokers: testKafkaBrokers(),
    clientId: randomName(`idle-${client}`),
    logger: createLogger({ name: 'idle-cpu', level: 'warn', destination: process.stderr }),
    namespace: randomName('idle'),
    client,
  });
  try {
    const topic = 'idle';
    await bus.ensureTopics([{ name: topic, partitions: 6 }]);
    await bus.subscribe({ groupId: 'idle', topics: [topic], handleBatch: async () => {} });
    const before = process.cpuUsage();
    await new Promise((done) => setTimeout(done, seconds * 1000));
    const used = process.cpuUsage(before);
    console.log(JSON.stringify({ client, seconds, cpuSeconds: (used.user + used.system) / 1e6 }));
  } finally {
    await bus.close();
  }
}

function main(): void {
  if (only) {
    measure(only as KafkaClientName).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
    return;
  }
  const kafka = useBenchKafka();
  try {
    console.log(`| client | CPU seconds while subscribed and idle for ${seconds} s |\n| --- | --- |`);
    for (const client of clients) {
      const run = spawnSync(
        process.execPath,
        [
          '--disable-warning=TimeoutNegativeWarning',
          '-r',
          '@swc-node/register',
          __filename,
          String(seconds),
          client,
        ],
        { cwd: resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
      );
      const line = run.stdout.split('\n').find((text) => text.startsWith('{'));
      if (run.status !== 0 || !line) throw new Error(`idle-cpu ${client} exited with ${run.status}`);
      const { cpuSeconds } = JSON.parse(line) as { cpuSeconds: number };
      console.log(`| ${client} | ${cpuSeconds.toFixed(2)} |`);
    }
  } finally {
    kafka.stop();
  }
}

main();
