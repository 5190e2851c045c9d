import type { EntityManager } from 'typeorm';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BounceType,
  EmailBouncedSchema,
  EmailCancelledSchema,
  EmailComplainedSchema,
  EmailFailedSchema,
  EmailRepliedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  EmailUnknownSchema,
  eventTypes,
  LeadUnsubscribedSchema,
  SuppressionReason,
  type DeliveryRef,
  type EventEnvelope,
} from '@coldreach/contracts';
import { isUuid } from '@coldreach/ids';
import { unpackPayload } from '@coldreach/outbox';
import { sequenceStops, stopForSuppression, type SequenceStop } from '../domain/sequence-stops';
import { findCampaign } from '../persistence/campaign-queries';
import { recordTaskOutcome, stopSequences, type TaskRef } from '../persistence/email-outcomes';
import { recordSentOutcomes, type SentOutcome } from '../persistence/sent-outcomes';

const suppressionReasons = {
  [SuppressionReason.UNSUBSCRIBE]: 'unsubscribe',
  [SuppressionReason.HARD_BOUNCE]: 'hard_bounce',
  [SuppressionReason.COMPLAINT]: 'complaint',
} as const;

/** The `email.events` types applyEmailEvent acts on; the consumer skips any other. */
export const appliedEmailEventTypes: ReadonlySet<string> = new Set([
  eventTypes.emailSent,
  eventTypes.emailFailed,
  eventTypes.emailUnknown,
  eventTypes.emailSuppressed,
  eventTypes.emailCancelled,
  eventTypes.emailBounced,
  eventTypes.emailComplained,
  eventTypes.emailReplied,
  eventTypes.leadUnsubscribed,
]);

/**
 * An id from an event, or undefined when it is empty or not a UUID. Our own events leave ids empty
 * where there is none (a SendEmail delivery has no campaign; an address suppressed by hand may be
 * no lead at all): such an event is valid and names nothing to update, so it must not reach SQL.
 */
function idOf(value: string | undefined): string | undefined {
  return value && isUuid(value) ? value.toLowerCase() : undefined;
}

/** Stops sequences for an event about a delivery (bounce, complaint…), whether or not it was a campaign's. */
async function stopFor(
  manager: EntityManager,
  workspaceId: string,
  ref: DeliveryRef | undefined,
  clientId: string | undefined,
  stop: SequenceStop,
  now: Date,
): Promise<boolean> {
  const client = idOf(clientId);
  if (!client) return false;
  return stopSequences(
    manager,
    { workspaceId, clientId: client, campaignId: idOf(ref?.campaignId), exceptTaskId: idOf(ref?.taskId) },
    stop,
    now,
  );
}

/** recordTaskOutcome for the task an event names, if it names one. */
async function recordOutcomeOf(
  manager: EntityManager,
  workspaceId: string,
  ref: DeliveryRef | undefined,
  outcome: Parameters<typeof recordTaskOutcome>[3],
  now: Date,
): Promise<TaskRef | undefined> {
  const taskId = idOf(ref?.taskId);
  return taskId ? recordTaskOutcome(manager, workspaceId, taskId, outcome, now) : undefined;
}

/** A bounced task's last_error, as a failed one reads: the server's code, then its diagnostic. */
export function bounceError(smtpCode: number, diagnostic: string): string {
  const text = diagnostic.trim();
  if (smtpCode <= 0 || text.startsWith(String(smtpCode))) return text || 'bounced';
  return text ? `${smtpCode} ${text}` : String(smtpCode);
}

/**
 * The outcome an `email.sent` envelope reports, or undefined when it is about no task of ours
 * (SendEmail deliveries carry no task id).
 */
export function sentOutcome(envelope: EventEnvelope, now: Date): SentOutcome | undefined {
  const event = unpackPayload(envelope, EmailSentSchema);
  const taskId = event.delivery?.taskId ?? '';
  if (!isUuid(taskId)) return undefined;
  const sentAt = envelope.occurredAt && timestampDate(envelope.occurredAt);
  return {
    workspaceId: envelope.workspaceId,
    taskId,
    campaignId: event.delivery?.campaignId ?? '',
    clientId: event.delivery?.clientId ?? '',
    messageId: event.messageId,
    attempts: event.attempts,
    sentAt: sentAt && !Number.isNaN(sentAt.getTime()) ? sentAt : now,
  };
}

/**
 * Applies one `email.events` envelope to tasks and leads, inside the consumer's transaction (only
 * once processed_events says the event is new, so a redelivered event does nothing). Answers true when a sequence ended, so
 * the caller can look for campaigns that completed. Events about deliveries that are no task of
 * ours (SendEmail) still stop a client that unsubscribed, bounced or complained.
 */
export async function applyEmailEvent(
  manager: EntityManager,
  envelope: EventEnvelope,
  now: Date,
): Promise<boolean> {
  const workspaceId = envelope.workspaceId;
  switch (envelope.type) {
    case eventTypes.emailSent: {
      const sent = sentOutcome(envelope, now);
      return sent ? recordSentOutcomes(manager, [sent], now) : false;
    }
    case eventTypes.emailFailed:
    case eventTypes.emailUnknown: {
      const failed = envelope.type === eventTypes.emailFailed;
      const event = failed
        ? unpackPayload(envelope, EmailFailedSchema)
        : unpackPayload(envelope, EmailUnknownSchema);
      const task = await recordOutcomeOf(
        manager,
        workspaceId,
        event.delivery,
        { status: failed ? 'failed' : 'unknown', attempts: event.attempts, lastError: event.reason },
        now,
      );
      if (!task) return false;
      const stop = failed ? sequenceStops.failed : sequenceStops.unknown;
      return stopSequences(manager, { ...task, exceptTaskId: task.taskId }, stop, now);
    }
    case eventTypes.emailSuppressed: {
      const event = unpackPayload(envelope, EmailSuppressedSchema);
      const reason =
        event.reason in suppressionReasons
          ? suppressionReasons[event.reason as keyof typeof suppressionReasons]
          : 'manual';
      const task = await recordOutcomeOf(
        manager,
        workspaceId,
        event.delivery,
        { status: 'suppressed', lastError: `suppressed: ${reason.replace('_', ' ')}` },
        now,
      );
      const clientId = task?.clientId ?? event.delivery?.clientId;
      return stopFor(manager, workspaceId, event.delivery, clientId, stopForSuppression(reason), now);
    }
    case eventTypes.emailCancelled: {
      const event = unpackPayload(envelope, EmailCancelledSchema);
      await recordOutcomeOf(manager, workspaceId, event.delivery, { status: 'cancelled' }, now);
      return false;
    }
    case eventTypes.emailBounced: {
      const event = unpackPayload(envelope, EmailBouncedSchema);
      if (event.bounceType !== BounceType.HARD) return false;
      const ref = event.delivery;
      // A bounce at RCPT time comes with email.failed for a task never sent, which stays failed;
      // a delivery status notification read later turns the sent task bounced.
      const lastError = bounceError(event.smtpCode, event.diagnostic);
      await recordOutcomeOf(manager, workspaceId, ref, { status: 'bounced', lastError }, now);
      return stopFor(manager, workspaceId, ref, ref?.clientId, sequenceStops.bounced, now);
    }
    case eventTypes.emailComplained: {
      const event = unpackPayload(envelope, EmailComplainedSchema);
      const ref = event.delivery;
      return stopFor(manager, workspaceId, ref, ref?.clientId, sequenceStops.complained, now);
    }
    case eventTypes.emailReplied: {
      const event = unpackPayload(envelope, EmailRepliedSchema);
      const ref = event.delivery;
      // The task shows the reply whether or not the campaign stops on one.
      await recordOutcomeOf(manager, workspaceId, ref, { status: 'replied' }, now);
      const campaignId = idOf(ref?.campaignId);
      if (!campaignId || !idOf(ref?.clientId)) return false;
      const campaign = await findCampaign(manager, campaignId);
      if (!campaign || campaign.workspaceId !== workspaceId || !campaign.stopOnReply) return false;
      return stopFor(manager, workspaceId, ref, ref?.clientId, sequenceStops.replied, now);
    }
    case eventTypes.leadUnsubscribed: {
      const event = unpackPayload(envelope, LeadUnsubscribedSchema);
      // No client id: an address that is no client (the Email service names the client an address
      // has or would have, derived from it, so this is an event from before it did). The
      // suppression itself holds in the Email service, which checks it at every send.
      const clientId = idOf(event.clientId);
      if (!clientId) return false;
      return stopSequences(
        manager,
        { workspaceId, clientId, campaignId: idOf(event.campaignId) },
        sequenceStops.unsubscribed,
        now,
      );
    }
    default:
      return false;
  }
}
