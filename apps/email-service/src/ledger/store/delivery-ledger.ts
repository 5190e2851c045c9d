import type { DataSource } from 'typeorm';
import type { ClaimedDelivery, DeliveryRecord } from '../claimed-delivery';
import type { LedgerOutcome } from '../delivery-transitions';
import { claimDeliveries, markSending, releaseClaims } from './delivery-claims';
import { recordOutcomes } from './delivery-outcomes';
import { reapExpiredLeases } from './reap-expired-leases';

/**
 * The delivery ledger as the workers see it: every write is guarded by the delivery's fencing
 * token, so a worker that lost its claim (the reaper, another claim) changes nothing.
 */
export interface DeliveryLedger {
  /** Claims due deliveries of campaigns that are not paused (`scheduled → claimed`). */
  claim(input: { workerId: string; limit: number; leaseMs: number }): Promise<ClaimedDelivery[]>;
  /** Gives claims back without an attempt (`claimed → scheduled`), at `scheduledAt` or as they were. */
  release(items: readonly { delivery: DeliveryRecord; scheduledAt: Date | null }[]): Promise<void>;
  /** The suppression check and the guarded `claimed → sending` step (one statement). */
  markSending(
    items: readonly { delivery: DeliveryRecord; subject: string }[],
    leaseMs: number,
  ): Promise<{ attempts: Map<string, number>; suppressed: Map<string, string> }>;
  /** Applies outcomes to rows still `from`, with their email.events; answers the ids that changed. */
  recordOutcomes(from: 'claimed' | 'sending', outcomes: readonly LedgerOutcome[]): Promise<Set<string>>;
  /** Expired leases: `claimed → scheduled`, `sending → unknown`. */
  reapExpiredLeases(): Promise<{ released: number; unknown: number }>;
}

export function createDeliveryLedger(dataSource: DataSource): DeliveryLedger {
  return {
    claim: (input) => claimDeliveries(dataSource, input),
    release: (items) => releaseClaims(dataSource, items),
    markSending: (items, leaseMs) => markSending(dataSource, items, leaseMs),
    recordOutcomes: (from, outcomes) => recordOutcomes(dataSource, from, outcomes),
    reapExpiredLeases: () => reapExpiredLeases(dataSource),
  };
}
