import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL server tests create their databases on (the machine's own, trust auth). */
export const testPostgresAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** The Redis tests use; keys are namespaced per test with `randomName`. */
export const testRedisUrl = 'redis://127.0.0.1:6379';

export function randomName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database with a random name on the real PostgreSQL; `drop()` removes it. */
export async function createTestDatabase(prefix = 'cr_test'): Promise<TestDatabase> {
  const name = randomName(prefix);
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Creates `count` databases at once, e.g. one per shard. */
export async function createTestDatabases(count: number, prefix = 'cr_test'): Promise<TestDatabase[]> {
  return Promise.all(Array.from({ length: count }, () => createTestDatabase(prefix)));
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: testPostgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
