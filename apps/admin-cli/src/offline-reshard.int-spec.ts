import { randomUUID } from 'node:crypto';
import { readBucketMap, type BucketShardSet, type BucketedTable } from '@coldreach/db';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import {
  campaignBucketedTables,
  createShardedCampaignStore,
  openCampaignShards,
} from '@coldreach/campaign-service';
import { emailReshardTables, openEmailShards, workspaceShard } from '@coldreach/email-service';
import { contents, misplaced, placedRows, seedCampaigns, seedEmail } from '../test/offline-reshard-fixtures';
import { runAdmin } from '../test/run-admin';

// The email and campaign shards resharded 2 → 3 by the real CLI with their services stopped:
// refused while a session is connected, then every row exactly once on its owner, unchanged.
jest.setTimeout(600_000);
const cliTimeoutMs = 300_000;

interface ServiceCase {
  service: 'email' | 'campaign';
  variable: string;
  open(urls: string[]): Promise<BucketShardSet>;
  seed(set: BucketShardSet, workspaces: readonly string[]): Promise<void>;
  tables: readonly BucketedTable[];
}

const cases: ServiceCase[] = [
  {
    service: 'email',
    variable: 'EMAIL_DATABASE_URLS',
    open: (urls) =>
      openEmailShards(
        urls.map((url) => ({ url })),
        { mapPollMs: 0 },
      ),
    seed: seedEmail,
    tables: emailReshardTables,
  },
  {
    service: 'campaign',
    variable: 'CAMPAIGN_DATABASE_URLS',
    open: (urls) =>
      openCampaignShards(
        urls.map((url) => ({ url })),
        { mapPollMs: 0 },
      ),
    seed: seedCampaigns,
    tables: campaignBucketedTables,
  },
];

describe.each(cases)(
  'shards reshard --service $service (offline)',
  ({ service, variable, open, seed, tables }) => {
    let databases: TestDatabase[];
    beforeAll(async () => {
      databases = await createTestDatabases(3, `cr_offline_${service}`);
    });
    afterAll(async () => {
      await Promise.all(databases.map((db) => db.drop()));
    });

    it('refuses while a session is connected, then moves every row once to its owner', async () => {
      const urls = databases.map((db) => db.url);
      const env = { [variable]: urls.join(',') };
      const workspaces = Array.from({ length: 12 }, () => randomUUID().toUpperCase());
      // The service's first start: the map seeded over 2 shards.
      const first = await open(urls.slice(0, 2));
      let before;
      try {
        await seed(first, workspaces);
        before = await placedRows(first, tables);
      } finally {
        await first.close();
      }

      // A process of the service still connected (to the new shard, even): refused, nothing changed.
      const running = await open(urls);
      const runner = running.shards[2]!.createQueryRunner();
      await runner.connect();
      try {
        const refused = await runAdmin(
          ['shards', 'reshard', '--service', service, '--to', '3'],
          env,
          cliTimeoutMs,
        );
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          new RegExp(
            `the ${service} service is resharded offline, but other sessions are connected .*shard 2 `,
          ),
        );
        expect(refused.stderr).toMatch(/nothing was changed/);
        expect((await readBucketMap(running.shards[0]!))!.version).toBe(1);
        expect(await running.shards[0]!.query('SELECT id FROM reshard_jobs')).toEqual([]);
      } finally {
        await runner.release();
        await running.close();
      }

      const result = await runAdmin(
        ['shards', 'reshard', '--service', service, '--to', '3'],
        env,
        cliTimeoutMs,
      );
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/reshard job 1: \d+ buckets moved; 3 shards own every bucket/);
      const status = await runAdmin(['shards', 'status', '--service', service], env, cliTimeoutMs);
      expect(status.stdout).toMatch(/bucket map version \d+/);
      expect(status.stdout).toMatch(/no reshard in progress/);

      // The service started afterwards on 3 shards routes every workspace to all of its rows.
      const after = await open(urls);
      try {
        const map = (await readBucketMap(after.shards[0]!))!;
        expect(new Set(map.owners)).toEqual(new Set([0, 1, 2]));
        const placed = await placedRows(after, tables);
        expect(misplaced(placed, map.owners).slice(0, 5)).toEqual([]);
        expect(contents(placed)).toEqual(contents(before));
        expect([...placed.get(tables[0]!.name)!.values()].some((row) => row.shard === 2)).toBe(true);
        for (const workspace of workspaces) {
          // The email service's own routing (it lower-cases the id); the campaign store's is the same.
          const shard = workspaceShard(after, workspace);
          for (const table of tables.filter((table) => !table.via)) {
            const expected = [...before.get(table.name)!.values()].filter(
              (row) => row.workspace === workspace.toLowerCase(),
            ).length;
            const [found] = (await shard.query(
              `SELECT count(*)::int AS n FROM ${table.name} WHERE workspace_id = $1`,
              [workspace],
            )) as { n: number }[];
            expect({ workspace, table: table.name, rows: found!.n }).toEqual({
              workspace,
              table: table.name,
              rows: expected,
            });
          }
        }
        if (service === 'campaign') {
          // The service's own store, by workspace, finds each campaign with its leads.
          const store = createShardedCampaignStore(after);
          for (const workspace of workspaces) {
            const [row] = (await after
              .shardFor(workspace.toLowerCase())
              .query('SELECT id FROM campaigns WHERE workspace_id = $1 LIMIT 1', [workspace])) as {
              id: string;
            }[];
            expect((await store.getCampaign(workspace, row!.id)).id).toBe(row!.id);
          }
        } else {
          // Copied whole at each move: every source's processed events are on the new shard too.
          const onNew = (await after.shards[2]!.query('SELECT event_id FROM processed_events')) as unknown[];
          expect(onNew.length).toBe(workspaces.length);
        }
      } finally {
        await after.close();
      }
    });
  },
);
