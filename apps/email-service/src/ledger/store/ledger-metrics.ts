import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { defineCollectedGauge } from '@coldreach/observability';

const rowsByState = defineCollectedGauge({
  name: 'coldreach_delivery_ledger_rows',
  help: 'Delivery ledger rows by state (the whole ledger: take max, not sum, over email-service pods)',
  labelNames: ['state'],
});
const oldestAge = defineCollectedGauge({
  name: 'coldreach_delivery_ledger_oldest_age_seconds',
  help:
    'Oldest open delivery per state: pending since created, scheduled since due (0 when none is due), ' +
    'claimed and sending since their last change',
  labelNames: ['state'],
});

const openStatesSql = `SELECT status, count(*)::int AS count,
  COALESCE(EXTRACT(EPOCH FROM now() - CASE status
    WHEN 'pending' THEN min(created_at)
    WHEN 'scheduled' THEN min(scheduled_at) FILTER (WHERE scheduled_at <= now())
    ELSE min(updated_at) END), 0)::float8 AS age
  FROM deliveries WHERE status IN ('pending', 'scheduled', 'claimed', 'sending') GROUP BY status`;
const finishedStatesSql = `SELECT status, count(*)::int AS count, 0::float8 AS age
  FROM deliveries WHERE status IN ('sent', 'failed', 'suppressed', 'unknown', 'cancelled') GROUP BY status`;

const openStates = ['pending', 'scheduled', 'claimed', 'sending'];
const finishedStates = ['sent', 'failed', 'suppressed', 'unknown', 'cancelled'];
// Finished rows are most of a large ledger and only ever grow: counting them takes a scan, so at
// most once a minute. Open rows are few and what an operator watches: read on every scrape.
const finishedCountsMaxAgeMs = 60_000;

interface StateRow {
  status: string;
  count: number;
  age: number;
}

/**
 * Reports the ledger of the shards `dataSources` (counts summed, ages the oldest) on every scrape,
 * until a shard is destroyed.
 */
export function watchDeliveryLedger(dataSources: readonly DataSource[]): void {
  const readAll = async (sql: string) =>
    merge((await Promise.all(dataSources.map((ds) => queryRows<StateRow>(ds.manager, sql, [])))).flat());
  // The two gauges read the same query, collected together: they share a read in flight, and the
  // next scrape reads afresh (a time window would show a scrape the previous one's counts).
  const open = inFlightShared(() => readAll(openStatesSql));
  const finished = cached(finishedCountsMaxAgeMs, () => readAll(finishedStatesSql));
  const closed = () => dataSources.some((dataSource) => !dataSource.isInitialized);
  const removers = [
    rowsByState.addSource(async (set) => {
      if (closed()) return removeAll();
      const rows = [...(await open()), ...(await finished())];
      for (const state of [...openStates, ...finishedStates])
        set({ state }, rows.find((row) => row.status === state)?.count ?? 0);
    }),
    oldestAge.addSource(async (set) => {
      if (closed()) return removeAll();
      const rows = await open();
      for (const state of openStates) set({ state }, rows.find((row) => row.status === state)?.age ?? 0);
    }),
  ];
  function removeAll(): void {
    for (const remove of removers) remove();
  }
}

/** One row per state: counts summed over the shards, the oldest age kept. */
function merge(rows: StateRow[]): StateRow[] {
  const byStatus = new Map<string, StateRow>();
  for (const row of rows) {
    const seen = byStatus.get(row.status);
    byStatus.set(
      row.status,
      seen ? { status: row.status, count: seen.count + row.count, age: Math.max(seen.age, row.age) } : row,
    );
  }
  return [...byStatus.values()];
}

function inFlightShared<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const value = read();
      pending = value;
      const clear = () => {
        if (pending === value) pending = undefined;
      };
      value.then(clear, clear);
    }
    return pending;
  };
}

function cached<T>(maxAgeMs: number, read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!last || Date.now() - last.at > maxAgeMs) {
      const value = read();
      last = { at: Date.now(), value };
      // A failed read is not kept: the next scrape asks again.
      value.catch(() => {
        if (last?.value === value) last = undefined;
      });
    }
    return last.value;
  };
}
