import { defineCounter, defineGauge } from '@coldreach/observability';

/** Labels: the replica's database name (never its URL, which may hold a password) and shard index. */
export const replicaInUse = defineGauge({
  name: 'coldreach_db_replica_in_use',
  help: 'Whether stale-tolerant reads go to the read replica (1) or to the primary because it lags or is down (0)',
  labelNames: ['database', 'shard'],
});

export const replicaLagSeconds = defineGauge({
  name: 'coldreach_db_replica_lag_seconds',
  help: 'How far the read replica is behind its primary, as last measured (-1 while it is unreachable)',
  labelNames: ['database', 'shard'],
});

export const replicaReads = defineCounter({
  name: 'coldreach_db_replica_reads_total',
  help: 'Stale-tolerant reads by where they went: replica, or primary with why (lagging, down, read_your_writes, replica_error)',
  labelNames: ['database', 'shard', 'target', 'reason'],
});
