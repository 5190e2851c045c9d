import { invalidArgument } from '@coldreach/errors';
import { requireUuid } from './client-use-cases';
import type { ClientStore, VerificationOutcome } from './client-store';
import {
  validateVerificationRecords,
  verificationLimits,
  type VerificationRecordInput,
} from './validate-verification-records';
import type { RecordOutcomeName, VerificationDraft } from './verification';

export type VerificationUseCases = ReturnType<typeof createVerificationUseCases>;

/** Verification results reaching leads: from the verifier (RecordVerifications) and from hard bounces. */
export function createVerificationUseCases(store: ClientStore, clock: () => Date = () => new Date()) {
  return {
    /**
     * Records each result on its client unless the client is not in the workspace (`not_found`), its
     * address is not the one checked, a result at least as recent is recorded or the recorded one is a
     * hard bounce and this one is not (`stale`; see verificationOutcome). Any invalid record fails the
     * whole call before anything is written.
     */
    async recordVerifications(
      workspaceId: string,
      records: readonly VerificationRecordInput[],
    ): Promise<RecordOutcomeName[]> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const max = verificationLimits.records;
      if (records.length > max)
        throw invalidArgument([{ field: 'records', message: `must hold at most ${max} records` }]);
      const { values, violations } = validateVerificationRecords(records);
      if (violations.length > 0) throw invalidArgument(violations);
      const outcomes = await store.recordVerifications(
        values.map((value) => ({ ...value, workspaceId: workspace })),
        clock(),
      );
      // Without event ids nothing is a duplicate.
      return outcomes.map((outcome) => (outcome === 'duplicate' ? 'stale' : outcome));
    },

    /**
     * Records results that events brought (hard bounces), each at most once per (consumer group,
     * event id): a redelivered event is a `duplicate` and changes nothing.
     */
    recordFromEvents(
      consumerGroup: string,
      drafts: readonly (VerificationDraft & { eventId: string })[],
    ): Promise<VerificationOutcome[]> {
      return store.recordVerifications(drafts, clock(), consumerGroup);
    },
  };
}
