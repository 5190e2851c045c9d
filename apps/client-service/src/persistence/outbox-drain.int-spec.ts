import { randomUUID } from 'node:crypto';
import { bucketFor, openPgliteHost, type BucketShardSet, type PgliteHost } from '@coldreach/db';
import { openClientShards } from '../client-shards';
import { waitForOutboxDrain } from './outbox-drain';

// PGlite takes seconds to start on a loaded machine.
jest.setTimeout(120_000);

describe('waitForOutboxDrain', () => {
  let host: PgliteHost;
  let shards: BucketShardSet;
  beforeAll(async () => {
    host = await openPgliteHost();
    shards = await openClientShards([{ pglite: host, schema: 'drain' }], { mapPollMs: 0 });
  });
  afterAll(async () => {
    await shards.close();
    await host.close();
  });

  it('counts the unpublished events keyed into the buckets until the relay publishes them', async () => {
    const shard = shards.shards[0]!;
    const key = randomUUID();
    const bucket = bucketFor(key);
    await shard.query(
      `INSERT INTO outbox_events (event_id, topic, key, payload) VALUES ($1, 'clients.events', $2, '\\x00')`,
      [randomUUID(), key],
    );
    expect(await waitForOutboxDrain(shard, [bucket], 0)).toBe(1);
    expect(await waitForOutboxDrain(shard, [(bucket + 1) % 1024], 0)).toBe(0);
    await shard.query('UPDATE outbox_events SET published_at = now() WHERE key = $1', [key]);
    expect(await waitForOutboxDrain(shard, [bucket], 60_000)).toBe(0);
  });
});
