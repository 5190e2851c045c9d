import { randomUUID } from 'node:crypto';
import { openPgliteHost, type DatabaseLocation, type PgliteHost, type BucketShardSet } from '@coldreach/db';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { openClientShards } from '../client-shards';
import type { Client } from '../domain/client';
import type { ClientStore } from '../domain/client-store';
import type { ListFilter } from '../domain/list-request';
import { createClientStore } from './client-store';

// The reads are raw SQL through DataSource.query: node-postgres and PGlite must parse the same
// columns (timestamps, text arrays, jsonb, array parameters) into the same clients.
const noFilter: ListFilter = { verificationStatuses: [], tag: '', company: '', query: '', source: '' };
const workspaceId = randomUUID();
const now = new Date('2026-12-05T09:00:00.123Z');
const drafts = Array.from({ length: 12 }, (_, index) => ({
  id: randomUUID(),
  input: {
    email: `lead${index}@example.com`,
    firstName: index % 2 ? 'Ada' : 'Grace',
    lastName: `Number_${index}`,
    company: index % 3 ? 'Acme' : 'Initech',
    title: 'CTO',
    phone: '+1 555 0100',
    website: 'https://acme.example',
    sourceUrl: `https://source${index % 2}.example/team`,
    collectedAt: index % 4 ? new Date(now.getTime() - index * 1001) : null,
    verificationStatus: index % 2 ? ('valid' as const) : ('unverified' as const),
    tags: index % 2 ? ['hot', 'b2b'] : [],
    customFields: { seat: String(index) },
  },
}));

async function readEverything(store: ClientStore) {
  const ids = drafts.map((draft) => draft.id);
  const page = (filter: Partial<ListFilter>, order: 'newest' | 'oldest' = 'newest') =>
    store.list(workspaceId, { ...noFilter, ...filter }, undefined, 5, order);
  const firstPage = await page({});
  const last = firstPage.at(-1) as Client;
  return {
    one: await store.get(workspaceId, ids[3] as string),
    batch: (await store.batchGet(workspaceId, [...ids.slice(0, 4), randomUUID()])).sort((a, b) =>
      a.id.localeCompare(b.id),
    ),
    firstPage,
    nextPage: await store.list(workspaceId, noFilter, { time: last.createTime, key: last.id }, 5, 'newest'),
    oldest: await page({}, 'oldest'),
    valid: await page({ verificationStatuses: ['valid'] }),
    tagged: await page({ tag: 'hot' }),
    company: await page({ company: 'INITECH' }),
    query: await page({ query: 'number_1' }),
    source: await page({ source: 'SOURCE0' }),
  };
}

async function seed(shards: BucketShardSet): Promise<ClientStore> {
  const store = createClientStore(shards);
  await store.upsert(workspaceId, drafts, now);
  // One checked lead, so the verification columns are read back as well.
  const checked = drafts[1] as (typeof drafts)[number];
  await shards.shardFor(checked.id).query(
    `UPDATE clients SET verification_verdict = 'deliverable', verification_reasons = '{mx_ok}',
         verification_mx_host = 'mx.example', verification_checked_at = $2, verification_from_cache = true
       WHERE id = $1`,
    [checked.id, new Date('2026-12-01T10:11:12.345Z')],
  );
  return store;
}

describe('client reads in plain SQL', () => {
  let databases: TestDatabase[];
  let pglite: PgliteHost;
  const opened: BucketShardSet[] = [];
  const open = async (locations: DatabaseLocation[]) => {
    const shards = await openClientShards(locations);
    opened.push(shards);
    return shards;
  };

  beforeAll(async () => {
    databases = await createTestDatabases(2, 'cr_reads');
    pglite = await openPgliteHost();
  }, 120_000);

  afterAll(async () => {
    for (const shards of opened) for (const shard of shards.shards) await shard.destroy();
    await pglite?.close();
    for (const database of databases ?? []) await database.drop();
  }, 120_000);

  it('read the same clients from PostgreSQL and from PGlite, every field in its type', async () => {
    const onPostgres = await readEverything(
      await seed(await open(databases.map((database) => ({ url: database.url })))),
    );
    const onPglite = await readEverything(
      await seed(await open([0, 1].map((index) => ({ pglite, schema: `clients_${index}` })))),
    );
    expect(onPglite).toEqual(onPostgres);

    const checked = drafts[1] as (typeof drafts)[number];
    const one = onPostgres.one;
    expect(one).toEqual({
      id: (drafts[3] as (typeof drafts)[number]).id,
      workspaceId,
      ...(drafts[3] as (typeof drafts)[number]).input,
      verification: null,
      createTime: now,
      updateTime: now,
    });
    expect(one.collectedAt).toBeInstanceOf(Date);
    const verified = onPostgres.batch.find((client) => client.id === checked.id);
    expect(verified?.verification).toEqual({
      status: 'valid',
      verdict: 'deliverable',
      reasons: ['mx_ok'],
      mxHost: 'mx.example',
      checkedAt: new Date('2026-12-01T10:11:12.345Z'),
      fromCache: true,
    });
    expect(onPostgres.batch).toHaveLength(4);
    // Every lead was created at the same time, so both orders fall back to the id.
    const byId = drafts.map((draft) => draft.id).sort();
    const idsOf = (clients: Client[]) => clients.map((client) => client.id);
    expect(idsOf([...onPostgres.firstPage, ...onPostgres.nextPage])).toEqual(
      [...byId].reverse().slice(0, 10),
    );
    expect(idsOf(onPostgres.oldest)).toEqual(byId.slice(0, 5));
    expect(onPostgres.company).toHaveLength(4);
    expect(onPostgres.valid.every((client) => client.verificationStatus === 'valid')).toBe(true);
    expect(onPostgres.tagged.every((client) => client.tags.includes('hot'))).toBe(true);
    expect(onPostgres.company.every((client) => client.company === 'Initech')).toBe(true);
    expect(onPostgres.query.map((client) => client.lastName).sort()).toEqual([
      'Number_1',
      'Number_10',
      'Number_11',
    ]);
    expect(onPostgres.source.every((client) => client.sourceUrl.includes('source0'))).toBe(true);
  }, 120_000);
});
