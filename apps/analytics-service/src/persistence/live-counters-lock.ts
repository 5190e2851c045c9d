import type { EntityManager } from 'typeorm';
import { assertInTransaction } from '@coldreach/db';

// An arbitrary, fixed advisory lock key: "analytics live counters".
const liveCountersLockKey = 7_312_486_001;

/**
 * Takes the transaction-level lock on the live counters: shared by every live consumer batch,
 * exclusive by a rebuild while it catches up the last events and swaps its schema in. Taken before
 * anything else in the transaction, so a waiting batch sees the swapped schema once it goes on.
 */
export async function takeLiveCountersLock(
  manager: EntityManager,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  assertInTransaction(manager, 'takeLiveCountersLock');
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await manager.query(`SELECT ${fn}($1::bigint)`, [liveCountersLockKey]);
}
