import type { DataSource } from 'typeorm';
import { reshard, type ReshardOptions } from '@coldreach/db';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { CommandError, UsageError } from './cli-errors';
import { openClientShardSet } from './client-shard-set';
import { assertNoOtherSessions } from './offline-guard';
import { reshardCrashHook } from './reshard-crash-hook';
import { reshardProgressLine } from './reshard-progress';
import { openWorkspaceShardSet, shardedServiceFlag, type WorkspaceService } from './workspace-shard-set';

type MoveSettings = Pick<ReshardOptions, 'shardCount' | 'unitSize' | 'crashAt' | 'onProgress'>;

/**
 * `shards reshard [--service client|email|campaign] --to <N>`: moves the service's buckets until N
 * shards own them, resuming an unfinished job. The client service is resharded online (its writes
 * are fenced); the email and campaign services offline, their processes stopped (see
 * reshardOffline). Connected mode only: the embedded platform keeps one PGlite per data directory,
 * so there the shard counts are fixed at creation.
 */
export async function shardsReshardCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('shards reshard', args, {
    flags: ['service', 'to', 'unit-size', 'outbox-wait'],
    positionals: [],
  });
  const service = shardedServiceFlag('shards reshard', flags.get('service'));
  const settings: MoveSettings = {
    shardCount: positiveInteger('--to', flags.get('to'), true)!,
    unitSize: positiveInteger('--unit-size', flags.get('unit-size'), false) ?? 64,
    crashAt: reshardCrashHook(process.env.RESHARD_CRASH_AT),
    onProgress: (progress) => context.print(reshardProgressLine(progress)),
  };
  if (service !== 'client') {
    if (flags.has('outbox-wait'))
      throw new UsageError('shards reshard: --outbox-wait is for the client service (online) only');
    await reshardOffline(service, settings, context);
    return;
  }
  const outboxWaitMs = (positiveInteger('--outbox-wait', flags.get('outbox-wait'), false) ?? 60) * 1000;
  const { set, locations, close } = await openClientShardSet(context, {
    migrate: true,
    refuseEmbedded: true,
  });
  try {
    assertEnoughShards(settings.shardCount, locations, 'client', 'CLIENT_SHARD_URLS');
    const { clientBucketedTables, clientCopiedTables, waitForOutboxDrain } =
      await import('@coldreach/client-service');
    await withReshardLock(set.shards[0]!, async () => {
      const result = await reshard({
        ...settings,
        shards: set.shards,
        tables: clientBucketedTables,
        copiedTables: clientCopiedTables,
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
      });
      printResult(context, result, settings.shardCount);
    });
  } finally {
    await close();
  }
}

/**
 * The email and campaign services write their ledgers (claims, hand-overs, outcomes) without the
 * bucket fence, so their buckets move only while nothing else is connected to their shards: the
 * tool refuses otherwise, and checks again before each unit's switch (a process started meanwhile
 * stops the move; the job stays resumable). Every process started afterwards reads the new map.
 */
async function reshardOffline(service: WorkspaceService, settings: MoveSettings, context: AdminContext) {
  // Not migrated here: nothing changes before the guard has checked the service is stopped.
  const shards = await openWorkspaceShardSet(service, process.env, { migrate: false });
  try {
    assertEnoughShards(settings.shardCount, shards.locations, service, shards.variable);
    const what = `the ${service} service`;
    await withReshardLock(shards.set.shards[0]!, async () => {
      await assertNoOtherSessions(shards.set.shards, what);
      await shards.prepare(shards.set.shards);
      const result = await reshard({
        ...settings,
        shards: shards.set.shards,
        tables: shards.tables,
        copiedTables: shards.copiedTables,
        beforeSwitch: () => assertNoOtherSessions(shards.set.shards, what),
      });
      printResult(context, result, settings.shardCount);
    });
  } finally {
    await shards.close();
  }
}

function assertEnoughShards(to: number, locations: number, service: string, variable: string) {
  if (to > locations) {
    throw new CommandError(
      `--to ${to} needs ${to} ${service} shard databases but ${variable} lists ${locations}; ` +
        `append the new databases to ${variable} (the list is append-only) and run again`,
    );
  }
}

function printResult(context: AdminContext, result: Awaited<ReturnType<typeof reshard>>, to: number) {
  context.print(
    result
      ? `reshard job ${result.jobId}: ${result.moved} buckets moved; ${to} shards own every bucket`
      : `nothing to move: ${to} shards already own every bucket`,
  );
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
async function withReshardLock(control: DataSource, run: () => Promise<void>): Promise<void> {
  const runner = control.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query(
      "SELECT pg_try_advisory_lock(hashtext('coldreach.reshard')) AS locked",
    )) as {
      locked: boolean;
    }[];
    if (!row?.locked) {
      throw new CommandError(
        'another reshard is running on these shards; wait for it (or kill it) and run again',
      );
    }
    try {
      await run();
    } finally {
      await runner.query("SELECT pg_advisory_unlock(hashtext('coldreach.reshard'))");
    }
  } finally {
    await runner.release();
  }
}
