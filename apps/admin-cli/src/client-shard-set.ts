import type { BucketShardSet } from '@coldreach/db';
import type { AdminContext } from './admin-context';
import { CommandError } from './cli-errors';

/** The client shards as the service opens them (bucket map seeded), without map polling. */
export async function openClientShardSet(
  context: AdminContext,
  options: { migrate: boolean; refuseEmbedded?: boolean },
): Promise<{ set: BucketShardSet; locations: number; close(): Promise<void> }> {
  const databases = await context.databases();
  const locations = databases.clientShards();
  if (options.refuseEmbedded && locations.some((location) => !('url' in location))) {
    throw new CommandError(
      'resharding needs the connected mode (CLIENT_SHARD_URLS); embedded data keeps the shard count it was created with',
    );
  }
  // Loaded here only: the other commands need none of the client service.
  const { openClientShards } = await import('@coldreach/client-service');
  const set = await openClientShards(locations, { migrate: options.migrate, mapPollMs: 0 });
  return { set, locations: locations.length, close: () => set.close() };
}
