import { randomUUID } from 'node:crypto';
import type { Logger } from '@coldreach/observability';
import type { ConnectionBudget } from './connection-budget';

export interface ConnectionLeasesOptions {
  budget: ConnectionBudget;
  /** Connections one key may hold over every process (SMTP_MAX_CONNECTIONS_PER_MAILBOX). */
  limit: number;
  /** A lease not renewed for this long lapses (a crashed process's slots free up after it). Default 30 s. */
  ttlMs?: number;
  /** How often a waiter asks again. Default 100 ms, with jitter so waiters do not ask in step. */
  pollMs?: number;
  logger: Logger;
  /**
   * Asks the connections to close `count` of `key`'s connections (idle ones at once, busy ones after
   * their message): other processes queue for the key and this one holds more than its share.
   */
  shed(key: string, count: number): void;
  /** The leases lapsed or could not be renewed in time: their connections must close now. */
  lost(key: string, leaseIds: string[]): void;
}

export interface ConnectionLeases {
  /** Waits for one lease of `key` until it is granted (its id) or `signal` aborts (undefined). */
  acquire(key: string, signal: AbortSignal): Promise<string | undefined>;
  /** Gives back a lease whose connection has closed. */
  release(key: string, leaseId: string): void;
  /** Gives every lease back; call once their connections are closed (e.g. the SMTP thread stopped). */
  releaseAll(): Promise<void>;
  /** Stops renewing and waiting, and gives every lease back; call once the connections are closed. */
  close(): Promise<void>;
}

const maxErrorPauseMs = 2000;

/**
 * This process's side of the connection budget: waits for leases, renews the ones it holds, and
 * gives back what it should. When the budget cannot be reached (Redis down) it fails closed: no new
 * connection opens (sends wait, then go back to the queue as retries — the send limits, which also
 * live in Redis, already hold every delivery then), and connections whose leases could not be
 * renewed before they lapse are closed, since their slots may be someone else's by then.
 */
export function createConnectionLeases(options: ConnectionLeasesOptions): ConnectionLeases {
  const { budget, limit, logger } = options;
  const ttlMs = options.ttlMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  const renewEveryMs = Math.max(10, Math.floor(ttlMs / 3));
  // One waiter per process: its place in each key's queue is this process's.
  const waiterId = randomUUID();
  const held = new Map<string, { leases: Set<string>; renewedAt: number }>();
  let failing = false;
  let closed = false;

  function reachable(): void {
    if (failing) logger.info('the SMTP connection budget answers again');
    failing = false;
  }

  function unreachable(error: unknown, what: string): void {
    if (!failing) logger.warn({ err: error }, `the SMTP connection budget did not answer (${what})`);
    failing = true;
  }

  const pause = (ms: number, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    });

  async function renewAll(): Promise<void> {
    for (const [key, entry] of held) {
      const leaseIds = [...entry.leases];
      if (leaseIds.length === 0) continue;
      try {
        const renewed = await budget.renew(key, waiterId, leaseIds, ttlMs);
        reachable();
        entry.renewedAt = Date.now();
        if (renewed.lost.length > 0) drop(key, renewed.lost);
        const share = Math.ceil(limit / (1 + renewed.waiting));
        const over = entry.leases.size - share;
        if (renewed.waiting > 0 && over > 0) options.shed(key, over);
      } catch (error) {
        unreachable(error, 'renewing leases');
        // The next try could come after they lapse: close them now, while the slots are still ours.
        const lapseIn = entry.renewedAt + ttlMs - Date.now();
        if (lapseIn < renewEveryMs * 1.5) drop(key, leaseIds);
      }
    }
  }

  function drop(key: string, leaseIds: string[]): void {
    const entry = held.get(key);
    for (const id of leaseIds) entry?.leases.delete(id);
    options.lost(key, leaseIds);
  }

  let renewing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    // One round at a time: a slow Redis must not pile renewals up.
    renewing = renewing.then(renewAll);
  }, renewEveryMs);
  timer.unref();

  return {
    async acquire(key, signal) {
      let errors = 0;
      while (!signal.aborted && !closed) {
        try {
          const leaseId = await budget.take(key, waiterId, limit, ttlMs);
          reachable();
          errors = 0;
          if (leaseId && (signal.aborted || closed)) {
            await budget.release(key, leaseId).catch(() => undefined);
            break;
          }
          if (leaseId) {
            const entry = held.get(key) ?? { leases: new Set<string>(), renewedAt: Date.now() };
            if (entry.leases.size === 0) entry.renewedAt = Date.now();
            entry.leases.add(leaseId);
            held.set(key, entry);
            return leaseId;
          }
          await pause(pollMs / 2 + Math.random() * pollMs, signal);
        } catch (error) {
          unreachable(error, 'taking a lease');
          errors++;
          await pause(Math.min(maxErrorPauseMs, pollMs * 2 ** errors), signal);
        }
      }
      // Our place in the queue would keep others waiting until it lapses.
      await budget.leave(key, waiterId).catch(() => undefined);
      return undefined;
    },

    release(key, leaseId) {
      const entry = held.get(key);
      entry?.leases.delete(leaseId);
      if (entry?.leases.size === 0) held.delete(key);
      // Unreachable: it lapses by itself after its TTL.
      budget.release(key, leaseId).catch((error: unknown) => unreachable(error, 'giving a lease back'));
    },

    async releaseAll() {
      const all = [...held].flatMap(([key, entry]) => [...entry.leases].map((id) => ({ key, id })));
      held.clear();
      await Promise.all(all.map(({ key, id }) => budget.release(key, id).catch(() => undefined)));
    },

    async close() {
      closed = true;
      clearInterval(timer);
      await renewing;
      await this.releaseAll();
    },
  };
}
