import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { openClientShards } from '@coldreach/client-service';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { runAdmin, type CliResult } from '../test/run-admin';

// A legacy single-database deployment (the Client service's migrations on one database, a few
// thousand clients) imported into 2 and into 3 real PostgreSQL shards by the real CLI process.
jest.setTimeout(300_000);

const clientCount = 3000;
const progressLine = /\d+% \d+\/\d+ clients/;

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Timestamps print in the session's zone: the same on both sides.
    await client.query("SET TIME ZONE 'UTC'");
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Every row of `clients` as jsonb text, by id. */
function rowsOf(url: string): Promise<Map<string, string>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string; row: string }>(
      'SELECT id::text AS id, to_jsonb(c)::text AS row FROM clients c',
    );
    return new Map(rows.map((row) => [row.id, row.row]));
  });
}

/** Checks every source row is on exactly the shard the Client service routes it to, and equal there. */
async function expectExactCopy(sourceUrl: string, shardUrls: string[]): Promise<void> {
  const shardSet = await openClientShards(
    shardUrls.map((url) => ({ url })),
    { migrate: false },
  );
  try {
    const source = await rowsOf(sourceUrl);
    const shards = await Promise.all(shardUrls.map(rowsOf));
    expect(shards.reduce((sum, rows) => sum + rows.size, 0)).toBe(source.size);
    let misplaced = 0;
    for (const [id, row] of source) {
      if (shards[shardSet.indexFor(id)]?.get(id) !== row) misplaced += 1;
    }
    expect(misplaced).toBe(0);
  } finally {
    await shardSet.close();
  }
}

function countRows(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM clients');
    return Number(rows[0]?.count);
  });
}

/** A whole table as text, in a stable order. */
function tableText(url: string, table: 'processed_events' | 'dead_letters'): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ text: string | null }>(
      `SELECT string_agg(to_jsonb(t)::text, E'\\n' ORDER BY to_jsonb(t)::text) AS text FROM ${table} t`,
    );
    return rows[0]?.text ?? '';
  });
}

function changedLine(result: CliResult): string | undefined {
  return /^Source rows: .*$/m.exec(result.stdout)?.[0];
}

/** The CLI as `runAdmin` starts it, killed with SIGKILL as soon as it prints its first progress line. */
function importKilledMidway(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/admin-cli/src/main.ts', ...args], {
    cwd: resolve(__dirname, '../../..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (progressLine.test(output)) child.kill('SIGKILL');
  });
  return new Promise((settle) => child.once('exit', () => settle(output)));
}

describe('admin CLI: shards import', () => {
  let databases: TestDatabase[];
  let legacy: TestDatabase;
  let empty: TestDatabase;
  let twoShards: string[];
  let threeShards: string[];
  const envFor = (shards: string[]) => ({
    // Required by the connected mode; the import never opens it.
    GATEWAY_DATABASE_URL: legacy.url,
    CLIENT_SHARD_URLS: shards.join(','),
  });

  beforeAll(async () => {
    databases = await createTestDatabases(7, 'cr_shards_import');
    [legacy, empty] = databases as [TestDatabase, TestDatabase];
    twoShards = databases.slice(2, 4).map((db) => db.url);
    threeShards = databases.slice(4, 7).map((db) => db.url);
    for (const url of [legacy.url, ...twoShards, ...threeShards]) {
      await (await openClientShards([{ url }])).close();
    }
    await withClient(legacy.url, (client) =>
      client.query(
        `INSERT INTO clients (id, workspace_id, email, first_name, last_name, company, tags, custom_fields,
           collected_at, verification_status, verification_verdict, verification_reasons,
           verification_checked_at, verification_from_cache, created_at, updated_at)
         SELECT gen_random_uuid(),
           (ARRAY['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'])[1 + n % 2]::uuid,
           'lead' || n || '@example.test', 'Zoë ' || n, E'O''Brien \\\\ "q"',
           CASE WHEN n % 3 = 0 THEN '' ELSE 'Acme, Inc.' END,
           ARRAY['t' || n % 5, 'ünï'],
           jsonb_build_object('n', n::text, 'big', 12345678901234567890123.5, 'nested', jsonb_build_object('a', n)),
           CASE WHEN n % 4 = 0 THEN NULL ELSE timestamptz '2025-01-01' + n * interval '1.234 second' END,
           CASE WHEN n % 2 = 0 THEN 'valid' ELSE 'unverified' END,
           CASE WHEN n % 2 = 0 THEN 'valid' END,
           CASE WHEN n % 2 = 0 THEN ARRAY['mx', 'smtp'] END,
           CASE WHEN n % 2 = 0 THEN timestamptz '2025-02-01 10:00:00.123Z' END,
           CASE WHEN n % 2 = 0 THEN n % 4 = 0 END,
           timestamptz '2024-06-01' + n * interval '1 millisecond', timestamptz '2024-06-02'
         FROM generate_series(1, ${clientCount}) n`,
      ),
    );
    await withClient(legacy.url, async (client) => {
      await client.query(
        `INSERT INTO processed_events (consumer_group, event_id)
         SELECT 'client-service.scrape-events', gen_random_uuid() FROM generate_series(1, 50)`,
      );
      await client.query(
        `INSERT INTO dead_letters (id, consumer_group, topic, partition, "offset", key, value, reason, attempts)
         SELECT gen_random_uuid(), 'client-service.scrape-events', 'scrape.events', 0, n::text, 'k',
           '\\x00ff'::bytea, 'undecodable', 1
         FROM generate_series(1, 3) n`,
      );
    });
  });
  afterAll(() => Promise.all((databases ?? []).map((db) => db.drop())));

  it('copies every row once to its shard, and a second run changes nothing', async () => {
    const first = await runAdmin(['shards', 'import', '--from', legacy.url], envFor(twoShards));
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(progressLine);
    expect(changedLine(first)).toBe(
      `Source rows: ${clientCount}; changed: ${clientCount} (${clientCount} inserted, 0 updated); checksums: all equal`,
    );
    await expectExactCopy(legacy.url, twoShards);
    expect(first.stdout).toContain(
      'processed_events: 50 rows in the source copied to every shard (100 new there, 0 missing)',
    );
    expect(first.stdout).toContain(
      'dead_letters: 3 rows in the source copied to shard 0 (3 new there, 0 missing)',
    );
    const legacyDeadLetters = await tableText(legacy.url, 'dead_letters');
    expect(await tableText(twoShards[0] as string, 'dead_letters')).toBe(legacyDeadLetters);
    for (const shard of twoShards) {
      expect(await tableText(shard, 'processed_events')).toBe(
        await tableText(legacy.url, 'processed_events'),
      );
    }

    const again = await runAdmin(['shards', 'import', '--from', legacy.url], envFor(twoShards));
    expect(again.code).toBe(0);
    expect(changedLine(again)).toBe(
      `Source rows: ${clientCount}; changed: 0 (0 inserted, 0 updated); checksums: all equal`,
    );
    expect(again.stdout).toContain('(0 new there, 0 missing)');
    expect(again.stdout).not.toMatch(/\([1-9]\d* new there/);
    await expectExactCopy(legacy.url, twoShards);
  });

  it('updates a row that changed at the source, and fails on a row left on the wrong shard', async () => {
    const [id] = await withClient(legacy.url, async (client) => {
      const { rows } = await client.query<{ id: string }>(
        "UPDATE clients SET company = 'Changed' WHERE id = (SELECT id FROM clients ORDER BY id LIMIT 1) RETURNING id::text AS id",
      );
      return rows.map((row) => row.id);
    });
    // Small pages: every keyset cursor (clients, processed_events) crosses page boundaries.
    const updated = await runAdmin(
      ['shards', 'import', '--from', legacy.url, '--batch-size', '40'],
      envFor(twoShards),
    );
    expect(updated.code).toBe(0);
    expect(changedLine(updated)).toContain('changed: 1 (0 inserted, 1 updated); checksums: all equal');
    expect(updated.stdout).toContain(
      'processed_events: 50 rows in the source copied to every shard (0 new there, 0 missing)',
    );
    await expectExactCopy(legacy.url, twoShards);

    // A stray copy of that client on the other shard (as a half-done move would leave).
    const shardSet = await openClientShards(
      twoShards.map((url) => ({ url })),
      { migrate: false },
    );
    const home = shardSet.indexFor(id as string);
    await shardSet.close();
    const stray = twoShards[1 - home] as string;
    await withClient(stray, (client) =>
      client.query(
        `INSERT INTO clients (id, workspace_id, email, created_at, updated_at)
         VALUES ($1, '11111111-1111-4111-8111-111111111111', 'stray@example.test', now(), now())`,
        [id],
      ),
    );
    const failed = await runAdmin(['shards', 'import', '--from', legacy.url], envFor(twoShards));
    expect(failed.code).toBe(1);
    expect(changedLine(failed)).toContain('checksums: 1 mismatches');
    expect(failed.stderr).toBe(
      'error: verification failed: 1 rows missing, different or on the wrong shard; run the import again\n',
    );
  });

  it('refuses bad inputs with one clear line, never a password, and writes nothing', async () => {
    const env = envFor(threeShards);
    const shard0 = new URL(threeShards[0] as string);
    const sameAsShard = `postgres://postgres:hunter2@localhost:${shard0.port}${shard0.pathname}`;
    const cases: [string[], Record<string, string>, number, string][] = [
      [
        ['--from', 'mysql://u:hunter2@db/x'],
        env,
        2,
        'error: shards import: --from must be a URL starting with postgres://',
      ],
      [[], env, 2, 'error: shards import: missing --from <postgres-url>'],
      [['--from', legacy.url, '--after', 'x'], env, 2, 'error: shards import: --after must be a client id'],
      [
        ['--from', 'postgres://u:hunter2@127.0.0.1:1/legacy'],
        env,
        1,
        'error: cannot connect to the source database postgres://u:***@127.0.0.1:1/legacy: ',
      ],
      [['--from', empty.url], env, 1, `error: the source database ${empty.url} has no clients table`],
      [
        ['--from', sameAsShard],
        env,
        1,
        `error: the source database postgres://postgres:***@localhost:${shard0.port}${shard0.pathname} is client shard 0`,
      ],
      [['--from', legacy.url], envFor([empty.url]), 1, 'error: client shard 0 is not migrated yet'],
    ];
    const results = await Promise.all(
      cases.map(([args, caseEnv]) => runAdmin(['shards', 'import', ...args], caseEnv)),
    );
    for (const [index, [args, , code, message]] of cases.entries()) {
      const result = results[index] as CliResult;
      expect({ args, code: result.code, start: result.stderr.slice(0, message.length) }).toEqual({
        args,
        code,
        start: message,
      });
      expect(result.stdout + result.stderr).not.toContain('hunter2');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(await Promise.all(threeShards.map(countRows))).toEqual([0, 0, 0]);
    // The unmigrated shard was only read: no migrations table appeared.
    const tables = await withClient(empty.url, (client) =>
      client.query("SELECT to_regclass('schema_migrations') AS name"),
    );
    expect(tables.rows[0]?.name).toBeNull();
  });

  it('completes exactly when run again after being killed mid-import', async () => {
    const env = envFor(threeShards);
    const output = await importKilledMidway(
      ['shards', 'import', '--from', legacy.url, '--batch-size', '20'],
      env,
    );
    expect(output).toMatch(progressLine);
    const partial = (await Promise.all(threeShards.map(countRows))).reduce((sum, count) => sum + count, 0);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(clientCount);

    const rerun = await runAdmin(['shards', 'import', '--from', legacy.url], env);
    expect(rerun).toMatchObject({ code: 0, stderr: '' });
    expect(changedLine(rerun)).toBe(
      `Source rows: ${clientCount}; changed: ${clientCount - partial} (${clientCount - partial} inserted, 0 updated); checksums: all equal`,
    );
    await expectExactCopy(legacy.url, threeShards);
  });
});
