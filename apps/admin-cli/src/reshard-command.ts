import type { DataSource } from 'typeorm';
import { reshard } from '@coldreach/db';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { CommandError, UsageError } from './cli-errors';
import { openClientShardSet } from './client-shard-set';
import { reshardCrashHook } from './reshard-crash-hook';
import { reshardProgressLine } from './reshard-progress';

/**
 * `shards reshard --to <N>`: moves the client buckets until N shards own them, resuming an
 * unfinished job. Connected mode only: the embedded platform keeps one PGlite per data directory,
 * so there the shard count is fixed at creation (EMBEDDED_CLIENT_SHARDS).
 */
export async function shardsReshardCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('shards reshard', args, {
    flags: ['to', 'unit-size', 'outbox-wait'],
    positionals: [],
  });
  const to = positiveInteger('--to', flags.get('to'), true)!;
  const unitSize = positiveInteger('--unit-size', flags.get('unit-size'), false) ?? 64;
  const outboxWaitMs = (positiveInteger('--outbox-wait', flags.get('outbox-wait'), false) ?? 60) * 1000;
  const crashAt = reshardCrashHook(process.env.RESHARD_CRASH_AT);
  const { set, locations, close } = await openClientShardSet(context, {
    migrate: true,
    refuseEmbedded: true,
  });
  try {
    if (to > locations) {
      throw new CommandError(
        `--to ${to} needs ${to} client shard databases but CLIENT_SHARD_URLS lists ${locations}; ` +
          'append the new databases to CLIENT_SHARD_URLS (the list is append-only) and run again',
      );
    }
    const unlock = await lockReshard(set.shards[0]!);
    try {
      const { clientBucketedTables, clientCopiedTables, waitForOutboxDrain } =
        await import('@coldreach/client-service');
      const result = await reshard({
        shards: set.shards,
        shardCount: to,
        tables: clientBucketedTables,
        copiedTables: clientCopiedTables,
        unitSize,
        crashAt,
        async beforeSwitch(source, buckets, sourceIndex) {
          const left = await waitForOutboxDrain(source, buckets, outboxWaitMs);
          if (left > 0) {
            context.print(
              `warning: ${left} events of the moving buckets are still unpublished on shard ${sourceIndex} ` +
                `after ${outboxWaitMs / 1000} s (is its relay running?); switching anyway, so those clients' ` +
                'next events may be published before them',
            );
          }
        },
        onProgress: (progress) => context.print(reshardProgressLine(progress)),
      });
      context.print(
        result
          ? `reshard job ${result.jobId}: ${result.moved} buckets moved; ${to} shards own every bucket`
          : `nothing to move: ${to} shards already own every bucket`,
      );
    } finally {
      await unlock();
    }
  } finally {
    await close();
  }
}

function positiveInteger(flag: string, value: string | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) throw new UsageError(`shards reshard: ${flag} <count> is required`);
    return undefined;
  }
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`shards reshard: ${flag} must be a positive whole number`);
  return Number(value);
}

/** One reshard at a time: a session advisory lock on the control shard, held on its own connection. */
async function lockReshard(control: DataSource): Promise<() => Promise<void>> {
  const runner = control.createQueryRunner();
  await runner.connect();
  const [row] = (await runner.query(
    "SELECT pg_try_advisory_lock(hashtext('coldreach.reshard')) AS locked",
  )) as {
    locked: boolean;
  }[];
  if (!row?.locked) {
    await runner.release();
    throw new CommandError(
      'another reshard is running on these shards; wait for it (or kill it) and run again',
    );
  }
  return async () => {
    await runner.query("SELECT pg_advisory_unlock(hashtext('coldreach.reshard'))");
    await runner.release();
  };
}
