import { randomUUID } from 'node:crypto';

/**
 * How many SMTP connections one mailbox (a route key: a mailbox, or the shared default URL) may
 * hold at once, counted over every worker process: each connection holds a lease, taken here
 * before it opens and given back once it closed. A lease not renewed within its TTL lapses, so a
 * process that crashed gives its slots back by itself. Waiters queue: when a slot frees, the one
 * that has waited longest gets it, not whoever happens to ask first (see takeLease).
 */
export interface ConnectionBudget {
  /**
   * Takes one of `key`'s `limit` slots for `ttlMs`, or queues `waiterId` for the next free one.
   * Returns the lease's id, or undefined when every slot is held or an earlier waiter comes first.
   * Asking again with the same waiterId keeps its place; one that stops asking for `ttlMs` loses it.
   */
  take(key: string, waiterId: string, limit: number, ttlMs: number): Promise<string | undefined>;
  /**
   * Extends the leases of `key` still held by another `ttlMs`. Answers the ones that had already
   * lapsed (their slot may be someone else's now) and how many waiters other than `waiterId` queue.
   */
  renew(key: string, waiterId: string, leaseIds: string[], ttlMs: number): Promise<RenewedLeases>;
  /** Gives one lease back. */
  release(key: string, leaseId: string): Promise<void>;
  /** Takes `waiterId` out of `key`'s queue (it no longer wants a slot). */
  leave(key: string, waiterId: string): Promise<void>;
}

export interface RenewedLeases {
  lost: string[];
  waiting: number;
}

interface MemoryKey {
  /** Lease id → when it lapses (Date.now()). */
  holders: Map<string, number>;
  /** Waiter id → when it stops counting unless it asks again; in the order they queued. */
  waiters: Map<string, number>;
}

/**
 * The budget of one process (embedded mode, and a connected service given no Redis budget): the
 * same rules as the Redis one, kept in memory.
 */
export function createMemoryConnectionBudget(): ConnectionBudget {
  const keys = new Map<string, MemoryKey>();

  function current(key: string, now: number): MemoryKey {
    let entry = keys.get(key);
    if (!entry) {
      entry = { holders: new Map(), waiters: new Map() };
      keys.set(key, entry);
    }
    for (const [id, until] of entry.holders) if (until <= now) entry.holders.delete(id);
    for (const [id, until] of entry.waiters) if (until <= now) entry.waiters.delete(id);
    return entry;
  }

  function forget(key: string, entry: MemoryKey): void {
    if (entry.holders.size === 0 && entry.waiters.size === 0) keys.delete(key);
  }

  return {
    async take(key, waiterId, limit, ttlMs) {
      const now = Date.now();
      const entry = current(key, now);
      const place = [...entry.waiters.keys()].indexOf(waiterId);
      const ahead = place === -1 ? entry.waiters.size : place;
      if (limit - entry.holders.size > ahead) {
        const leaseId = randomUUID();
        entry.holders.set(leaseId, now + ttlMs);
        entry.waiters.delete(waiterId);
        return leaseId;
      }
      entry.waiters.set(waiterId, now + ttlMs);
      return undefined;
    },
    async renew(key, waiterId, leaseIds, ttlMs) {
      const now = Date.now();
      const entry = current(key, now);
      const lost = leaseIds.filter((id) => !entry.holders.has(id));
      for (const id of leaseIds) if (entry.holders.has(id)) entry.holders.set(id, now + ttlMs);
      const waiting = entry.waiters.size - (entry.waiters.has(waiterId) ? 1 : 0);
      forget(key, entry);
      return { lost, waiting };
    },
    async release(key, leaseId) {
      const entry = current(key, Date.now());
      entry.holders.delete(leaseId);
      forget(key, entry);
    },
    async leave(key, waiterId) {
      const entry = current(key, Date.now());
      entry.waiters.delete(waiterId);
      forget(key, entry);
    },
  };
}
