// The gateway's API-key cache on a real PostgreSQL: two stores over one database stand for two
// gateway replicas. Time is a fake clock handed to the caches: nothing sleeps.
import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import {
  cacheApiKeys,
  createTenancyStore,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
} from './index';

jest.setTimeout(60_000);

const ttlMs = 5_000;
let now = 1_700_000_000_000;
const clock = () => now;

let database: TestDatabase;
let dataSource: DataSource;
let store: TenancyStore;
let workspaceId: string;
beforeAll(async () => {
  database = await createTestDatabase('cr_key_cache');
  dataSource = await openDataSource({
    location: { url: database.url },
    entities: tenancyEntities,
    migrations: tenancyMigrations,
    migrate: true,
  });
  store = createTenancyStore(dataSource);
  workspaceId = (await store.createWorkspace('cache')).id;
});
afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

/** The real store, counting the lookups that reach the database. */
function countingStore(): TenancyStore & { lookups: number } {
  const counted = { ...store, lookups: 0 };
  counted.authenticate = (key) => {
    counted.lookups += 1;
    return store.authenticate(key);
  };
  return counted;
}

describe('cacheApiKeys', () => {
  it('refuses a revoked key at once on the revoking replica and within the TTL on the other', async () => {
    const replicaA = cacheApiKeys(createTenancyStore(dataSource), { ttlMs, now: clock });
    const replicaB = cacheApiKeys(createTenancyStore(dataSource), { ttlMs, now: clock });
    const { key, apiKey } = await store.createApiKey(workspaceId, 'revoked');
    const identity = { workspaceId, keyId: apiKey.id };
    expect(await replicaA.authenticate(key)).toEqual(identity);
    expect(await replicaB.authenticate(key)).toEqual(identity);

    expect(await replicaA.revokeApiKey(apiKey.id)).toBe(true);
    expect(await replicaA.authenticate(key)).toBeNull();
    // The other replica still trusts its cached answer, for at most the TTL…
    now += ttlMs - 1;
    expect(await replicaB.authenticate(key)).toEqual(identity);
    // …and asks the database again once it has passed.
    now += 1;
    expect(await replicaB.authenticate(key)).toBeNull();
    expect(replicaB.cachedKeys).toBe(0);
  });

  it('asks the database once per key and TTL, and once for concurrent requests', async () => {
    const counted = countingStore();
    const cached = cacheApiKeys(counted, { ttlMs, now: clock });
    const { key } = await store.createApiKey(workspaceId, 'hot');
    const answers = await Promise.all(Array.from({ length: 20 }, () => cached.authenticate(key)));
    expect(new Set(answers.map((answer) => answer?.workspaceId))).toEqual(new Set([workspaceId]));
    for (let i = 0; i < 20; i++) await cached.authenticate(key);
    expect(counted.lookups).toBe(1);
    now += ttlMs;
    await cached.authenticate(key);
    expect(counted.lookups).toBe(2);
  });

  it('never remembers unknown or malformed keys, and holds at most maxEntries', async () => {
    const counted = countingStore();
    const cached = cacheApiKeys(counted, { ttlMs, maxEntries: 2, now: clock });
    for (let i = 0; i < 50; i++) {
      expect(await cached.authenticate(`crk_${String(i).padStart(43, 'A')}`)).toBeNull();
    }
    expect(await cached.authenticate('not a key')).toBeNull();
    expect(cached.cachedKeys).toBe(0);
    // Every unknown key was looked up (nothing was cached); the malformed one never was.
    expect(counted.lookups).toBe(50);

    const keys = await Promise.all(
      [1, 2, 3].map(async (i) => (await store.createApiKey(workspaceId, `k${i}`)).key),
    );
    for (const key of keys) expect(await cached.authenticate(key)).not.toBeNull();
    expect(cached.cachedKeys).toBe(2);
    // The least recently used (the first) was forgotten: it costs a lookup, the last one does not.
    const before = counted.lookups;
    await cached.authenticate(keys[2]!);
    expect(counted.lookups).toBe(before);
    await cached.authenticate(keys[0]!);
    expect(counted.lookups).toBe(before + 1);
  });

  it('does not remember a lookup that overlapped a revocation', async () => {
    const cached = cacheApiKeys(createTenancyStore(dataSource), { ttlMs, now: clock });
    const { key, apiKey } = await store.createApiKey(workspaceId, 'racing');
    const [during] = await Promise.all([cached.authenticate(key), cached.revokeApiKey(apiKey.id)]);
    // Whatever the overlapping lookup read, the next request sees the revocation.
    expect(during === null || during.keyId === apiKey.id).toBe(true);
    expect(await cached.authenticate(key)).toBeNull();
  });

  it('passes every call through when the TTL is 0', async () => {
    const counted = countingStore();
    const uncached = cacheApiKeys(counted, { ttlMs: 0 });
    const { key } = await store.createApiKey(workspaceId, 'uncached');
    await uncached.authenticate(key);
    await uncached.authenticate(key);
    expect(counted.lookups).toBe(2);
  });
});
