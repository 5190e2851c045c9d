import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabases, waitFor, type TestDatabase } from '@coldreach/testing';
import { writeBucketMap } from './bucket-map';
import { BucketWriteRetriesExhaustedError } from './bucket-moved-error';
import { bucketFor, bucketSql } from './buckets';
import { bucketMigrations } from './create-bucket-tables';
import {
  openBucketShardSet,
  openPgliteHost,
  openShardSet,
  type DatabaseLocation,
  type PgliteHost,
} from './index';

// PGlite takes seconds to start on a loaded machine; fenced writes wait on purpose.
jest.setTimeout(180_000);

class CreateNotes1700000000000 implements MigrationInterface {
  async up(runner: QueryRunner) {
    await runner.query(
      `CREATE TABLE notes (id uuid PRIMARY KEY, body text NOT NULL,
         bucket smallint GENERATED ALWAYS AS (${bucketSql('id')}) STORED)`,
    );
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE notes');
  }
}

const migrations = [CreateNotes1700000000000, ...bucketMigrations];
const tables = [{ name: 'notes', key: 'id' }];
const open = (locations: DatabaseLocation[], attempts = 40) =>
  openBucketShardSet(locations, {
    entities: [],
    migrations,
    migrate: true,
    tables,
    pollMs: 0,
    writeRetry: { attempts, firstDelayMs: 10, maxDelayMs: 200 },
  });

async function expectSqlBucketsMatch(locations: DatabaseLocation[]) {
  const set = await open(locations.slice(0, 1));
  try {
    const ids = Array.from({ length: 2000 }, () => randomUUID());
    await set.shards[0]!.query('INSERT INTO notes (id, body) SELECT unnest($1::uuid[]), $2', [ids, 'x']);
    const rows = (await set.shards[0]!.query('SELECT id, bucket FROM notes')) as {
      id: string;
      bucket: number;
    }[];
    expect(rows).toHaveLength(ids.length);
    expect(rows.filter((row) => bucketFor(row.id) !== Number(row.bucket))).toEqual([]);
  } finally {
    await set.close();
  }
}

describe('bucketed shard set', () => {
  describe('on PostgreSQL', () => {
    let databases: TestDatabase[];
    const locations = () => databases.map(({ url }) => ({ url }));
    beforeEach(async () => (databases = await createTestDatabases(3, 'cr_bucket')));
    afterEach(async () => Promise.all(databases.map((db) => db.drop())));

    it('computes in SQL the bucket bucketFor computes', () => expectSqlBucketsMatch(locations()));

    it('moves rows a 3-shard hash % 3 layout left on the wrong shard when the map is seeded', async () => {
      const legacy = await openShardSet(locations(), { entities: [], migrations, migrate: true });
      const ids = Array.from({ length: 600 }, () => randomUUID());
      for (const id of ids)
        await legacy.shardFor(id).query('INSERT INTO notes (id, body) VALUES ($1, $2)', [id, id]);
      await legacy.close();
      const set = await open(locations());
      try {
        const perShard = await Promise.all(
          set.shards.map(async (shard) => (await shard.query('SELECT id FROM notes')) as { id: string }[]),
        );
        expect(perShard.flat()).toHaveLength(ids.length);
        perShard.forEach((rows, index) =>
          expect(rows.filter((row) => set.indexFor(row.id) !== index)).toEqual([]),
        );
      } finally {
        await set.close();
      }
    });

    it('fences writes to a moving bucket, then retries them on the new owner', async () => {
      const set = await open(locations().slice(0, 2));
      try {
        const id = randomUUID();
        const bucket = bucketFor(id);
        const source = set.indexFor(id);
        const target = 1 - source;
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let holding!: () => void;
        const started = new Promise<void>((resolve) => (holding = resolve));
        // A writer in flight holds the bucket's ownership row FOR SHARE...
        const inFlight = set.writeTransaction(id, async (manager) => {
          await manager.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [id, 'first']);
          holding();
          await held;
        });
        await started;
        // ...so the fence waits for it to commit.
        let fenced = false;
        const fence = set.shards[source]!.query('DELETE FROM bucket_ownership WHERE bucket = $1', [
          bucket,
        ]).then(() => (fenced = true));
        await waitFor(
          async () => {
            const [row] = (await set.shards[source]!.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'DELETE FROM bucket_ownership%'`,
            )) as { n: number }[];
            return row!.n === 1 || undefined;
          },
          { timeoutMs: 60_000, what: 'the fence to wait for the writer' },
        );
        expect(fenced).toBe(false);
        release();
        await Promise.all([inFlight, fence]);
        // A write now finds the bucket gone and keeps retrying until the map moves it.
        const retried = set.writeTransaction(id, async (manager, index) => {
          await manager.query('UPDATE notes SET body = $2 WHERE id = $1', [id, 'second']);
          return index;
        });
        await set.shards[target]!.query('INSERT INTO notes (id, body) VALUES ($1, $2)', [id, 'first']);
        await set.shards[target]!.query('INSERT INTO bucket_ownership VALUES ($1)', [bucket]);
        const owners = [...set.map.owners];
        owners[bucket] = target;
        await writeBucketMap(set.shards[0]!, owners);
        expect(await retried).toBe(target);
        expect(await set.shards[target]!.query('SELECT body FROM notes WHERE id = $1', [id])).toEqual([
          { body: 'second' },
        ]);
      } finally {
        await set.close();
      }
    });

    it('fails a write clearly when the bucket never comes back', async () => {
      const set = await open(locations().slice(0, 1), 3);
      try {
        const id = randomUUID();
        await set.shards[0]!.query('DELETE FROM bucket_ownership WHERE bucket = $1', [bucketFor(id)]);
        await expect(set.writeTransaction(id, async () => 'written')).rejects.toBeInstanceOf(
          BucketWriteRetriesExhaustedError,
        );
      } finally {
        await set.close();
      }
    });
  });

  describe('on PGlite', () => {
    let host: PgliteHost;
    beforeAll(async () => (host = await openPgliteHost()));
    afterAll(() => host.close());
    it('computes in SQL the bucket bucketFor computes', () =>
      expectSqlBucketsMatch([{ pglite: host, schema: 'b0' }]));
  });
});
