import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Logger } from '@coldreach/observability';
import { parseLsn } from './replica-lsn';
import { replicaReads } from './replica-metrics';
import { createReplicaMonitor, type ReplicaMonitor, type ReplicaState } from './replica-monitor';
import { createMemoryWriteMarks, createRedisWriteMarks, type RedisForMarks } from './replica-write-marks';

export interface ReadReplicasOptions {
  /** The primaries, one per shard (a one-database service passes one). */
  primaries: readonly DataSource[];
  /** Aligned with `primaries`: the shard's replica URL, or undefined/'' for none. */
  replicaUrls: readonly (string | undefined)[];
  /** Names the write marks in Redis, e.g. 'clients': pods of one service share them. */
  name: string;
  /** A replica further behind than this serves no reads (REPLICA_MAX_LAG_MS; default 5000). */
  maxLagMs?: number;
  /** How often each replica and its primary are asked for their WAL positions (default 500). */
  pollIntervalMs?: number;
  /** How long a write keeps its scope's reads off replicas that have not replayed it (default 60 s). */
  writeMarkTtlMs?: number;
  /** Keeps write marks in Redis (shared by every pod); without it, in this process's memory. */
  redis?: RedisForMarks;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
  entities?: MixedList<Function | string | EntitySchema>;
  /** Pool size per replica (default 10). */
  poolSize?: number;
  logger: Pick<Logger, 'info' | 'warn'>;
}

/** Where a shard's stale-tolerant reads go, and what keeps them fresh enough. */
export interface ReadReplicas {
  /**
   * The data source for a read of `shardIndex` that tolerates bounded staleness: the replica when one
   * is configured, within the lag bound and — given a `scope` — past that scope's last noted write;
   * else the primary. No replica configured: the primary at once, with no query or Redis call.
   */
  readerFor(shardIndex: number, scope?: string): Promise<DataSource>;
  /**
   * `readerFor` plus a safety net: when the replica fails the read as if it were down (connection
   * refused or dropped, shut down, a recovery conflict), the read runs again on the primary.
   */
  read<T>(shardIndex: number, scope: string | undefined, run: (source: DataSource) => Promise<T>): Promise<T>;
  /** Call after a committed write of `scope` on `shardIndex`: its reads skip replicas not past it. */
  noteWrite(shardIndex: number, scope: string): Promise<void>;
  /** What the last poll found per shard (undefined: no replica configured). For logs and tests. */
  stateOf(shardIndex: number): ReplicaState | undefined;
  /** Polls every replica now, instead of waiting for the next tick. */
  pollNow(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the configured replicas and starts their monitor; the first poll is done before it returns,
 * so a healthy replica serves from the first read. A replica that is down at start is no error:
 * reads go to the primary until a poll finds it.
 */
export async function openReadReplicas(options: ReadReplicasOptions): Promise<ReadReplicas> {
  const { primaries } = options;
  if (options.replicaUrls.length > primaries.length) {
    throw new Error(`${options.replicaUrls.length} replica URLs for ${primaries.length} shards`);
  }
  const maxLagMs = options.maxLagMs ?? 5000;
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const ttlMs = options.writeMarkTtlMs ?? 60_000;
  const monitors = primaries.map((primary, shard) => {
    const url = options.replicaUrls[shard];
    if (!url) return undefined;
    const settings = { primary, url, shard, maxLagMs, logger: options.logger };
    return createReplicaMonitor({
      ...settings,
      entities: options.entities ?? [],
      poolSize: options.poolSize ?? 10,
    });
  });
  // Memory marks always, Redis marks too when given: a Redis outage then still keeps this pod's own
  // writes readable, and a failed Redis lookup sends the read to the primary rather than guess.
  const memoryMarks = createMemoryWriteMarks();
  const redisMarks = options.redis ? createRedisWriteMarks(options.redis) : undefined;
  const markKey = (shard: number, scope: string) => `replica-lsn:${options.name}:${shard}:${scope}`;
  let redisFailing = false;
  const redisFailed = (error: unknown) => {
    if (!redisFailing) {
      const message = error instanceof Error ? error.message : String(error);
      options.logger.warn(
        { error: message },
        'write marks in Redis unavailable; marked reads go to the primary',
      );
    }
    redisFailing = true;
  };

  const pollAll = () => Promise.all(monitors.map((monitor) => monitor?.poll())).then(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let polling = Promise.resolve();
  const tick = () => {
    polling = pollAll().finally(() => {
      if (!closed) timer = setTimeout(tick, pollIntervalMs).unref();
    });
  };
  if (monitors.some(Boolean)) {
    await pollAll();
    timer = setTimeout(tick, pollIntervalMs).unref();
  }

  const primaryFor = (shard: number): DataSource => {
    const primary = primaries[shard];
    if (!primary) throw new Error(`no shard ${shard} (there are ${primaries.length})`);
    return primary;
  };
  const count = (monitor: ReplicaMonitor, target: 'replica' | 'primary', reason: string) =>
    replicaReads.inc({ ...monitor.labels, target, reason });

  /** Whether the scope's last write is surely on the replica; when unknowable, no. */
  const pastLastWrite = async (monitor: ReplicaMonitor, shard: number, scope: string): Promise<boolean> => {
    const replayed = monitor.replayLsn;
    const local = await memoryMarks.get(markKey(shard, scope));
    if (local !== undefined && (replayed === undefined || replayed < local)) return false;
    if (!redisMarks) return true;
    try {
      const shared = await redisMarks.get(markKey(shard, scope));
      redisFailing = false;
      return shared === undefined || (replayed !== undefined && replayed >= shared);
    } catch (error) {
      redisFailed(error);
      return false;
    }
  };

  const choose = async (shard: number, scope: string | undefined) => {
    const primary = primaryFor(shard);
    const monitor = monitors[shard];
    if (!monitor) return { source: primary };
    const replica = monitor.dataSource;
    if (monitor.state !== 'replica' || !replica) {
      count(monitor, 'primary', monitor.state);
      return { source: primary };
    }
    if (scope !== undefined && !(await pastLastWrite(monitor, shard, scope))) {
      count(monitor, 'primary', 'read_your_writes');
      return { source: primary };
    }
    count(monitor, 'replica', '');
    return { source: replica, monitor };
  };

  return {
    readerFor: async (shard, scope) => (await choose(shard, scope)).source,
    async read(shard, scope, run) {
      const { source, monitor } = await choose(shard, scope);
      if (!monitor) return run(source);
      try {
        return await run(source);
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        if (!isRecoveryConflict(error)) monitor.failed(error);
        count(monitor, 'primary', 'replica_error');
        return run(primaryFor(shard));
      }
    },
    async noteWrite(shard, scope) {
      if (!monitors[shard]) return;
      const [{ lsn }] = (await primaryFor(shard).query('SELECT pg_current_wal_lsn()::text AS lsn')) as [
        { lsn: string },
      ];
      const position = parseLsn(lsn);
      await memoryMarks.note(markKey(shard, scope), position, ttlMs);
      if (redisMarks) {
        // A failed note is no failed write: the memory mark holds for this pod, and reads elsewhere
        // that cannot read Redis either go to the primary.
        await redisMarks.note(markKey(shard, scope), position, ttlMs).catch(redisFailed);
      }
    },
    stateOf: (shard) => monitors[shard]?.state,
    pollNow: pollAll,
    async close() {
      closed = true;
      clearTimeout(timer);
      await polling;
      clearTimeout(timer);
      await Promise.all(monitors.map((monitor) => monitor?.close()));
    },
  };
}

/** SQLSTATE classes of a server that is going away or refusing: 08 connection, 57P shutdown. */
function isReplicaFailure(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return true; // ECONNREFUSED, ECONNRESET…
  if (typeof code !== 'string') {
    // node-postgres' own: "Connection terminated unexpectedly", "timeout exceeded when trying to connect".
    return error instanceof Error && /connection|terminated|timeout/i.test(error.message);
  }
  return code.startsWith('08') || code.startsWith('57P') || isRecoveryConflict(error);
}

/** "canceling statement due to conflict with recovery": the replica is fine, this query was unlucky. */
function isRecoveryConflict(error: unknown): boolean {
  return (error as { code?: unknown }).code === '40001';
}
