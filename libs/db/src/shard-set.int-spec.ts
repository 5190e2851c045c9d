import { setImmediate } from 'node:timers/promises';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { openPgliteHost, openShardSet, shardIndexFor, type DatabaseLocation, type PgliteHost } from './index';

// PGlite takes seconds to start on a loaded machine.
jest.setTimeout(60_000);

@Entity({ name: 'notes' })
class Note {
  @PrimaryColumn('text') id!: string;
  @Column('text') body!: string;
}

class CreateNotes1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query('CREATE TABLE notes (id text PRIMARY KEY, body text NOT NULL)');
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE notes');
  }
}

async function exerciseShards(locations: DatabaseLocation[]) {
  const set = await openShardSet(locations, {
    entities: [Note],
    migrations: [CreateNotes1700000000000],
    migrate: true,
  });
  try {
    const ids = Array.from({ length: 40 }, (_, i) => `note-${i}`);
    for (const id of ids) await set.shardFor(id).getRepository(Note).insert({ id, body: id });
    const counts = await Promise.all(set.shards.map((shard) => shard.getRepository(Note).count()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(counts.every((count) => count > 0)).toBe(true);
    for (const id of ids) {
      expect(await set.shardFor(id).getRepository(Note).findOneBy({ id })).toMatchObject({ body: id });
    }
    // A transaction holds its connection: concurrent transactions on PGlite must not interleave.
    await Promise.all(
      ids.slice(0, 10).map((id) =>
        set.shardFor(id).transaction(async (manager) => {
          await manager.update(Note, { id }, { body: 'changed' });
          // A turn of the event loop with the transaction open, in which the others (all asking
          // for a connection by now) would run their statements if the host let them.
          await setImmediate();
          await manager.update(Note, { id }, { body: `${id}!` });
        }),
      ),
    );
    const updated = await set.shardFor('note-3').getRepository(Note).findOneBy({ id: 'note-3' });
    expect(updated?.body).toBe('note-3!');
  } finally {
    await set.close();
  }
}

describe('openShardSet', () => {
  it('routes a key to the same shard every time', () => {
    expect(shardIndexFor('abc', 4)).toBe(shardIndexFor('abc', 4));
    const spread = new Set(Array.from({ length: 100 }, (_, i) => shardIndexFor(`k${i}`, 4)));
    expect(spread.size).toBe(4);
  });

  describe('on PostgreSQL, one database per shard', () => {
    let databases: TestDatabase[];
    beforeAll(async () => (databases = await createTestDatabases(3)));
    afterAll(async () => Promise.all(databases.map((db) => db.drop())));
    it('migrates, writes, reads and runs transactions', () =>
      exerciseShards(databases.map(({ url }) => ({ url }))));
  });

  describe('on PGlite, one schema per shard', () => {
    let host: PgliteHost;
    beforeAll(async () => (host = await openPgliteHost()));
    afterAll(() => host.close());
    it('migrates, writes, reads and runs transactions', () =>
      exerciseShards(['s0', 's1', 's2'].map((schema) => ({ pglite: host, schema }))));
  });
});
