import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  createTestDatabases,
  spawnServiceProcess,
  waitFor,
  waitForOutput,
  type ServiceProcess,
  type TestDatabase,
} from '@coldreach/testing';
import { placedClients, preloadClients, shardEnv } from '../test/reshard-fixtures';
import { runAdmin } from '../test/run-admin';

// 2 → 4 → 3 client shards on real PostgreSQL by the real CLI, while a writer process keeps
// upserting clients and a reader process keeps reading by id and listing.
jest.setTimeout(600_000);
// A loaded machine can take minutes; the CLI's own default is one.
const reshardTimeoutMs = 300_000;

const acked = (process: ServiceProcess) =>
  Number([...process.tail(40).matchAll(/acked (\d+)/g)].at(-1)?.[1] ?? 0);

/** SIGTERM, then the result file is written; a process stuck for minutes is killed and fails the test. */
async function stop(process: ServiceProcess): Promise<void> {
  process.signal('SIGTERM');
  let exited = false;
  void process.exited.then(() => (exited = true));
  try {
    await waitFor(() => exited, { timeoutMs: 120_000, what: `${process.name} to stop` });
  } catch (error) {
    process.signal('SIGKILL');
    throw new Error(`${(error as Error).message}:\n${process.tail()}`);
  }
}

describe('shards reshard under load', () => {
  let databases: TestDatabase[];
  let directory: string;
  beforeAll(async () => {
    databases = await createTestDatabases(4, 'cr_reshard');
    directory = mkdtempSync(join(tmpdir(), 'reshard-'));
  });
  afterAll(async () => {
    rmSync(directory, { recursive: true, force: true });
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('moves every bucket with no write lost, no row twice and no read failing', async () => {
    const urls = databases.map((db) => db.url);
    const readWorkspace = randomUUID();
    const writeWorkspace = randomUUID();
    // The first open seeds the map over 2 shards; every process after that is given all 4 URLs.
    const preloaded = await preloadClients(urls.slice(0, 2), readWorkspace, 600);
    writeFileSync(join(directory, 'ids.json'), JSON.stringify(preloaded));
    const common = { CLIENT_SHARD_URLS: urls.join(',') };
    const writer = spawnServiceProcess('writer', 'apps/client-service/test/reshard-load/writer.ts', {
      ...common,
      WORKSPACE_ID: writeWorkspace,
      RESULT_FILE: join(directory, 'writer.json'),
    });
    const reader = spawnServiceProcess('reader', 'apps/client-service/test/reshard-load/reader.ts', {
      ...common,
      WORKSPACE_ID: readWorkspace,
      WRITER_WORKSPACE_ID: writeWorkspace,
      IDS_FILE: join(directory, 'ids.json'),
      RESULT_FILE: join(directory, 'reader.json'),
    });
    try {
      await waitForOutput(writer, /acked \d+/, 120_000);
      await waitForOutput(reader, /reads \d+/, 120_000);

      const tooFew = await runAdmin(['shards', 'reshard', '--to', '4'], shardEnv(urls.slice(0, 3)));
      expect(tooFew.stderr).toMatch(/--to 4 needs 4 client shard databases but CLIENT_SHARD_URLS lists 3/);

      for (const shardCount of [4, 3]) {
        const before = acked(writer);
        const result = await runAdmin(
          ['shards', 'reshard', '--to', String(shardCount)],
          shardEnv(urls),
          reshardTimeoutMs,
        );
        expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
        expect(result.stdout).toMatch(/\] 100% \d+\/\d+ buckets/);
        // The writer's relay published each moving unit's events before it switched.
        expect(result.stdout).not.toMatch(/still unpublished/);
        // The writer keeps going once the map changed under it.
        await waitFor(() => acked(writer) > before + 50, { timeoutMs: 120_000, what: 'more writes' });
      }
      const status = await runAdmin(['shards', 'status'], shardEnv(urls));
      expect(status.stdout).toMatch(/no reshard in progress/);
    } finally {
      await Promise.all([stop(writer), stop(reader)]);
    }
    const written = JSON.parse(readFileSync(join(directory, 'writer.json'), 'utf8')) as {
      acked: [string, string][];
      errors: string[];
    };
    const read = JSON.parse(readFileSync(join(directory, 'reader.json'), 'utf8')) as {
      reads: number;
      errors: string[];
    };
    expect(written.errors).toEqual([]);
    expect(read.errors).toEqual([]);
    expect(read.reads).toBeGreaterThan(0);

    const titles = await placedClients(urls, 3);
    const lost = written.acked.filter(([id, title]) => titles.get(id) !== title);
    expect(lost).toEqual([]);
    expect(preloaded.filter((id) => !titles.has(id))).toEqual([]);
    expect(titles.size).toBe(preloaded.length + written.acked.length);
  });
});
