// Test support: databases holding the outbox and consumer tables plus an `effects` table that
// stands for a consumer's state change, on real PostgreSQL or in-memory PGlite.
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { openDataSource, openPgliteHost, type DatabaseLocation, type PgliteHost } from '@coldreach/db';
import { createTestDatabases, randomName, type TestDatabase } from '@coldreach/testing';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '../src/index';

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

export const storeBackends: StoreBackend[] = [
  {
    name: 'PostgreSQL',
    async open(count) {
      const databases: TestDatabase[] = await createTestDatabases(count, 'cr_outbox');
      return {
        locations: databases.map(({ url }) => ({ url })),
        dispose: async () => void (await Promise.all(databases.map((db) => db.drop()))),
      };
    },
  },
  {
    name: 'PGlite',
    async open(count) {
      const host: PgliteHost = await openPgliteHost();
      return {
        locations: Array.from({ length: count }, () => ({ pglite: host, schema: randomName('outbox') })),
        dispose: () => host.close(),
      };
    },
  },
];
