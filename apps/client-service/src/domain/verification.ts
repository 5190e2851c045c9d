import type { Client, VerificationStatusName } from './client';
import { isHardBounce } from './hard-bounce';

/** What a check of an address concluded and why, as recorded on its client. */
export interface Verification {
  /** The lead's status this result gives it (the verifier's verdict mapped onto it). */
  status: VerificationStatusName;
  /** The verifier's own word: safe, risky, invalid or unknown. */
  verdict: string;
  reasons: string[];
  /** The mail host checked; empty when none. */
  mxHost: string;
  checkedAt: Date;
  /** The domain's facts came from the verifier's cache. */
  fromCache: boolean;
}

/** One result to record, validated; any workspace (a consumer's batch spans several). */
export interface VerificationDraft {
  workspaceId: string;
  clientId: string;
  /** The address that was checked, normalised; null: whichever the client has (a bounce naming none). */
  email: string | null;
  verification: Verification;
  /** The event that brought it, lower-case: then it is applied at most once per consumer group. */
  eventId?: string;
}

export type RecordOutcomeName = 'recorded' | 'stale' | 'not_found';

/** A recorded result: the client after it, and its status before. */
export interface RecordedVerification {
  client: Client;
  previousStatus: VerificationStatusName;
}

/**
 * What a result does to the client it names: nothing when the client is not in the draft's workspace
 * (`not_found`), when its address is not the one checked, when the recorded result is a hard bounce
 * and this one is not, or when a result of the same kind checked at the same time or later is
 * recorded already (`stale`: a redelivered or overtaken result). A hard bounce replaces any other
 * result whatever their times.
 */
export function verificationOutcome(
  current: Client | undefined,
  draft: VerificationDraft,
): RecordOutcomeName {
  if (!current || current.workspaceId !== draft.workspaceId) return 'not_found';
  if (draft.email !== null && draft.email !== current.email) return 'stale';
  const recorded = current.verification;
  if (!recorded) return 'recorded';
  // A real server refused a real message: no check says more about the address (issue 14 §3), so
  // only a newer bounce replaces a bounce. The other way round too, so that which of a bounce and a
  // verifier's result arrives first never decides which one the lead keeps.
  const bounce = isHardBounce(draft.verification);
  if (isHardBounce(recorded) !== bounce) return bounce ? 'recorded' : 'stale';
  return recorded.checkedAt.getTime() >= draft.verification.checkedAt.getTime() ? 'stale' : 'recorded';
}

/**
 * Applies `drafts` in order to the clients they name (`current`, by id), a later draft seeing what an
 * earlier one recorded. Answers each draft's outcome, the clients as they end (changed ones only) and
 * one RecordedVerification per recorded draft, in order.
 */
export function applyVerifications(
  current: ReadonlyMap<string, Client>,
  drafts: readonly VerificationDraft[],
  now: Date,
): { outcomes: RecordOutcomeName[]; changed: Map<string, Client>; recorded: RecordedVerification[] } {
  const changed = new Map<string, Client>();
  const recorded: RecordedVerification[] = [];
  const outcomes = drafts.map((draft) => {
    const client = changed.get(draft.clientId) ?? current.get(draft.clientId);
    const outcome = verificationOutcome(client, draft);
    if (outcome !== 'recorded' || !client) return outcome;
    const next: Client = {
      ...client,
      verificationStatus: draft.verification.status,
      verification: draft.verification,
      updateTime: now,
    };
    changed.set(next.id, next);
    recorded.push({ client: next, previousStatus: client.verificationStatus });
    return outcome;
  });
  return { outcomes, changed, recorded };
}
