// Test support for the reshard specs: preloaded clients, and the end-state check (every row once,
// on the shard the bucket map gives its bucket; ownership rows matching the map).
import { randomUUID } from 'node:crypto';
import { openClientShards } from '@coldreach/client-service';
import { bucketFor, readBucketMap } from '@coldreach/db';

export const shardEnv = (urls: string[]) => ({
  GATEWAY_DATABASE_URL: urls[0]!,
  CLIENT_SHARD_URLS: urls.join(','),
});

/** Seeds the bucket map over `urls` (migrating them) and inserts `count` clients of `workspaceId`. */
export async function preloadClients(urls: string[], workspaceId: string, count: number): Promise<string[]> {
  const set = await openClientShards(
    urls.map((url) => ({ url })),
    { mapPollMs: 0 },
  );
  try {
    const ids = Array.from({ length: count }, () => randomUUID());
    await set.writeEach(
      ids,
      (id) => id,
      async (manager, shardIds) => {
        await manager.query(
          `INSERT INTO clients (id, workspace_id, email, title, created_at, updated_at)
           SELECT id, $2, id || '@example.com', 'preloaded', now(), now() FROM unnest($1::uuid[]) AS id`,
          [shardIds, workspaceId],
        );
      },
    );
    return ids;
  } finally {
    await set.close();
  }
}

/**
 * Every client's title by id, after checking each row is on exactly one shard, the one the newest
 * map gives its bucket, that map uses only shards below `shardCount`, and each shard's
 * bucket_ownership is exactly its buckets in the map.
 */
export async function placedClients(urls: string[], shardCount: number): Promise<Map<string, string>> {
  const set = await openClientShards(
    urls.map((url) => ({ url })),
    { migrate: false, mapPollMs: 0 },
  );
  try {
    const map = (await readBucketMap(set.shards[0]!))!;
    const problems: string[] = [];
    if (map.owners.some((owner) => owner >= shardCount))
      problems.push(`map ${map.version} uses a shard >= ${shardCount}`);
    const titles = new Map<string, string>();
    for (const [index, shard] of set.shards.entries()) {
      const owned = (
        (await shard.query('SELECT bucket FROM bucket_ownership ORDER BY bucket')) as { bucket: number }[]
      ).map((row) => Number(row.bucket));
      const expected = map.owners.flatMap((owner, bucket) => (owner === index ? [bucket] : []));
      if (owned.join() !== expected.join())
        problems.push(`shard ${index} owns ${owned.length} buckets, map says ${expected.length}`);
      const rows = (await shard.query('SELECT id, title FROM clients')) as { id: string; title: string }[];
      for (const row of rows) {
        if (titles.has(row.id)) problems.push(`${row.id} is on two shards`);
        if (map.owners[bucketFor(row.id)] !== index)
          problems.push(`${row.id} is on shard ${index}, not its owner`);
        titles.set(row.id, row.title);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    return titles;
  } finally {
    await set.close();
  }
}

/** The ids among `ids` not found on the shard the newest map gives them (what a reader would miss). */
export async function missingOnOwner(urls: string[], ids: readonly string[]): Promise<string[]> {
  const set = await openClientShards(
    urls.map((url) => ({ url })),
    { migrate: false, mapPollMs: 0 },
  );
  try {
    const found = new Set<string>();
    for (const [index, shard] of set.shards.entries()) {
      const mine = ids.filter((id) => set.indexFor(id) === index);
      const rows = (await shard.query('SELECT id FROM clients WHERE id = ANY($1::uuid[])', [mine])) as {
        id: string;
      }[];
      for (const row of rows) found.add(row.id);
    }
    return ids.filter((id) => !found.has(id));
  } finally {
    await set.close();
  }
}
