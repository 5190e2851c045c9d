// One side of one path of the benchmark, run as its own process so producer, consumer and the
// orchestrator never share an event loop. Prints `ready` once consuming, then one JSON line.
// Usage: load.ts <bus|bus-platformatic|kafkajs> produce <topic> <events> <eventBytes> <keys> <batchSize>
//        load.ts <bus|bus-platformatic|kafkajs> consume <topic> <events> <groupId>
import { testKafkaBrokers } from '@coldreach/testing';
import type { BenchClient } from './bench-client';
import { createEventCounter, makeBenchEvents } from './bench-events';
import { createBusClient } from './bus-client';
import { createKafkajsClient } from './kafkajs-client';

const [path, role, topic, events, ...rest] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  ...string[],
];
const count = Number(events);
const consumeTimeoutMs = 180_000;

async function produce(client: BenchClient, eventBytes: number, keys: number, batchSize: number) {
  // Built before the clock starts: the benchmark measures the client, not the making of events.
  const all = makeBenchEvents(count, eventBytes, keys);
  const firstMs = Date.now();
  for (let start = 0; start < count; start += batchSize)
    await client.publish(topic, all.slice(start, start + batchSize));
  return { firstMs, lastMs: Date.now(), count };
}

async function consume(client: BenchClient, groupId: string) {
  const counter = createEventCounter(count);
  // From before connecting, as Kafka's consumer perf tool counts: joining the group is part of it.
  const firstMs = Date.now();
  let lastMs = 0;
  let complete!: () => void;
  const completed = new Promise<void>((resolve) => (complete = resolve));
  const subscription = await client.subscribe(groupId, topic, (values) => {
    for (const value of values) counter.add(value);
    if (counter.complete && !lastMs) {
      lastMs = Date.now();
      complete();
    }
  });
  console.log('ready');
  const timeout = setTimeout(() => {
    console.error(`consumed too little of ${count} events within ${consumeTimeoutMs} ms`);
    process.exit(1);
  }, consumeTimeoutMs);
  await completed;
  clearTimeout(timeout);
  await subscription.close();
  return { firstMs, lastMs, count, duplicates: counter.duplicates };
}

async function main() {
  const brokers = testKafkaBrokers();
  const client =
    path === 'kafkajs'
      ? createKafkajsClient(brokers)
      : createBusClient(brokers, path === 'bus-platformatic' ? 'platformatic' : 'kafkajs');
  try {
    const result =
      role === 'produce'
        ? await produce(client, Number(rest[0]), Number(rest[1]), Number(rest[2]))
        : await consume(client, rest[0] ?? '');
    console.log(JSON.stringify(result));
  } finally {
    await client.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
