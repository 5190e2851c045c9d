// Test support: databases holding the outbox and consumer tables plus an `effects` table that
// stands for a consumer's state change, on real PostgreSQL or in-memory PGlite, and the suites a
// consumer is tested in (a store with a bus).
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { openDataSource, openPgliteHost, type DatabaseLocation, type PgliteHost } from '@coldreach/db';
import type { EventBus } from '@coldreach/events';
import { createTestLocations, randomName } from '@coldreach/testing';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '../src/index';
import { inProcessBus, kafkaBus, type BusCase } from './bus-cases';

class CreateEffectsTable1732599999999 implements MigrationInterface {
  name = 'CreateEffectsTable1732599999999';
  async up(runner: QueryRunner) {
    // No unique constraint on purpose: a duplicate effect must show up as a second row.
    await runner.query('CREATE TABLE effects (event_id uuid NOT NULL, key text NOT NULL, seq bigserial)');
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE effects');
  }
}

export const testMigrations = [...outboxMigrations, ...consumerMigrations, CreateEffectsTable1732599999999];

export function openTestStore(location: DatabaseLocation): Promise<DataSource> {
  return openDataSource({
    location,
    entities: [...outboxEntities, ...consumerEntities],
    migrations: testMigrations,
    migrate: true,
  });
}

/** The effect a test consumer applies: one row per application. */
export async function recordEffect(manager: EntityManager, eventId: string, key: string): Promise<void> {
  await manager.query('INSERT INTO effects (event_id, key) VALUES ($1, $2)', [eventId, key]);
}

/** How many times each event id's effect was applied. */
export async function effectCounts(dataSource: DataSource): Promise<Map<string, number>> {
  const rows = (await dataSource.query(
    'SELECT event_id, count(*)::int AS n FROM effects GROUP BY event_id',
  )) as { event_id: string; n: number }[];
  return new Map(rows.map((row) => [row.event_id, Number(row.n)]));
}

/** The keys' effects in the order they were applied. */
export async function effectKeysInOrder(dataSource: DataSource): Promise<{ key: string; eventId: string }[]> {
  const rows = (await dataSource.query('SELECT key, event_id FROM effects ORDER BY seq')) as {
    key: string;
    event_id: string;
  }[];
  return rows.map((row) => ({ key: row.key, eventId: row.event_id }));
}

export interface StoreBackend {
  name: string;
  /** `count` empty locations, and how to remove them afterwards. */
  open(count: number): Promise<{ locations: DatabaseLocation[]; dispose(): Promise<void> }>;
}

const postgresStore: StoreBackend = {
  name: 'PostgreSQL',
  open: (count) => createTestLocations(Array.from({ length: count }, () => 'cr_outbox')),
};

const pgliteStore: StoreBackend = {
  name: 'PGlite',
  async open(count) {
    const host: PgliteHost = await openPgliteHost();
    return {
      locations: Array.from({ length: count }, () => ({ pglite: host, schema: randomName('outbox') })),
      dispose: () => host.close(),
    };
  },
};

export const storeBackends: StoreBackend[] = [postgresStore, pgliteStore];

/** Where a consumer is tested: each store with the in-process bus, and PostgreSQL with Kafka. */
export const storeAndBusCases: { name: string; store: StoreBackend; bus: BusCase }[] = [
  { store: pgliteStore, bus: inProcessBus },
  { store: postgresStore, bus: inProcessBus },
  { store: postgresStore, bus: kafkaBus },
].map((pair) => ({ ...pair, name: `${pair.store.name} with ${pair.bus.name}` }));

/** A suite's store and bus: set before its first test, closed after its last. */
export interface StoreAndBus {
  store: DataSource;
  bus: EventBus;
  /** The bus is a real broker: redelivery counts and timings differ from memory. */
  kafka: boolean;
}

/** Describes `tests` once per `storeAndBusCases`, each suite with one fresh store and one bus of its own. */
export function describeOnStoresAndBuses(title: string, tests: (rig: StoreAndBus) => void): void {
  describe.each(storeAndBusCases)(`${title} on $name`, ({ store: backend, bus: busCase }) => {
    const rig = { kafka: busCase.kafka } as StoreAndBus;
    let dispose: (() => Promise<void>) | undefined;
    beforeAll(async () => {
      const opened = await backend.open(1);
      dispose = opened.dispose;
      rig.store = await openTestStore(opened.locations[0]!);
      rig.bus = busCase.open();
    });
    afterAll(async () => {
      await rig.bus?.close();
      await rig.store?.destroy();
      await dispose?.();
    });
    tests(rig);
  });
}
