import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import {
  createTenancyStore,
  tenancyEntities,
  tenancyMigrations,
  type TenancyStore,
} from '@coldreach/tenancy';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { runAdmin, type CliResult } from '../test/run-admin';

const keyPattern = /crk_[A-Za-z0-9_-]{43}/;

// Every CLI run is a new process (~1 s; ~3 s on PGlite).
jest.setTimeout(120_000);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function expectNoStackTrace(result: CliResult) {
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
}

describe('admin CLI on PostgreSQL', () => {
  let databases: TestDatabase[];
  let env: Record<string, string>;

  beforeAll(async () => {
    databases = await createTestDatabases(3, 'cr_admin');
    const [gateway, ...shards] = databases as [TestDatabase, ...TestDatabase[]];
    env = { GATEWAY_DATABASE_URL: gateway.url, CLIENT_SHARD_URLS: shards.map((db) => db.url).join(',') };
  });
  afterAll(() => Promise.all(databases.map((db) => db.drop())));

  it('refuses to work on a database that is not migrated', async () => {
    const result = await runAdmin(['workspace', 'list'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not migrated yet: run `npm run admin -- migrate` first');
    expectNoStackTrace(result);
  });

  it('migrates the gateway database and every client shard, once', async () => {
    const first = await runAdmin(['migrate'], env);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^gateway database: applied CreateTenancyTables\d+, CreateIdempotencyKeys\d+, CreateUserTables\d+$/m,
    );
    expect(first.stdout).toMatch(/^client shard 0: applied \w+/m);
    expect(first.stdout).toMatch(/^client shard 1: applied \w+/m);
    for (const database of databases) {
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM schema_migrations');
        expect(Number(rows[0]?.count)).toBeGreaterThan(0);
      } finally {
        await client.end();
      }
    }
    const again = await runAdmin(['migrate'], env);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual([
      'gateway database: up to date',
      'client shard 0: up to date',
      'client shard 1: up to date',
    ]);
  });

  describe('once migrated', () => {
    let dataSource: DataSource;
    let store: TenancyStore;
    beforeAll(async () => {
      dataSource = await openDataSource({
        location: { url: env.GATEWAY_DATABASE_URL as string },
        entities: tenancyEntities,
        migrations: tenancyMigrations,
        migrate: true,
      });
      store = createTenancyStore(dataSource);
    });
    afterAll(() => dataSource?.destroy());

    it('init creates a workspace and a key that authenticates; key list never shows it; revoke refuses it', async () => {
      const init = await runAdmin(['init', 'Acme Inc'], env);
      expect(init.code).toBe(0);
      const key = keyPattern.exec(init.stdout)?.[0] as string;
      expect(key).toBeDefined();
      expect(init.stdout).toContain('will not be shown again');
      const workspaceId = /Workspace ([0-9a-f-]{36})/.exec(init.stdout)?.[1];
      expect(await store.getWorkspace(workspaceId as string)).toMatchObject({ name: 'Acme Inc' });
      const identity = await store.authenticate(key);
      expect(identity).toMatchObject({ workspaceId });

      const list = await runAdmin(['key', 'list'], env);
      expect(list.code).toBe(0);
      expect(list.stdout).not.toContain(key);
      expect(list.stdout).not.toContain(key.slice(12));
      expect(list.stdout).toContain(identity?.keyId);
      expect(list.stdout).toContain(key.slice(0, 12));
      expect(list.stdout).toMatch(/active/);

      const revoke = await runAdmin(['key', 'revoke', identity?.keyId as string], env);
      expect(revoke.code).toBe(0);
      expect(await store.authenticate(key)).toBeNull();
      const afterRevoke = await runAdmin(['key', 'list', '--workspace', workspaceId as string], env);
      expect(afterRevoke.stdout).toMatch(/revoked \d{4}-\d\d-\d\d/);
    });

    it('creates workspaces and named keys, and lists keys per workspace', async () => {
      const created = await runAdmin(['workspace', 'create', 'Beta'], env);
      expect(created.code).toBe(0);
      const workspaceId = created.stdout.trim();
      expect(workspaceId).toMatch(/^[0-9a-f-]{36}$/);
      expect((await runAdmin(['workspace', 'list'], env)).stdout).toMatch(
        new RegExp(`${workspaceId}\\s+Beta`),
      );

      const keyCreate = await runAdmin(
        ['key', 'create', '--workspace', workspaceId, '--name=ci deploy'],
        env,
      );
      expect(keyCreate.code).toBe(0);
      const key = keyPattern.exec(keyCreate.stdout)?.[0] as string;
      expect(await store.authenticate(key)).toMatchObject({ workspaceId });

      const list = await runAdmin(['key', 'list', '--workspace', workspaceId], env);
      const rows = list.stdout.trim().split('\n');
      expect(rows).toHaveLength(2);
      expect(rows[1]).toContain('ci deploy');
      expect(list.stdout).not.toContain(key);
    });

    it('fails with a clear message for a missing workspace or key', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';
      const keyCreate = await runAdmin(['key', 'create', '--workspace', missing], env);
      expect(keyCreate).toMatchObject({ code: 1, stdout: '' });
      expect(keyCreate.stderr).toBe(`error: workspace ${missing} not found\n`);
      const revoke = await runAdmin(['key', 'revoke', missing], env);
      expect(revoke.code).toBe(1);
      expect(revoke.stderr).toBe(`error: API key ${missing} not found\n`);
      const emptyName = await runAdmin(['workspace', 'create', '  '], env);
      expect(emptyName.code).toBe(1);
      expect(emptyName.stderr).toBe('error: name: must not be empty\n');
    });
  });

  it('answers bad usage with exit code 2, the problem and the usage', async () => {
    const cases: [string[], string][] = [
      [[], 'missing command'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['key'], 'key: missing subcommand'],
      [['key', 'delete'], 'key: unknown subcommand "delete"'],
      [['key', 'create'], 'key create: missing --workspace <id>'],
      [['key', 'create', '--workspace'], 'key create: --workspace needs a value'],
      [['key', 'create', '--workspace', 'a', '--colour', 'red'], 'key create: unknown option --colour'],
      [['key', 'revoke'], 'key revoke: missing <key-id>'],
      [['workspace', 'create', 'Acme', 'Corp'], 'workspace create: unexpected argument "Corp"'],
      [['init'], 'init: missing <workspace-name>'],
    ];
    const results = await Promise.all(cases.map(([args]) => runAdmin(args, env)));
    for (const [index, [args, message]] of cases.entries()) {
      const result = results[index] as CliResult;
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr.split('\n')[0]).toMatch(new RegExp(`^error: ${escapeRegExp(message)}`));
      expect(result.stderr).toContain('Usage: npm run admin -- <command>');
    }
    const help = await runAdmin(['help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('key revoke <key-id>');
  });

  it('names a bad variable without printing its value, and never prints a password', async () => {
    const badScheme = await runAdmin(['workspace', 'list'], {
      GATEWAY_DATABASE_URL: 'mysql://admin:hunter2@db/x',
    });
    expect(badScheme.code).toBe(1);
    expect(badScheme.stderr).toContain('GATEWAY_DATABASE_URL');
    expect(badScheme.stderr).not.toContain('hunter2');
    expectNoStackTrace(badScheme);

    // Port 1: nothing listens there, so the connection is refused at once.
    const unreachable = await runAdmin(['workspace', 'list'], {
      GATEWAY_DATABASE_URL: 'postgres://admin:hunter2@127.0.0.1:1/x',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^error: .*ECONNREFUSED/);
    expect(unreachable.stderr).not.toContain('hunter2');
    expectNoStackTrace(unreachable);

    const shardsOnly = await runAdmin(['migrate'], { CLIENT_SHARD_URLS: 'postgres://127.0.0.1/a' });
    expect(shardsOnly.code).toBe(1);
    expect(shardsOnly.stderr).toContain('CLIENT_SHARD_URLS: is set, so GATEWAY_DATABASE_URL is required too');

    const noShards = await runAdmin(['migrate'], {
      GATEWAY_DATABASE_URL: env.GATEWAY_DATABASE_URL as string,
    });
    expect(noShards.code).toBe(1);
    expect(noShards.stderr).toContain('CLIENT_SHARD_URLS is required');
  });
});

describe('admin CLI on the embedded data', () => {
  let dataDir: string;
  beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'cr-admin-'))));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to open the data while the embedded platform runs', async () => {
    // This test process stands in for the running platform: its pid is alive.
    writeFileSync(join(dataDir, 'platform.pid'), `${process.pid}\n`);
    const result = await runAdmin(['key', 'list'], { COLDREACH_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the embedded platform is running (pid ${process.pid}`);
    expectNoStackTrace(result);
  });

  it('migrates and initialises PGlite data once the platform is gone', async () => {
    // A pid file left behind by a crash names a dead process and is ignored.
    writeFileSync(join(dataDir, 'platform.pid'), '2147483646\n');
    const env = { COLDREACH_DATA_DIR: dataDir, EMBEDDED_CLIENT_SHARDS: '3' };
    const migrate = await runAdmin(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toMatch(/^client shard 2: applied/m);
    const init = await runAdmin(['init', 'Local'], env);
    expect(init.code).toBe(0);
    const key = keyPattern.exec(init.stdout)?.[0] as string;
    const list = await runAdmin(['key', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(key.slice(0, 12));
    expect(list.stdout).not.toContain(key);
  });
});
