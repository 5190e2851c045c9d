// Test support: what the relay tests check about an outbox and a stream of deliveries.
import type { DataSource } from 'typeorm';

/** Rows left in a store's outbox: not published yet (the relay deletes what it published). */
export async function unpublished(store: DataSource): Promise<number> {
  const [row] = (await store.query('SELECT count(*)::int AS n FROM outbox_events')) as { n: number }[];
  return Number(row?.n);
}

/** Groups event ids by key, in the order given. */
export function idsByKey(items: { key: string; eventId: string }[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const { key, eventId } of items) byKey.set(key, [...(byKey.get(key) ?? []), eventId]);
  return byKey;
}

/** The first time each id appears, in order (what an idempotent consumer applies). */
export function firstOccurrences(ids: string[]): string[] {
  return [...new Set(ids)];
}
