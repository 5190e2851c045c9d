import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import { redactUrl, type Logger } from '@coldreach/observability';
import { parseLsn } from './replica-lsn';
import { replicaInUse, replicaLagSeconds } from './replica-metrics';

/** replica: reads may go there; lagging: past the bound; down: unreachable, or not a standby at all. */
export type ReplicaState = 'replica' | 'lagging' | 'down';

export interface ReplicaMonitorOptions {
  primary: DataSource;
  url: string;
  shard: number;
  maxLagMs: number;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities: MixedList<Function | string | EntitySchema>;
  poolSize: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** One shard's replica: its data source, and what the last poll found. */
export interface ReplicaMonitor {
  readonly state: ReplicaState;
  /** The replica's replay position at the last poll (a lower bound of where it is now). */
  readonly replayLsn: bigint | undefined;
  /** Set while the replica has been reachable; reads use it only when `state` is 'replica'. */
  readonly dataSource: DataSource | undefined;
  readonly labels: { database: string; shard: string };
  poll(): Promise<void>;
  /** A read on the replica failed as if it were down: stop using it until a poll finds it well. */
  failed(error: unknown): void;
  close(): Promise<void>;
}

/** A WAL position the primary had, and when. */
interface Sample {
  lsn: bigint;
  at: number;
}

/**
 * Watches one replica against its primary. Lag is measured by WAL position rather than by
 * `now() - pg_last_xact_replay_timestamp()`: that timestamp is of the last replayed commit, so an
 * idle primary would look like a replica hours behind, and two clocks would be compared. Instead each
 * poll notes the primary's `pg_current_wal_lsn()` with the local time; the replica is as fresh as the
 * newest noted position it has replayed, and its lag is how long ago that position was noted (0 when
 * it has replayed everything the primary had just before it was asked).
 */
export function createReplicaMonitor(options: ReplicaMonitorOptions): ReplicaMonitor {
  const { primary, maxLagMs, logger } = options;
  const labels = {
    database: decodeURIComponent(new URL(options.url).pathname.slice(1)),
    shard: String(options.shard),
  };
  const logFields = { ...labels, replica: redactUrl(options.url) };
  let state: ReplicaState | undefined;
  let replayLsn: bigint | undefined;
  let dataSource: DataSource | undefined;
  let closed = false;
  let samples: Sample[] = [];

  const enter = (next: ReplicaState, fields: Record<string, unknown>) => {
    replicaInUse.set(labels, next === 'replica' ? 1 : 0);
    if (next === state) return;
    const first = state === undefined;
    state = next;
    // Logged once per change, not per poll: a replica that stays down is one line, not two a second.
    if (next === 'replica') logger.info({ ...logFields, ...fields }, 'read replica in use');
    else if (next === 'lagging')
      logger.warn(
        { ...logFields, ...fields, maxLagMs },
        'read replica lags past the bound; reads go to the primary',
      );
    else if (!first || fields.error !== undefined)
      logger.warn({ ...logFields, ...fields }, 'read replica unavailable; reads go to the primary');
  };
  const down = (error: unknown) => {
    replicaLagSeconds.set(labels, -1);
    enter('down', { error: error instanceof Error ? error.message : String(error) });
  };

  const connect = async (): Promise<DataSource> => {
    if (dataSource) return dataSource;
    const candidate = new DataSource({
      type: 'postgres',
      url: options.url,
      entities: options.entities,
      synchronize: false,
      logging: false,
      extra: {
        max: options.poolSize,
        connectionTimeoutMillis: 5000,
        keepAlive: true,
        application_name: 'coldreach-replica-reads',
      },
    });
    await candidate.initialize();
    if (closed) await candidate.destroy();
    else dataSource = candidate;
    return candidate;
  };

  const measure = async (): Promise<void> => {
    const [{ lsn }] = (await primary.query('SELECT pg_current_wal_lsn()::text AS lsn').catch((error) => {
      throw new Error(`could not read the primary's WAL position: ${(error as Error).message}`);
    })) as [{ lsn: string }];
    const now = Date.now();
    samples.push({ lsn: parseLsn(lsn), at: now });
    // Samples older than the bound (plus the newest one before it) cannot change a verdict.
    const keepFrom = samples.findIndex((sample) => sample.at >= now - maxLagMs);
    samples = samples.slice(Math.max(0, keepFrom - 1));
    // The replica is asked after the primary, so "replayed the newest sample" means caught up.
    const answerMs = Math.min(maxLagMs, maxAnswerMs);
    const replica = await withDeadline(connect(), answerMs).then((source) =>
      withDeadline(
        source.query(
          'SELECT pg_is_in_recovery() AS recovering, pg_last_wal_replay_lsn()::text AS replay',
        ) as Promise<[{ recovering: boolean; replay: string | null }]>,
        answerMs,
      ),
    );
    const [{ recovering, replay }] = replica;
    if (!recovering || replay === null) {
      // A promoted replica (or a URL of a primary) has its own history: its rows are not the primary's.
      return down(new Error('the replica is not in recovery (promoted, or not a standby)'));
    }
    replayLsn = parseLsn(replay);
    const caughtUpTo = samples.filter((sample) => sample.lsn <= (replayLsn as bigint)).pop();
    // No sample replayed: at least as old as the oldest kept, which spans the bound once polls run.
    const lagMs = caughtUpTo === samples.at(-1) ? 0 : now - (caughtUpTo ?? samples[0]!).at;
    // The first poll of a replica behind the primary cannot tell by how much: the next ones will.
    if (caughtUpTo === undefined && samples.length === 1) return;
    replicaLagSeconds.set(labels, lagMs / 1000);
    enter(lagMs <= maxLagMs ? 'replica' : 'lagging', { lagMs });
  };

  return {
    get state() {
      return state ?? 'down';
    },
    get replayLsn() {
      return replayLsn;
    },
    get dataSource() {
      return dataSource;
    },
    labels,
    async poll() {
      if (closed) return;
      await measure().catch(down);
    },
    failed: down,
    async close() {
      closed = true;
      replicaInUse.remove(labels);
      replicaLagSeconds.remove(labels);
      if (dataSource?.isInitialized) await dataSource.destroy();
    },
  };
}

/**
 * How long a poll waits for the replica (or less, with a smaller bound): a replica that does not
 * answer a trivial query by then is treated as down, since reads sent to it would hang as well.
 */
const maxAnswerMs = 5000;

/** Rejects when `promise` takes longer than `ms`: a replica that hangs counts as down. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
