import { randomUUID } from 'node:crypto';
import { openReadReplicas, type BucketShardSet, type ReadReplicas } from '@coldreach/db';
import { createLogger } from '@coldreach/observability';
import { randomName, startStreamingReplica, waitFor, type StreamingReplica } from '@coldreach/testing';
import { clientEntities, openClientShards } from '../client-shards';
import type { ClientStore } from '../domain/client-store';
import type { ListFilter } from '../domain/list-request';
import { createClientStore } from './client-store';

// One real primary and streaming replica; the one client shard lives on that primary. Two stores
// stand for two pods: each has its own replicas and so its own (in-memory) write marks.
jest.setTimeout(300_000);

const logger = createLogger({ name: 'client-replica-reads-test', level: 'silent' });
const patience = { timeoutMs: 120_000, intervalMs: 100 };
const noFilter: ListFilter = { verificationStatuses: [], tag: '', company: '', query: '', source: '' };
const now = new Date('2026-12-05T12:00:00.000Z');
const workspaceId = randomUUID();

function draft(email: string) {
  return {
    id: randomUUID(),
    input: {
      email,
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Engines',
      title: '',
      phone: '',
      website: '',
      sourceUrl: '',
      collectedAt: null,
      verificationStatus: 'unverified' as const,
      tags: [],
      customFields: {},
    },
  };
}

describe('client listings on a read replica', () => {
  let pair: StreamingReplica;
  let shards: BucketShardSet;
  const opened: ReadReplicas[] = [];

  const openReplicas = async () => {
    const replicas = await openReadReplicas({
      primaries: shards.shards,
      replicaUrls: [pair.replicaUrl(database)],
      name: randomName('clients'),
      // Far above the replay delay below: the replica stays in use, provably behind.
      maxLagMs: 600_000,
      pollIntervalMs: 100,
      entities: clientEntities,
      logger,
    });
    opened.push(replicas);
    await waitFor(() => replicas.stateOf(0) === 'replica', { ...patience, what: 'the replica in use' });
    return replicas;
  };
  const emailsListed = async (store: ClientStore) =>
    (await store.list(workspaceId, noFilter, undefined, 50)).map((client) => client.email).sort();
  const database = randomName('cr_client_replica');

  beforeAll(async () => {
    pair = await startStreamingReplica();
    await pair.createDatabase(database);
    shards = await openClientShards([{ url: pair.primaryUrl(database) }], { mapPollMs: 0 });
  });

  afterAll(async () => {
    await Promise.all(opened.map((replicas) => replicas.close()));
    await shards?.close();
    await pair?.close();
  });

  it('lists from the replica, keeps each pod’s own writes visible, and falls back when it stops', async () => {
    const replicasA = await openReplicas();
    const replicasB = await openReplicas();
    const replicasC = await openReplicas();
    // Pod A routes by a map it has just seen for 3 s (a bucket could have just moved), then trusts
    // its replica; pods B (the writer) and C (a reader that writes nothing) trust it at once.
    const podA = createClientStore(shards, { replicas: replicasA, mapSettleMs: 3000 });
    const podB = createClientStore(shards, { replicas: replicasB, mapSettleMs: 0 });
    const podC = createClientStore(shards, { replicas: replicasC, mapSettleMs: 0 });

    await podB.upsert(workspaceId, [draft('seed@engines.example')], now);
    const replica = await replicasA.readerFor(0);
    await waitFor(async () => ((await replica.query('SELECT 1 FROM clients')) as unknown[]).length === 1, {
      ...patience,
      what: 'the seed client on the replica',
    });
    await pair.setReplayDelay(600_000);

    // Pod B's write is held back on the replica; pod B still lists it (its mark sends it to the primary).
    await podB.upsert(workspaceId, [draft('fresh@engines.example')], now);
    expect(await emailsListed(podB)).toEqual(['fresh@engines.example', 'seed@engines.example']);
    // Pod A's map is new to it: its first listing is on the primary, which has the write.
    expect(await emailsListed(podA)).toEqual(['fresh@engines.example', 'seed@engines.example']);
    // Once the map has settled, pod A lists from the replica, which provably has not replayed it.
    await waitFor(async () => (await emailsListed(podA)).length === 1, {
      ...patience,
      what: 'pod A to list from the stale replica',
    });
    expect(await emailsListed(podA)).toEqual(['seed@engines.example']);
    expect(replicasA.stateOf(0)).toBe('replica');

    // Read-your-writes for pod A's own create and delete, though the replica has neither.
    const mine = draft('mine@engines.example');
    await podA.upsert(workspaceId, [mine], now);
    expect(await emailsListed(podA)).toEqual([
      'fresh@engines.example',
      'mine@engines.example',
      'seed@engines.example',
    ]);
    await podA.delete(workspaceId, mine.id, now);
    expect(await emailsListed(podA)).toEqual(['fresh@engines.example', 'seed@engines.example']);

    // Pod C, without marks, reads the replica: stale until it replays again.
    expect(await emailsListed(podC)).toEqual(['seed@engines.example']);
    await pair.setReplayDelay(0);
    const everything = ['fresh@engines.example', 'seed@engines.example'];
    await waitFor(async () => (await emailsListed(podC)).length === everything.length, {
      ...patience,
      what: 'the replica to catch up',
    });

    // With the replica stopped, listings are answered by the primary, without an error: first the
    // read that meets the stopped replica is rerun there, then the monitor sees it down.
    await pair.stopReplica();
    expect(await emailsListed(podC)).toEqual(everything);
    await waitFor(() => replicasC.stateOf(0) === 'down', { ...patience, what: 'the replica seen down' });
    expect(await emailsListed(podC)).toEqual(everything);
    expect(await emailsListed(podA)).toEqual(everything);
  });
});
