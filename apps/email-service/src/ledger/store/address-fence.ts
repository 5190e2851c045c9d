import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';

/** One recipient of one workspace: what a suppression names and a send must not race. */
export interface AddressKey {
  workspaceId: string;
  email: string;
}

/**
 * Keeps suppressions and sends to the same address apart, so no SMTP transaction to an address
 * starts after its suppression committed: senders hold a shared lease from their suppression check
 * until their SMTP transactions have ended; adding a suppression takes the exclusive lock inside its
 * transaction, so it waits for the sends in flight and every later send sees it.
 */
export interface AddressFence {
  /** Runs `send` holding shared leases on every key (taken in one sorted order: no deadlocks). */
  whileSending<T>(keys: readonly AddressKey[], send: () => Promise<T>): Promise<T>;
  /**
   * Runs `write` (which adds the suppression) in a transaction that first waits for the sends in
   * flight to `key` and keeps new ones out until it has committed.
   */
  suppressing<T>(key: AddressKey, write: (manager: EntityManager) => Promise<T>): Promise<T>;
}

// pg advisory locks take one bigint; the first 8 bytes of a SHA-256 of the pair are that key.
// A collision only makes two addresses wait for each other now and then.
function lockKey(key: AddressKey): string {
  const digest = createHash('sha256').update(`${key.workspaceId}\u0000${key.email.toLowerCase()}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * PostgreSQL: advisory locks. `whileSending` holds a transaction on its own connection for the
 * length of the sends; a worker that dies drops the connection and with it the leases.
 */
export function createPostgresAddressFence(dataSource: DataSource): AddressFence {
  return {
    async whileSending(keys, send) {
      if (keys.length === 0) return send();
      const sorted = [...new Set(keys.map(lockKey))].sort();
      return dataSource.transaction(async (manager) => {
        await queryRows(
          manager,
          // Ordered in a subquery so the locks are taken in that order.
          'SELECT pg_advisory_xact_lock_shared(k) FROM (SELECT unnest($1::bigint[]) AS k ORDER BY 1) AS keys',
          [sorted],
        );
        return send();
      });
    },
    suppressing(key, write) {
      return dataSource.transaction(async (manager) => {
        await queryRows(manager, 'SELECT pg_advisory_xact_lock($1::bigint)', [lockKey(key)]);
        return write(manager);
      });
    },
  };
}

/**
 * Embedded mode (PGlite, one process, one connection): the same rule with in-process read/write
 * locks, since holding the only connection for the length of an SMTP transaction would stall
 * everything else.
 */
export function createInProcessAddressFence(dataSource: DataSource): AddressFence {
  const locks = new Map<
    string,
    { readers: number; writer: Promise<void> | undefined; drained: (() => void)[] }
  >();
  const entry = (key: string) => {
    let lock = locks.get(key);
    if (!lock) {
      lock = { readers: 0, writer: undefined, drained: [] };
      locks.set(key, lock);
    }
    return lock;
  };
  const release = (key: string) => {
    const lock = locks.get(key);
    if (!lock) return;
    lock.readers--;
    if (lock.readers === 0) {
      for (const wake of lock.drained.splice(0)) wake();
      if (!lock.writer) locks.delete(key);
    }
  };
  return {
    async whileSending(keys, send) {
      const sorted = [...new Set(keys.map(lockKey))].sort();
      const held: string[] = [];
      try {
        for (const key of sorted) {
          // A suppression waiting or running goes first; its writer promise settles at its commit.
          while (entry(key).writer) await entry(key).writer;
          entry(key).readers++;
          held.push(key);
        }
        return await send();
      } finally {
        for (const key of held) release(key);
      }
    },
    async suppressing(key, write) {
      const id = lockKey(key);
      let lock = entry(id);
      while (lock.writer) {
        await lock.writer;
        lock = entry(id);
      }
      let done!: () => void;
      lock.writer = new Promise<void>((resolve) => (done = resolve));
      try {
        if (lock.readers > 0) await new Promise<void>((resolve) => lock.drained.push(resolve));
        return await dataSource.transaction(write);
      } finally {
        lock.writer = undefined;
        done();
        if (lock.readers === 0) locks.delete(id);
      }
    },
  };
}
