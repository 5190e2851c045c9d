import { readOpenJob } from '@coldreach/db';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { openClientShardSet } from './client-shard-set';
import { formatTable } from './format-table';

/** `shards status`: the bucket map's version, what each shard owns and holds, and any unfinished job. */
export async function shardsStatusCommand(args: readonly string[], context: AdminContext): Promise<void> {
  parseArgs('shards status', args, { positionals: [] });
  const { set, close } = await openClientShardSet(context, { migrate: false });
  try {
    const rows = await Promise.all(
      set.shards.map(async (shard, index) => {
        const [counts] = (await shard.query(
          `SELECT (SELECT count(*) FROM bucket_ownership)::int AS writable,
                  (SELECT count(*) FROM clients)::int AS clients`,
        )) as { writable: number; clients: number }[];
        return [
          String(index),
          String(set.bucketsOf(index).length),
          String(counts!.writable),
          String(counts!.clients),
        ];
      }),
    );
    context.print(`bucket map version ${set.map.version}`);
    for (const line of formatTable(['shard', 'buckets (map)', 'writable buckets', 'client rows'], rows)) {
      context.print(line);
    }
    const job = await readOpenJob(set.shards[0]!);
    if (!job) {
      context.print('no reshard in progress');
      return;
    }
    const byState = new Map<string, number>();
    for (const unit of job.units)
      byState.set(unit.state, (byState.get(unit.state) ?? 0) + unit.buckets.length);
    context.print(
      `reshard job ${job.id} to ${job.shardCount} shards unfinished: ` +
        [...byState].map(([state, buckets]) => `${buckets} buckets ${state}`).join(', ') +
        `; run \`npm run admin -- shards reshard --to ${job.shardCount}\` to finish it`,
    );
  } finally {
    await close();
  }
}
