import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import type { EventBus } from '@coldreach/events';
import { randomName, testKafkaBrokers, waitFor } from '@coldreach/testing';
import { kafkaBus } from '../test/bus-cases';
import { firstOccurrences, idsByKey, unpublished } from '../test/relay-checks';
import { commitEvents, subscribeEffects, testEvent } from '../test/test-events';
import { effectCounts, openTestStore, storeBackends, type StoreBackend } from '../test/test-stores';

// The relay as its own process (test/relay-process.ts), SIGKILLed at random points while it publishes.
jest.setTimeout(180_000);

const repositoryRoot = resolve(__dirname, '../../..');
const [postgres] = storeBackends as [StoreBackend];

describe('an outbox relay process killed at random points, on PostgreSQL with Kafka', () => {
  let stores: DataSource[];
  let url: string;
  let dispose: () => Promise<void>;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const opened = await postgres.open(2);
    dispose = opened.dispose;
    url = (opened.locations[0] as { url: string }).url;
    stores = [];
    for (const location of opened.locations) stores.push(await openTestStore(location));
  });
  afterAll(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const store of stores ?? []) await store.destroy();
    await dispose?.();
  });

  async function openBus(topic: string): Promise<EventBus> {
    const bus = kafkaBus.open();
    closers.push(() => bus.close());
    await bus.ensureTopics([{ name: topic, partitions: 3 }]);
    return bus;
  }

  it('loses nothing and applies nothing twice when its process is SIGKILLed at random points', async () => {
    const topic = randomName('outbox.kill');
    const bus = await openBus(topic);
    const consumer = await subscribeEffects(bus, stores[1]!, { groupId: randomName('kill'), topic });
    closers.push(() => consumer.close());
    const keys = Array.from({ length: 50 }, (_, i) => `key-${i}`);
    const written = Array.from({ length: 2000 }, (_, i) => testEvent(topic, keys[i % keys.length]!));
    await commitEvents(stores[0]!, written, 50);

    const children = new Set<ChildProcess>();
    closers.push(async () => children.forEach((child) => child.kill('SIGKILL')));
    const failures: string[] = [];
    const startRelayProcess = () => {
      // 15 ms between publishing a batch and deleting it: most kills land in that window.
      const args = ['-r', '@swc-node/register', 'libs/outbox/test/relay-process.ts', url];
      const child = spawn(process.execPath, [...args, testKafkaBrokers().join(','), '15'], {
        cwd: repositoryRoot,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      children.add(child);
      const exited = new Promise<void>((done) =>
        child.once('exit', (code, signal) => {
          children.delete(child);
          if (signal !== 'SIGKILL' && code !== 0) failures.push(`exit ${code}: ${stderr}`);
          done();
        }),
      );
      return { child, exited };
    };

    // At least 6 kills, and more (up to 12) until one has landed between publishing and deleting:
    // where a kill lands is chance, and on a loaded machine a relay may get through a lot at once.
    const republished = () => new Set(consumer.eventIds()).size < consumer.deliveries.length;
    let kills = 0;
    for (; kills < 12 && (kills < 6 || !republished()); kills++) {
      const left = await unpublished(stores[0]!);
      const delivered = consumer.messages.length;
      if (left === 0) break;
      const { child, exited } = startRelayProcess();
      // Once it is publishing, kill it wherever it happens to be.
      await waitFor(
        async () => consumer.messages.length > delivered || (await unpublished(stores[0]!)) < left,
        {
          timeoutMs: 60_000,
          intervalMs: 10,
          what: 'the relay process to publish',
        },
      );
      await new Promise((done) => setTimeout(done, Math.random() * 250));
      child.kill('SIGKILL');
      await exited;
    }
    expect(failures).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(3);

    const last = startRelayProcess();
    await waitFor(async () => (await unpublished(stores[0]!)) === 0, {
      timeoutMs: 90_000,
      what: 'the last relay process to publish the rest',
    });
    await waitFor(async () => (await effectCounts(stores[1]!)).size >= written.length, {
      timeoutMs: 90_000,
      what: 'every effect',
    });
    last.child.kill('SIGTERM');
    await last.exited;
    expect(failures).toEqual([]);

    const effects = await effectCounts(stores[1]!);
    expect(effects.size).toBe(written.length);
    for (const event of written) expect(effects.get(event.eventId)).toBe(1);
    // Kills between publishing and deleting made it publish some events again.
    expect(consumer.messages.length).toBeGreaterThan(written.length);
    const byKey = idsByKey(consumer.deliveries);
    for (const [key, ids] of idsByKey(written.map((e) => ({ key: e.key, eventId: e.eventId })))) {
      expect(firstOccurrences(byKey.get(key) ?? [])).toEqual(ids);
    }
  });
});
