import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { openReadReplicas, type ReadReplicas } from '@coldreach/db';
import { createLogger } from '@coldreach/observability';
import {
  randomName,
  startStreamingReplica,
  testRedisUrl,
  waitFor,
  type StreamingReplica,
} from '@coldreach/testing';
import type { JobSpec } from '../domain/scrape-job';
import { openScraperDatabase } from '../scraper-database';
import { createJobStore } from './job-store';

jest.setTimeout(300_000);

const spec: JobSpec = {
  seedUrls: ['http://127.0.0.1:9/'],
  maxPages: 10,
  maxDepth: 1,
  scope: 'same-host',
  allowedDomains: [],
  includePaths: [],
  excludePaths: [],
  respectRobotsTxt: false,
  leadTags: [],
};
const quotas = { maxActiveJobsPerWorkspace: 10, maxPagesPerWorkspacePerDay: 1000 };

describe('scrape job reads through a real streaming replica', () => {
  let pair: StreamingReplica;
  let primary: DataSource;
  let redis: Redis;
  const opened: ReadReplicas[] = [];

  /** One API pod: its own replica monitor, write marks shared with the others through Redis. */
  const pod = async (name: string) => {
    const replicas = await openReadReplicas({
      primaries: [primary],
      replicaUrls: [pair.replicaUrl(primary.driver.database)],
      name,
      // Far above the replay delay below: the replica stays in use, provably behind.
      maxLagMs: 600_000,
      pollIntervalMs: 100,
      redis,
      logger: createLogger({ name: 'job-store-replica-test', level: 'silent' }),
    });
    opened.push(replicas);
    return { replicas, store: createJobStore(primary, replicas) };
  };

  beforeAll(async () => {
    pair = await startStreamingReplica();
    const database = randomName('scraper');
    await pair.createDatabase(database);
    primary = await openScraperDatabase({ url: pair.primaryUrl(database) }, { migrate: true });
    redis = new Redis(testRedisUrl);
  });
  afterAll(async () => {
    await Promise.all(opened.map((replicas) => replicas.close()));
    await pair?.setReplayDelay(0);
    redis?.disconnect();
    await primary?.destroy();
    await pair?.close();
  });

  it("reads workers' progress from the replica, and a caller's own cancellation through another pod", async () => {
    const name = randomName('scraper_pods');
    const [first, second] = [await pod(name), await pod(name)];
    const workspaceId = randomUUID();
    const job = await first.store.create(workspaceId, randomUUID(), spec, quotas);
    // Before the replica is held back: it has the job, and the monitor has seen it replay the
    // creation (whose write mark holds the workspace's reads on the primary until then).
    await waitFor(
      async () => {
        const reader = await second.replicas.readerFor(0, workspaceId);
        const [{ recovering }] = (await reader.query('SELECT pg_is_in_recovery() AS recovering')) as [
          { recovering: boolean },
        ];
        return recovering;
      },
      { timeoutMs: 120_000, intervalMs: 50, what: 'the workspace to read from the replica' },
    );
    await pair.setReplayDelay(600_000);
    // A worker's progress: written on the primary, noted nowhere.
    await primary.query('UPDATE scrape_jobs SET pages_crawled = 7 WHERE id = $1', [job.id]);
    const stale = await second.store.get(workspaceId, job.id);
    expect(stale).toMatchObject({ status: 'queued', pagesCrawled: 0 });

    await first.store.cancel(workspaceId, job.id);
    expect(await second.store.get(workspaceId, job.id)).toMatchObject({
      status: 'cancelled',
      pagesCrawled: 7,
    });
    expect(await second.store.list(workspaceId, { statuses: [], after: undefined, limit: 10 })).toEqual([
      expect.objectContaining({ id: job.id, status: 'cancelled' }),
    ]);
  });
});
