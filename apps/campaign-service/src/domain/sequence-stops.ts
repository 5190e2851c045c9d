import type { VerificationStatusName } from './campaign';
import type { SequenceStateName } from './sequence';

export type StoppedState = Exclude<SequenceStateName, 'active' | 'completed'>;

/** How far an outcome stops sequences: the lead's in its campaign, or the client's in every campaign. */
export interface SequenceStop {
  scope: 'lead' | 'client';
  state: StoppedState;
  reason: string;
}

/**
 * A step that ended failed or unknown (or was suppressed by hand) stops that lead only: a follow-up
 * must never go out after an email that may not have arrived. What the recipient asked for or what
 * their server said for good — unsubscribe, hard bounce, complaint — stops the client everywhere.
 */
export const sequenceStops = {
  failed: { scope: 'lead', state: 'stopped_failed', reason: 'a previous step failed' },
  unknown: { scope: 'lead', state: 'stopped_failed', reason: 'a previous step may not have been delivered' },
  manualSuppression: { scope: 'lead', state: 'stopped_failed', reason: 'the address is suppressed' },
  replied: { scope: 'lead', state: 'stopped_replied', reason: 'the lead replied' },
  unsubscribed: { scope: 'client', state: 'stopped_unsubscribed', reason: 'the lead unsubscribed' },
  bounced: { scope: 'client', state: 'stopped_bounced', reason: 'the address bounced' },
  complained: { scope: 'client', state: 'stopped_complained', reason: 'the lead complained' },
} as const satisfies Record<string, SequenceStop>;

export type SuppressionReasonName = 'unsubscribe' | 'hard_bounce' | 'complaint' | 'manual';

/** The stop an EmailSuppressed causes, by the suppression's reason. */
export function stopForSuppression(reason: SuppressionReasonName): SequenceStop {
  switch (reason) {
    case 'unsubscribe':
      return sequenceStops.unsubscribed;
    case 'hard_bounce':
      return sequenceStops.bounced;
    case 'complaint':
      return sequenceStops.complained;
    case 'manual':
      return sequenceStops.manualSuppression;
  }
}

/**
 * The stop of a lead whose verification status is outside the campaign's when a step falls due
 * (it turned invalid, or was never verified while the campaign sends to valid leads only). It is
 * stopped rather than held: verification may never run (it is off by default), and a campaign
 * waiting for it would never complete and send its follow-ups out of rhythm. The status is read
 * when each step falls due, so verifying leads after adding them and before their first step is
 * due is enough. The reason names the status, so a user sees why in the cancelled task.
 */
export function stopForVerification(status: VerificationStatusName): SequenceStop {
  return {
    scope: 'lead',
    state: 'stopped_failed',
    reason: `verification: ${status} not in the campaign's send-to`,
  };
}
