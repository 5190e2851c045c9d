import type { DataSource } from 'typeorm';
import { Client } from 'pg';
import { createLogger } from '@coldreach/observability';
import { randomName, waitFor } from '@coldreach/testing';
import { inProcessBus, kafkaBus, type BusCase } from '../test/bus-cases';
import { firstOccurrences, idsByKey, unpublished } from '../test/relay-checks';
import { commitEvents, subscribeEffects, testEvent } from '../test/test-events';
import { effectCounts, openTestStore, storeBackends, type StoreBackend } from '../test/test-stores';
import { startOutboxRelay, type OutboxRelay } from './outbox-relay';
import { writeOutboxEvents, type OutboxEventInput } from './write-outbox-events';

jest.setTimeout(120_000);

const logger = createLogger({ name: 'relay-test', level: 'silent' });
const [postgres, pglite] = storeBackends as [StoreBackend, StoreBackend];

const cases: { store: StoreBackend; bus: BusCase }[] = [
  { store: pglite, bus: inProcessBus },
  { store: postgres, bus: inProcessBus },
  { store: postgres, bus: kafkaBus },
];

describe.each(cases.map((c) => ({ ...c, name: `${c.store.name} with ${c.bus.name}` })))(
  'outbox relay on $name',
  ({ store: backend, bus: busCase }) => {
    let stores: DataSource[];
    let dispose: () => Promise<void>;
    const relays: OutboxRelay[] = [];
    const closers: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      const opened = await backend.open(2);
      dispose = opened.dispose;
      stores = [];
      for (const location of opened.locations) stores.push(await openTestStore(location));
    });
    afterEach(async () => {
      await Promise.all(relays.splice(0).map((relay) => relay.stop()));
      for (const close of closers.splice(0).reverse()) await close();
      // Each test starts from empty outboxes and consumer tables.
      for (const store of stores) {
        for (const table of ['outbox_events', 'processed_events', 'effects'])
          await store.query(`DELETE FROM ${table}`);
      }
    });
    afterAll(async () => {
      for (const store of stores ?? []) await store.destroy();
      await dispose?.();
    });

    function openBus(topic: string, partitions = 3) {
      const bus = busCase.open();
      closers.push(() => bus.close());
      return bus.ensureTopics([{ name: topic, partitions }]).then(() => bus);
    }

    it('publishes committed events once each, in order per key, and nothing of a rollback', async () => {
      const topic = randomName('outbox.order');
      const bus = await openBus(topic);
      const consumer = await subscribeEffects(bus, stores[0]!, { groupId: randomName('order'), topic });
      closers.push(() => consumer.close());
      relays.push(startOutboxRelay({ shards: stores, bus, logger, batchSize: 16, pollIntervalMs: 10 }));

      // Ten keys, each living on one shard as a client id does; both shards written at once.
      const keys = Array.from({ length: 10 }, (_, i) => `key-${i}`);
      const written = Array.from({ length: 400 }, (_, i) => testEvent(topic, keys[i % keys.length]!));
      const perShard = [0, 1].map((shard) => written.filter((_, i) => (i % keys.length) % 2 === shard));
      const rolledBack = [testEvent(topic, 'key-0'), testEvent(topic, 'key-1')];
      await Promise.all([
        commitEvents(stores[0]!, perShard[0]!, 7),
        commitEvents(stores[1]!, perShard[1]!, 7),
        stores[0]!
          .transaction(async (manager) => {
            await writeOutboxEvents(manager, rolledBack);
            throw new Error('rolled back');
          })
          .catch(() => undefined),
      ]);

      await waitFor(async () => (await effectCounts(stores[0]!)).size >= written.length, {
        timeoutMs: 60_000,
        what: 'every effect',
      });
      const effects = await effectCounts(stores[0]!);
      expect(effects.size).toBe(written.length);
      for (const event of written) expect(effects.get(event.eventId)).toBe(1);
      for (const event of rolledBack) expect(effects.has(event.eventId)).toBe(false);

      const receivedByKey = idsByKey(consumer.deliveries);
      for (const [key, ids] of idsByKey(written.map((e) => ({ key: e.key, eventId: e.eventId })))) {
        expect(firstOccurrences(receivedByKey.get(key) ?? [])).toEqual(ids);
      }
      expect(await unpublished(stores[0]!)).toBe(0);
      expect(await unpublished(stores[1]!)).toBe(0);
    });

    it('publishes again after a crash between publishing and deleting; the effect happens once', async () => {
      const topic = randomName('outbox.crash');
      const bus = await openBus(topic);
      const consumer = await subscribeEffects(bus, stores[0]!, { groupId: randomName('crash'), topic });
      closers.push(() => consumer.close());
      const events = Array.from({ length: 5 }, (_, i) => testEvent(topic, `key-${i}`));
      await commitEvents(stores[0]!, events);

      const errors: Error[] = [];
      let crashes = 0;
      const relay = startOutboxRelay({
        shards: [stores[0]!],
        bus,
        logger,
        pollIntervalMs: 10,
        onError: (error) => errors.push(error),
        faults: {
          afterPublish: () => {
            if (crashes++ === 0) throw new Error('crashed after publishing');
          },
        },
      });
      relays.push(relay);
      await waitFor(async () => (await unpublished(stores[0]!)) === 0, { what: 'the retry to delete them' });
      await waitFor(() => consumer.messages.length >= 2 * events.length, { what: 'both deliveries' });

      expect(errors.map((e) => e.message)).toEqual(['crashed after publishing']);
      for (const event of events) {
        expect(consumer.eventIds().filter((id) => id === event.eventId).length).toBeGreaterThanOrEqual(2);
      }
      const effects = await effectCounts(stores[0]!);
      for (const event of events) expect(effects.get(event.eventId)).toBe(1);
    });

    if (backend === postgres) {
      it('survives its database session being killed between publishing and deleting', async () => {
        const topic = randomName('outbox.session');
        const bus = await openBus(topic);
        const consumer = await subscribeEffects(bus, stores[1]!, { groupId: randomName('session'), topic });
        closers.push(() => consumer.close());
        const events = Array.from({ length: 8 }, (_, i) => testEvent(topic, `key-${i}`));
        await commitEvents(stores[0]!, events);

        const [{ database }] = (await stores[0]!.query('SELECT current_database() AS database')) as [
          { database: string },
        ];
        const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
        await admin.connect();
        closers.push(() => admin.end());
        let kills = 0;
        const relay = startOutboxRelay({
          shards: [stores[0]!],
          bus,
          logger,
          pollIntervalMs: 10,
          faults: {
            afterPublish: async () => {
              if (kills++ > 0) return;
              // The relay's own session, idle inside its transaction, dies like a crashed process's.
              await admin.query(
                `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                 WHERE datname = $1 AND state = 'idle in transaction'`,
                [database],
              );
            },
          },
        });
        relays.push(relay);
        await waitFor(async () => (await unpublished(stores[0]!)) === 0, {
          what: 'a later round to delete them',
        });
        await waitFor(() => consumer.messages.length >= 2 * events.length, { what: 'both deliveries' });
        expect(kills).toBeGreaterThanOrEqual(2);
        const effects = await effectCounts(stores[1]!);
        for (const event of events) expect(effects.get(event.eventId)).toBe(1);
        for (const event of events) {
          expect(consumer.eventIds().filter((id) => id === event.eventId).length).toBeGreaterThanOrEqual(2);
        }
      });

      it('lets only one relay publish a shard at a time', async () => {
        const topic = randomName('outbox.lock');
        const bus = await openBus(topic);
        const consumer = await subscribeEffects(bus, stores[1]!, { groupId: randomName('lock'), topic });
        closers.push(() => consumer.close());
        const events = Array.from({ length: 30 }, (_, i) => testEvent(topic, `key-${i % 3}`));
        await commitEvents(stores[0]!, events);

        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let blocked = 0;
        const first = startOutboxRelay({
          shards: [stores[0]!],
          bus,
          logger,
          batchSize: 10,
          pollIntervalMs: 10,
          faults: { afterPublish: () => (blocked++ === 0 ? gate : undefined) },
        });
        relays.push(first);
        await waitFor(() => blocked > 0, { what: 'the first relay to hold its batch' });
        // The second relay's rounds, counted: each is one transaction on its shard.
        let secondRounds = 0;
        const countedShard = new Proxy(stores[0]!, {
          get: (target, property) =>
            property === 'transaction'
              ? (...args: unknown[]): unknown => {
                  secondRounds++;
                  return Reflect.apply(target.transaction, target, args);
                }
              : Reflect.get(target, property, target),
        });
        const second = startOutboxRelay({
          shards: [countedShard],
          bus,
          logger,
          batchSize: 10,
          pollIntervalMs: 10,
        });
        relays.push(second);
        // The second relay keeps finding the shard locked, so nothing past the first batch goes out:
        // it has begun a third round, so two have ended.
        await waitFor(() => secondRounds >= 3, { what: 'the second relay to run two rounds' });
        expect(new Set(consumer.eventIds()).size).toBeLessThanOrEqual(10);
        expect(await unpublished(stores[0]!)).toBe(30);

        release();
        await waitFor(async () => (await effectCounts(stores[1]!)).size >= events.length, {
          what: 'effects',
        });
        const byKey = idsByKey(consumer.deliveries);
        for (const [key, ids] of idsByKey(events.map((e) => ({ key: e.key, eventId: e.eventId })))) {
          expect(firstOccurrences(byKey.get(key) ?? [])).toEqual(ids);
        }
      });
    }

    if (!busCase.kafka) {
      it('keeps retrying while the bus fails, without crashing, and marks nothing', async () => {
        const topic = randomName('outbox.down');
        const bus = await openBus(topic);
        await bus.close();
        const events: OutboxEventInput[] = [testEvent(topic, 'k')];
        await commitEvents(stores[0]!, events);
        const errors: Error[] = [];
        const relay = startOutboxRelay({
          shards: [stores[0]!],
          bus,
          logger,
          pollIntervalMs: 5,
          maxBackoffMs: 20,
          onError: (error) => errors.push(error),
        });
        relays.push(relay);
        await waitFor(() => errors.length >= 3, { what: 'three failed rounds' });
        await expect(relay.drain()).rejects.toThrow(/closed/);
        expect(await unpublished(stores[0]!)).toBe(1);
      });
    }
  },
);
