import type { DataSource } from 'typeorm';
import { BUCKET_COUNT } from '../buckets';
import { readBucketMap, writeBucketMap } from '../bucket-map';
import {
  createJob,
  finishJob,
  readOpenJob,
  setUnitState,
  unitStates,
  type JournaledUnit,
  type UnitState,
} from './reshard-journal';
import { planOwners, planUnits } from './reshard-plan';
import {
  bucketChecksum,
  copyBucketRows,
  copyWholeTable,
  deleteBucketRows,
  syncBucketRows,
  type BucketedTable,
} from './table-rows';

export interface ReshardOptions {
  /** Every configured shard database, in order (the list is append-only). */
  shards: readonly DataSource[];
  shardCount: number;
  /** Parents first when foreign keys join them (copied in this order, deleted in the reverse). */
  tables: readonly BucketedTable[];
  /** Tables keyed by something else (processed_events) copied whole to a unit's target at its fence. */
  copiedTables?: readonly { name: string; key: readonly string[] }[];
  /**
   * Runs after verify and before the switch, the buckets fenced on `source`: the Client service
   * waits there for the source's outbox to publish the buckets' events, so a key's events keep
   * their order across the move.
   */
  beforeSwitch?: (source: DataSource, buckets: readonly number[], sourceIndex: number) => Promise<void>;
  /** Buckets moved together (default 64). */
  unitSize?: number;
  onProgress?: (progress: ReshardProgress) => void;
  /** Test hook: after doing `step` of the `unit`-th unit this run handles, before journaling it. */
  crashAt?: { step: UnitState; unit: number; crash: () => void };
}

export interface ReshardProgress {
  jobId: number;
  unitsDone: number;
  units: number;
  bucketsDone: number;
  buckets: number;
  step: UnitState;
  rowsCopied: number;
}

/**
 * Moves buckets until the map spreads them over `shardCount` shards, resuming an unfinished job
 * (journaled per bucket on the control shard). Per unit: copy, catch up, fence the source, final
 * sync, verify, switch the map, delete from the source; each step is idempotent, so a run killed at
 * any point and started again finishes the job with every row exactly once on its owner.
 */
export async function reshard(
  options: ReshardOptions,
): Promise<{ jobId: number; moved: number } | undefined> {
  const { shards, shardCount } = options;
  const control = shards[0]!;
  if (shardCount < 1) throw new Error('the shard count must be at least 1');
  if (shardCount > shards.length) {
    throw new Error(
      `resharding to ${shardCount} shards needs ${shardCount} shard databases configured, but only ${shards.length} are`,
    );
  }
  if (shardCount > BUCKET_COUNT) throw new Error(`at most ${BUCKET_COUNT} shards (one per bucket)`);
  let job = await readOpenJob(control);
  if (job && job.shardCount !== shardCount) {
    throw new Error(
      `a reshard to ${job.shardCount} shards (job ${job.id}) is unfinished; run it again with --to ${job.shardCount} first`,
    );
  }
  if (!job) {
    const map = await readBucketMap(control);
    if (!map) throw new Error('the bucket map is not seeded; open the service (or migrate) once first');
    const units = planUnits(map.owners, planOwners(map.owners, shardCount), options.unitSize ?? 64);
    if (units.length === 0) return undefined;
    job = await createJob(control, shardCount, units);
  }
  const total = job.units.reduce((sum, unit) => sum + unit.buckets.length, 0);
  let unitsDone = 0;
  let bucketsDone = 0;
  let rowsCopied = 0;
  let handled = 0;
  for (const unit of job.units) {
    if (unit.state !== 'done') {
      handled++;
      await moveUnit(options, unit, {
        jobId: job.id,
        handled,
        onStep(step, copied) {
          rowsCopied += copied;
          options.onProgress?.({
            jobId: job.id,
            unitsDone,
            units: job.units.length,
            bucketsDone,
            buckets: total,
            step,
            rowsCopied,
          });
        },
      });
    }
    unitsDone++;
    bucketsDone += unit.buckets.length;
    options.onProgress?.({
      jobId: job.id,
      unitsDone,
      units: job.units.length,
      bucketsDone,
      buckets: total,
      step: 'done',
      rowsCopied,
    });
  }
  await finishJob(control, job.id);
  return { jobId: job.id, moved: total };
}

async function moveUnit(
  options: ReshardOptions,
  unit: JournaledUnit,
  run: { jobId: number; handled: number; onStep: (step: UnitState, copied: number) => void },
) {
  const source = options.shards[unit.source]!;
  const target = options.shards[unit.target]!;
  const { buckets } = unit;
  const syncAll = async () => {
    let differing = 0;
    for (const table of options.tables) differing += await syncBucketRows(source, target, table, buckets);
    return differing;
  };
  const steps: Record<Exclude<UnitState, 'pending'>, () => Promise<number>> = {
    async copied() {
      let copied = 0;
      for (const table of options.tables) copied += await copyBucketRows(source, target, table, buckets);
      return copied;
    },
    async caught_up() {
      // Writers keep changing the source; a few rounds shrink the difference the fence must wait for.
      let differing = 0;
      for (let round = 0; round < 5; round++) {
        differing = await syncAll();
        if (differing <= 10) break;
      }
      return differing;
    },
    async fenced() {
      // Waits for writers holding the buckets' rows FOR SHARE; later writers find them gone and retry.
      await source.query('DELETE FROM bucket_ownership WHERE bucket = ANY($1::smallint[])', [buckets]);
      let differing = 0;
      while ((differing = await syncAll()) > 0);
      return differing;
    },
    async verified() {
      for (const table of options.tables) {
        const [from, to] = await Promise.all([
          bucketChecksum(source, table, buckets),
          bucketChecksum(target, table, buckets),
        ]);
        if (from.rows !== to.rows || from.checksum !== to.checksum) {
          throw new Error(
            `verify failed for ${table.name} buckets ${buckets[0]}..${buckets.at(-1)} (shard ${unit.source} has ` +
              `${from.rows} rows, shard ${unit.target} ${to.rows}); the buckets stay fenced, run the reshard again`,
          );
        }
      }
      for (const table of options.copiedTables ?? [])
        await copyWholeTable(source, target, table.name, table.key);
      return 0;
    },
    async switched() {
      await options.beforeSwitch?.(source, buckets, unit.source);
      await target.query(
        'INSERT INTO bucket_ownership (bucket) SELECT unnest($1::smallint[]) ON CONFLICT DO NOTHING',
        [buckets],
      );
      const map = (await readBucketMap(options.shards[0]!))!;
      const owners = [...map.owners];
      for (const bucket of buckets) owners[bucket] = unit.target;
      await writeBucketMap(options.shards[0]!, owners);
      return 0;
    },
    async done() {
      let deleted = 0;
      // Children first: a foreign key to a parent listed earlier never loses its row under it.
      for (const table of [...options.tables].reverse())
        deleted += await deleteBucketRows(source, table, buckets);
      return deleted;
    },
  };
  for (const state of unitStates.slice(unitStates.indexOf(unit.state) + 1)) {
    const step = state as Exclude<UnitState, 'pending'>;
    const count = await steps[step]();
    const crash = options.crashAt;
    if (crash && crash.step === step && crash.unit === run.handled) crash.crash();
    await setUnitState(options.shards[0]!, run.jobId, unit.unit, step);
    run.onStep(step, step === 'copied' ? count : 0);
  }
}
