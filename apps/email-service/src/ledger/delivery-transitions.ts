import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { SendingScheduleSchema } from '@coldreach/contracts';
import { nextSendTime } from '@coldreach/outreach';
import { cappedBackoffMs } from '@coldreach/process';
import type { Delivery, DeliveryDraft, DeliveryStatusName } from '../domain/delivery';
import type { CaughtMessageDraft } from '../sending/catcher-transport';
import type { SmtpOutcome } from './classify-smtp-outcome';

// The ledger's rules, without I/O: where a claimed delivery goes after each step of a worker. The
// store (ledger/store) applies them under the delivery's fencing token; the loops (sending/) run them.
//
//   scheduled ─claim→ claimed ─mark sending→ sending ─SMTP outcome→ sent | failed | unknown | scheduled (retry)
//   claimed ─unusable→ failed · claimed ─suppressed→ suppressed · claimed ─held by a limit→ scheduled
//   claimed ─lease expired→ scheduled · sending ─lease expired→ unknown

/** What the ledger's writes and every email event need of one delivery. */
export type DeliveryRecord = Pick<
  Delivery,
  | 'id'
  | 'workspaceId'
  | 'campaignId'
  | 'stepId'
  | 'stepPosition'
  | 'clientId'
  | 'mailboxId'
  | 'toAddress'
  | 'status'
  | 'attempts'
  | 'messageId'
> & {
  /** The claim the record was read under (a bigint, as a string); writes only apply while it holds. */
  fencingToken: string;
};

/** The sender of a claimed delivery, as its mailbox is now. */
export interface ClaimedMailbox {
  fromName: string;
  fromAddress: string;
  /** Null: the default SMTP URL, or the catcher when there is none. */
  smtpUrlSealed: string | null;
  dailyCap: number;
  domainHourlyCap: number;
}

/** A delivery a worker claimed, with what it needs to render and send it (the draft's templates). */
export type ClaimedDelivery = DeliveryRecord &
  Pick<
    DeliveryDraft,
    | 'recipient'
    | 'subjectTemplate'
    | 'textBodyTemplate'
    | 'htmlBodyTemplate'
    | 'schedule'
    | 'timeZone'
    | 'inReplyTo'
    | 'trackOpens'
    | 'trackClicks'
  > & {
    /** W3C trace headers of what scheduled the delivery (none: the send starts a trace). */
    traceContext?: Record<string, string>;
    /** Undefined when the mailbox no longer exists (or has no sender address). */
    mailbox: ClaimedMailbox | undefined;
  };

/** Where one delivery ends up after a step of the worker, and what is recorded with it. */
export type LedgerOutcome =
  | { delivery: DeliveryRecord; status: 'sent'; code: number; response: string; caught?: CaughtMessageDraft }
  | { delivery: DeliveryRecord; status: 'failed'; code: number; reason: string; bounce?: boolean }
  | { delivery: DeliveryRecord; status: 'unknown'; reason: string }
  | { delivery: DeliveryRecord; status: 'suppressed'; suppressionReason: string }
  /** A retry: back to `scheduled` at `scheduledAt`, with the error that caused it. */
  | { delivery: DeliveryRecord; status: 'scheduled'; code: number; reason: string; scheduledAt: Date };

export interface RetryPolicy {
  /** SMTP attempts before a delivery that keeps getting 4xx (or no connection) fails. */
  maxAttempts: number;
  /** Pause after the first failed attempt, doubling after each further one. */
  backoffMs: number;
}

export const caughtResponse = 'caught: kept in the catcher (caught messages), not sent to any server';

export const mailboxGoneReason = 'the mailbox of this delivery no longer exists';

export const abandonedSendReason =
  'the worker sending it stopped before the SMTP outcome was recorded; it may have been delivered';

/**
 * An expired lease: a `claimed` delivery goes back to `scheduled` (the next claim takes a new
 * fencing token); a `sending` one had an SMTP transaction whose outcome was never recorded, so it
 * becomes `unknown` and is never sent again by itself.
 */
export const afterExpiredLease = {
  claimed: 'scheduled',
  sending: 'unknown',
} as const satisfies Partial<Record<DeliveryStatusName, DeliveryStatusName>>;

/** A claimed delivery that cannot be sent at all: its mailbox is gone, or it does not render. */
export function unusableOutcome(delivery: ClaimedDelivery, renderProblem?: string): LedgerOutcome {
  const reason =
    renderProblem === undefined ? mailboxGoneReason : `the email could not be rendered: ${renderProblem}`;
  return { delivery, status: 'failed', code: 0, reason };
}

/** A catcher "send": kept as a caught message, or failed when the message cannot be built. */
export function caughtOutcome(
  delivery: DeliveryRecord,
  caught: { draft: CaughtMessageDraft } | { problem: string },
): LedgerOutcome {
  if ('problem' in caught) {
    return {
      delivery,
      status: 'failed',
      code: 0,
      reason: `the message could not be built: ${caught.problem}`,
    };
  }
  return { delivery, status: 'sent', code: 0, response: caughtResponse, caught: caught.draft };
}

/**
 * The next state after an SMTP attempt (the delivery's `attempts` counts it): a retry goes back to
 * `scheduled` after a doubling backoff, in the campaign's sending window, until `maxAttempts`;
 * `unknown` (the message may have been delivered) is final.
 */
export function outcomeOfAttempt(
  delivery: DeliveryRecord & Pick<ClaimedDelivery, 'schedule' | 'timeZone'>,
  outcome: SmtpOutcome,
  retry: RetryPolicy,
  now: Date,
): LedgerOutcome {
  switch (outcome.kind) {
    case 'sent':
      return { delivery, status: 'sent', code: outcome.code, response: outcome.response };
    case 'failed':
      return {
        delivery,
        status: 'failed',
        code: outcome.code,
        reason: outcome.reason,
        bounce: outcome.bounce,
      };
    case 'unknown':
      return { delivery, status: 'unknown', reason: outcome.reason };
    case 'retry': {
      if (delivery.attempts >= retry.maxAttempts) {
        const reason = `${outcome.reason} (gave up after ${delivery.attempts} attempts)`;
        return { delivery, status: 'failed', code: outcome.code, reason };
      }
      const backoffMs = cappedBackoffMs(delivery.attempts - 1, { baseMs: retry.backoffMs, maxMs: Infinity });
      const scheduledAt = nextTimeInSendingWindow(delivery, new Date(now.getTime() + backoffMs));
      return { delivery, status: 'scheduled', code: outcome.code, reason: outcome.reason, scheduledAt };
    }
  }
}

/**
 * When a claim the send limits hold goes back to `scheduled`: at the limit's `retryAt` (in the
 * sending window), or at its current time (null) when the limiter did not answer — no send without
 * a count, and no attempt counted.
 */
export function releasedAt(
  delivery: Pick<ClaimedDelivery, 'schedule' | 'timeZone'>,
  decision: { retryAt: Date } | 'limiter unavailable',
): Date | null {
  return decision === 'limiter unavailable' ? null : nextTimeInSendingWindow(delivery, decision.retryAt);
}

/** `deliveries.last_error` after an outcome. */
export function lastErrorOf(outcome: LedgerOutcome): string {
  switch (outcome.status) {
    case 'sent':
      return '';
    case 'suppressed':
      return `suppressed (${outcome.suppressionReason})`;
    default:
      return outcome.reason;
  }
}

/**
 * How long an SMTP attempt may take (it may queue for a pooled connection, connect, be greeted and
 * wait three times for a silent server; past that it is cut, unknown if the message had been handed
 * over), and the `sending` lease: longer than any attempt, so the reaper only takes sends whose
 * worker is gone.
 */
export function sendingLimits(
  smtp: { connectionTimeoutMs: number; greetingTimeoutMs: number; socketTimeoutMs: number },
  claimLeaseMs: number,
): { sendDeadlineMs: number; sendingLeaseMs: number } {
  const sendDeadlineMs = smtp.connectionTimeoutMs + smtp.greetingTimeoutMs + 3 * smtp.socketTimeoutMs;
  return { sendDeadlineMs, sendingLeaseMs: sendDeadlineMs + claimLeaseMs };
}

/**
 * How many deliveries the claim loop may claim now (0: wait). Once some are in flight it claims
 * again only when a quarter of the slots are free: fewer, larger batches (each costs a few
 * statements) while the rest keep the SMTP connections busy.
 */
export function claimableNow(slots: {
  concurrency: number;
  inFlight: number;
  batchesHoldingConnections: number;
  maxBatchesInFlight: number;
}): number {
  const free = slots.concurrency - slots.inFlight;
  const minClaim = Math.max(1, Math.ceil(slots.concurrency / 4));
  if (slots.batchesHoldingConnections >= slots.maxBatchesInFlight) return 0;
  return free < (slots.inFlight > 0 ? minClaim : 1) ? 0 : free;
}

/** How suppressions store an address, and how the fence and the limits key it: trimmed and lower-cased. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}

/**
 * When a delivery pushed later (a cap, a throttle, a retry's backoff) may go: the first opening of
 * its campaign's sending window at or after `notBefore`, read in the delivery's time zone.
 * SendEmail deliveries have no window. A schedule that cannot be read (it was validated when the
 * campaign was saved) does not hold the delivery back.
 */
export function nextTimeInSendingWindow(
  delivery: Pick<ClaimedDelivery, 'schedule' | 'timeZone'>,
  notBefore: Date,
): Date {
  if (!delivery.schedule) return notBefore;
  try {
    const schedule = fromJson(SendingScheduleSchema, delivery.schedule as JsonValue, {
      ignoreUnknownFields: true,
    });
    return nextSendTime(schedule, delivery.timeZone || schedule.timeZone || 'UTC', notBefore);
  } catch {
    return notBefore;
  }
}
