import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, openPgliteHost, type DatabaseLocation, type PgliteHost } from '@coldreach/db';
import { createTestDatabase, waitFor, type TestDatabase } from '@coldreach/testing';
import {
  createIdempotencyStore,
  idempotencyEntities,
  idempotencyMigrations,
  type IdempotencyClaim,
  type IdempotencyStore,
  type StoredResponse,
} from './index';

// PGlite takes seconds to start on a loaded machine.
jest.setTimeout(60_000);

const response: StoredResponse = {
  statusCode: 201,
  headers: { 'content-type': 'application/json; charset=utf-8', location: '/api/campaigns/1' },
  body: Buffer.from('{"id":"1","name":"Q3 \u2013 ünïcode"}'),
};

function describeStore(openLocation: () => Promise<DatabaseLocation>) {
  let dataSource: DataSource;
  let store: IdempotencyStore;

  beforeAll(async () => {
    dataSource = await openDataSource({
      location: await openLocation(),
      entities: idempotencyEntities,
      migrations: idempotencyMigrations,
      migrate: true,
    });
    store = createIdempotencyStore(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  async function started(workspaceId: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const begun = await store.begin(workspaceId, key, fingerprint);
    if (begun.outcome !== 'started') throw new Error(`expected started, got ${begun.outcome}`);
    return begun.claim;
  }

  it('runs a key once, then replays its response byte for byte', async () => {
    const workspace = randomUUID();
    const claim = await started(workspace, 'k1', 'f1');
    expect(await store.begin(workspace, 'k1', 'f1')).toEqual({ outcome: 'in_progress' });
    expect(await store.complete(claim, response)).toBe(true);
    const replay = await store.begin(workspace, 'k1', 'f1');
    expect(replay).toEqual({ outcome: 'replay', response });
    if (replay.outcome === 'replay') expect(replay.response.body.equals(response.body)).toBe(true);
  });

  it('refuses the key for another request, running or finished', async () => {
    const workspace = randomUUID();
    const claim = await started(workspace, 'k', 'f1');
    expect(await store.begin(workspace, 'k', 'f2')).toEqual({ outcome: 'mismatch' });
    await store.complete(claim, response);
    expect(await store.begin(workspace, 'k', 'f2')).toEqual({ outcome: 'mismatch' });
  });

  it('scopes keys to a workspace', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await store.complete(await started(a, 'shared', 'fa'), response);
    expect((await store.begin(b, 'shared', 'fb')).outcome).toBe('started');
  });

  it('forgets a released key, so a retry runs again; a stale claim changes nothing', async () => {
    const workspace = randomUUID();
    const first = await started(workspace, 'k', 'f');
    await store.release(first);
    const second = await started(workspace, 'k', 'f');
    // The first holder cannot complete or release the second's run.
    expect(await store.complete(first, response)).toBe(false);
    await store.release(first);
    expect(await store.begin(workspace, 'k', 'f')).toEqual({ outcome: 'in_progress' });
    expect(await store.complete(second, { ...response, statusCode: 404 })).toBe(true);
    expect(await store.begin(workspace, 'k', 'f')).toMatchObject({
      outcome: 'replay',
      response: { statusCode: 404 },
    });
  });

  it('lets exactly one of many concurrent first requests run', async () => {
    const workspace = randomUUID();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.begin(workspace, 'race', 'f').then((b) => b.outcome)),
    );
    expect(outcomes.filter((o) => o === 'started')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'in_progress')).toHaveLength(7);
  });

  it('ignores and overwrites an expired key, and purges expired rows', async () => {
    const workspace = randomUUID();
    await store.complete(await started(workspace, 'old', 'f1'), response);
    await dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE workspace_id = $1`,
      [workspace],
    );
    // Expired: a different body is not a mismatch any more, it is a new request.
    const claim = await started(workspace, 'old', 'f2');
    await store.complete(claim, { ...response, statusCode: 200 });
    expect(await store.begin(workspace, 'old', 'f2')).toMatchObject({
      outcome: 'replay',
      response: { statusCode: 200 },
    });

    await store.complete(await started(workspace, 'gone', 'f'), response);
    await dataSource.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours'
        WHERE workspace_id = $1 AND idempotency_key = 'gone'`,
      [workspace],
    );
    expect(await store.purgeExpired()).toBeGreaterThanOrEqual(1);
    const rows = (await dataSource.query(
      'SELECT idempotency_key FROM idempotency_keys WHERE workspace_id = $1',
      [workspace],
    )) as { idempotency_key: string }[];
    expect(rows.map((r) => r.idempotency_key)).toEqual(['old']);
  });

  it('lets a request take over a key whose holder died (its lease ran out)', async () => {
    const short = createIdempotencyStore(dataSource, { inProgressLeaseMs: 50 });
    const workspace = randomUUID();
    const dead = await short.begin(workspace, 'k', 'f');
    expect(dead.outcome).toBe('started');
    // The holder never comes back; its lease runs out by the database's clock.
    await waitFor(
      async () => {
        const [row] = (await dataSource.query(
          `SELECT locked_until <= now() AS out FROM idempotency_keys
            WHERE workspace_id = $1 AND idempotency_key = 'k'`,
          [workspace],
        )) as { out: boolean }[];
        return row?.out === true;
      },
      { what: 'the lease to run out' },
    );
    const taken = await short.begin(workspace, 'k', 'f');
    expect(taken.outcome).toBe('started');
    if (dead.outcome === 'started') expect(await short.complete(dead.claim, response)).toBe(false);
  });

  it('refuses a malformed key before touching the database', async () => {
    await expect(store.begin(randomUUID(), 'has space', 'f')).rejects.toThrow(/visible ASCII/);
    await expect(store.begin(randomUUID(), 'x'.repeat(256), 'f')).rejects.toThrow(/visible ASCII/);
  });
}

describe('idempotency store on PostgreSQL', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());
  describeStore(async () => {
    database = await createTestDatabase('cr_idem');
    return { url: database.url };
  });
});

describe('idempotency store on PGlite', () => {
  let host: PgliteHost;
  afterAll(() => host?.close());
  describeStore(async () => {
    host = await openPgliteHost();
    return { pglite: host, schema: 'gateway' };
  });
});
