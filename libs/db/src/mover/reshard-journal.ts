import type { DataSource } from 'typeorm';
import type { MoveUnit } from './reshard-plan';

/** A unit's progress, in order; each state means "this step is done". */
export const unitStates = [
  'pending',
  'copied',
  'caught_up',
  'fenced',
  'verified',
  'switched',
  'done',
] as const;
export type UnitState = (typeof unitStates)[number];

export interface JournaledUnit extends MoveUnit {
  state: UnitState;
}

export interface ReshardJob {
  id: number;
  shardCount: number;
  units: JournaledUnit[];
}

/** The unfinished job, if any, with its units (read from the control shard's journal). */
export async function readOpenJob(control: DataSource): Promise<ReshardJob | undefined> {
  const [job] = (await control.query(
    'SELECT id, shard_count FROM reshard_jobs WHERE finished_at IS NULL ORDER BY id LIMIT 1',
  )) as { id: number; shard_count: number }[];
  if (!job) return undefined;
  const rows = (await control.query(
    `SELECT unit, source, target, state, array_agg(bucket ORDER BY bucket) AS buckets
     FROM reshard_buckets WHERE job_id = $1 GROUP BY unit, source, target, state ORDER BY unit`,
    [job.id],
  )) as { unit: number; source: number; target: number; state: UnitState; buckets: number[] }[];
  return {
    id: job.id,
    shardCount: job.shard_count,
    units: rows.map((row) => ({ ...row, buckets: row.buckets.map(Number) })),
  };
}

/** Records a new job and its units, all pending, in one transaction. */
export async function createJob(
  control: DataSource,
  shardCount: number,
  units: MoveUnit[],
): Promise<ReshardJob> {
  return control.transaction(async (manager) => {
    const [job] = (await manager.query('INSERT INTO reshard_jobs (shard_count) VALUES ($1) RETURNING id', [
      shardCount,
    ])) as { id: number }[];
    const rows = units.flatMap((unit) => unit.buckets.map((bucket) => ({ ...unit, bucket })));
    await manager.query(
      `INSERT INTO reshard_buckets (job_id, bucket, unit, source, target)
       SELECT $1, * FROM unnest($2::smallint[], $3::int[], $4::smallint[], $5::smallint[])`,
      [
        job!.id,
        rows.map((row) => row.bucket),
        rows.map((row) => row.unit),
        rows.map((row) => row.source),
        rows.map((row) => row.target),
      ],
    );
    return { id: job!.id, shardCount, units: units.map((unit) => ({ ...unit, state: 'pending' as const })) };
  });
}

export async function setUnitState(control: DataSource, jobId: number, unit: number, state: UnitState) {
  await control.query('UPDATE reshard_buckets SET state = $3 WHERE job_id = $1 AND unit = $2', [
    jobId,
    unit,
    state,
  ]);
}

export async function finishJob(control: DataSource, jobId: number) {
  await control.query('UPDATE reshard_jobs SET finished_at = now() WHERE id = $1', [jobId]);
}
