import { randomUUID } from 'node:crypto';
import { createTestDatabases, type TestDatabase } from '@coldreach/testing';
import { missingOnOwner, placedClients, preloadClients, shardEnv } from '../test/reshard-fixtures';
import { runAdmin } from '../test/run-admin';

// The reshard CLI SIGKILLed right after each step of a unit (before journaling it), then run again:
// each run resumes the same unit one step further, and the last one finishes the job.
jest.setTimeout(600_000);

describe('shards reshard killed at every step', () => {
  let databases: TestDatabase[];
  beforeAll(async () => (databases = await createTestDatabases(2, 'cr_reshard_kill')));
  afterAll(async () => Promise.all(databases.map((db) => db.drop())));

  it('resumes after each kill and ends with every row once, on its owner', async () => {
    const urls = databases.map((db) => db.url);
    const ids = await preloadClients(urls.slice(0, 1), randomUUID(), 400);
    const reshard = (crashAt?: string) =>
      runAdmin(
        ['shards', 'reshard', '--to', '2', '--unit-size', '128'],
        {
          ...shardEnv(urls),
          ...(crashAt ? { RESHARD_CRASH_AT: crashAt } : {}),
        },
        300_000,
      );
    for (const step of ['copied', 'caught_up', 'fenced', 'verified', 'switched', 'done']) {
      const killed = await reshard(`${step}:1`);
      expect({ step, code: killed.code, stderr: killed.stderr }).toEqual({ step, code: -1, stderr: '' });
      // Whatever the step, a reader routed by the map finds every client.
      expect(await missingOnOwner(urls, ids)).toEqual([]);
      const status = await runAdmin(['shards', 'status'], shardEnv(urls));
      expect(status.stdout).toMatch(/reshard job \d+ to 2 shards unfinished/);
    }
    const finished = await reshard();
    expect({ code: finished.code, stderr: finished.stderr }).toEqual({ code: 0, stderr: '' });
    const titles = await placedClients(urls, 2);
    expect([...titles.keys()].sort()).toEqual([...ids].sort());
  });
});
