import type { DataSource } from 'typeorm';
import { openDataSource, openPgliteHost, type DatabaseLocation, type PgliteHost } from '@coldreach/db';
import { DomainError } from '@coldreach/errors';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import { createTenancyStore, tenancyEntities, tenancyMigrations, type TenancyStore } from './index';

// PGlite takes seconds to start on a loaded machine.
jest.setTimeout(60_000);

function describeStore(openLocation: () => Promise<DatabaseLocation>) {
  let dataSource: DataSource;
  let store: TenancyStore;

  beforeAll(async () => {
    dataSource = await openDataSource({
      location: await openLocation(),
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    store = createTenancyStore(dataSource);
  });
  afterAll(() => dataSource?.destroy());

  it('creates, gets and lists workspaces', async () => {
    const created = await store.createWorkspace('  Acme  ');
    expect(created).toMatchObject({ name: 'Acme' });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await store.getWorkspace(created.id)).toEqual(created);
    expect(await store.getWorkspace('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await store.getWorkspace('not-a-uuid')).toBeNull();
    expect((await store.listWorkspaces()).map((w) => w.id)).toContain(created.id);
  });

  it('rejects empty, too long and control-character names', async () => {
    for (const name of ['', '   ', 'x'.repeat(201), 'a\u001b[2Jb']) {
      await expect(store.createWorkspace(name)).rejects.toMatchObject({ code: 'invalid_argument' });
    }
    const workspace = await store.createWorkspace('Names');
    await expect(store.createApiKey(workspace.id, '')).rejects.toMatchObject({
      code: 'invalid_argument',
      violations: [{ field: 'name', message: 'must not be empty' }],
    });
    expect(await store.listApiKeys(workspace.id)).toEqual([]);
  });

  it('creates a key that authenticates to its workspace, lists it without the key, revokes it', async () => {
    const workspace = await store.createWorkspace('Keys');
    const other = await store.createWorkspace('Other');
    const { key, apiKey } = await store.createApiKey(workspace.id, 'ci');
    const otherKey = await store.createApiKey(other.id, 'other');

    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      workspaceId: workspace.id,
      name: 'ci',
      prefix: key.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(await store.authenticate(key)).toEqual({ workspaceId: workspace.id, keyId: apiKey.id });
    expect(await store.authenticate(otherKey.key)).toEqual({
      workspaceId: other.id,
      keyId: otherKey.apiKey.id,
    });

    const listed = await store.listApiKeys(workspace.id);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: apiKey.id, prefix: key.slice(0, 12) });
    expect(listed[0]?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(key);
    expect((await store.listApiKeys()).map((k) => k.id)).toEqual(
      expect.arrayContaining([apiKey.id, otherKey.apiKey.id]),
    );
    expect(await store.listApiKeys('not-a-uuid')).toEqual([]);

    expect(await store.revokeApiKey(apiKey.id)).toBe(true);
    expect(await store.authenticate(key)).toBeNull();
    const revokedAt = (await store.listApiKeys(workspace.id))[0]?.revokedAt;
    expect(revokedAt).toBeInstanceOf(Date);
    // Revoking again is harmless and keeps the first time; unknown ids are reported.
    expect(await store.revokeApiKey(apiKey.id)).toBe(true);
    expect((await store.listApiKeys(workspace.id))[0]?.revokedAt).toEqual(revokedAt);
    expect(await store.revokeApiKey('00000000-0000-4000-8000-000000000000')).toBe(false);
    expect(await store.revokeApiKey('nope')).toBe(false);
    // Other keys are untouched.
    expect(await store.authenticate(otherKey.key)).toEqual({
      workspaceId: other.id,
      keyId: otherKey.apiKey.id,
    });
  });

  it('returns null for unknown and malformed keys', async () => {
    const workspace = await store.createWorkspace('Unknown');
    const { key } = await store.createApiKey(workspace.id, 'real');
    const unknown = `crk_${'A'.repeat(43)}`;
    for (const presented of [
      unknown,
      '',
      'crk_',
      key.slice(0, -1),
      `${key}x`,
      key.toUpperCase(),
      `Bearer ${key}`,
    ]) {
      expect(await store.authenticate(presented)).toBeNull();
    }
  });

  it('refuses a key for a workspace that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const error = await store.createApiKey(missing, 'k').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'not_found', message: `workspace ${missing} not found` });
    await expect(store.createApiKey('garbage', 'k')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('records last use at most once a minute', async () => {
    const workspace = await store.createWorkspace('Usage');
    const { key, apiKey } = await store.createApiKey(workspace.id, 'usage');
    await store.authenticate(key);
    const first = (await store.listApiKeys(workspace.id))[0]?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await store.authenticate(key);
    expect((await store.listApiKeys(workspace.id))[0]?.lastUsedAt).toEqual(first);
    // Once the recorded use is older than a minute, the next use moves it.
    await dataSource.query(`UPDATE api_keys SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
      apiKey.id,
    ]);
    const stale = (await store.listApiKeys(workspace.id))[0]?.lastUsedAt as Date;
    await store.authenticate(key);
    const fresh = (await store.listApiKeys(workspace.id))[0]?.lastUsedAt as Date;
    expect(fresh.getTime()).toBeGreaterThan(stale.getTime() + 60_000);
  });

  it('stores no plaintext key in any column', async () => {
    const workspace = await store.createWorkspace('Secrets');
    const created = await Promise.all([1, 2, 3].map((n) => store.createApiKey(workspace.id, `key ${n}`)));
    const rows: Record<string, unknown>[] = await dataSource.query('SELECT * FROM api_keys');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const dump = rows.map((row) => Object.values(row).map(String).join('\u0000')).join('\n');
    for (const { key } of created) {
      expect(dump).toContain(key.slice(0, 12));
      expect(dump).not.toContain(key);
      expect(dump).not.toContain(key.slice(12));
    }
  });

  it('pings the database', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('deletes a workspace with its keys', async () => {
    const workspace = await store.createWorkspace('Doomed');
    const { key } = await store.createApiKey(workspace.id, 'k');
    await dataSource.query('DELETE FROM workspaces WHERE id = $1', [workspace.id]);
    expect(await store.listApiKeys(workspace.id)).toEqual([]);
    expect(await store.authenticate(key)).toBeNull();
  });
}

describe('tenancy store on PostgreSQL', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());
  describeStore(async () => {
    database = await createTestDatabase('cr_tenancy');
    return { url: database.url };
  });
});

describe('tenancy store on PGlite', () => {
  let host: PgliteHost;
  afterAll(() => host?.close());
  describeStore(async () => {
    host = await openPgliteHost();
    return { pglite: host, schema: 'gateway' };
  });
});
