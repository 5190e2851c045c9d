import { readOpenJob } from '@coldreach/db';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { openClientShardSet } from './client-shard-set';
import { formatTable } from './format-table';
import { openWorkspaceShardSet, shardedServiceFlag } from './workspace-shard-set';

/**
 * `shards status [--service client|email|campaign]`: the bucket map's version, what each shard owns
 * and holds, and any unfinished job.
 */
export async function shardsStatusCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('shards status', args, { flags: ['service'], positionals: [] });
  const service = shardedServiceFlag('shards status', flags.get('service'));
  const { set, close, counted } =
    service === 'client'
      ? { ...(await openClientShardSet(context, { migrate: false })), counted: 'clients' }
      : await openWorkspaceShardSet(service, process.env, { migrate: false }).then((shards) => ({
          ...shards,
          counted: shards.countedTable,
        }));
  try {
    const rows = await Promise.all(
      set.shards.map(async (shard, index) => {
        const [counts] = (await shard.query(
          `SELECT (SELECT count(*) FROM bucket_ownership)::int AS writable,
                  (SELECT count(*) FROM ${counted})::int AS counted`,
        )) as { writable: number; counted: number }[];
        return [
          String(index),
          String(set.bucketsOf(index).length),
          String(counts!.writable),
          String(counts!.counted),
        ];
      }),
    );
    context.print(`bucket map version ${set.map.version}`);
    const countedHeader = service === 'client' ? 'client rows' : `${counted} rows`;
    for (const line of formatTable(['shard', 'buckets (map)', 'writable buckets', countedHeader], rows)) {
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
        `; run \`npm run admin -- shards reshard${service === 'client' ? '' : ` --service ${service}`} --to ${job.shardCount}\` to finish it`,
    );
  } finally {
    await close();
  }
}
