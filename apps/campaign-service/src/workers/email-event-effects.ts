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
import { isUuid } from '@coldreach/db';
import { unpackPayload } from '@coldreach/outbox';
import { sequenceStops, stopForSuppression, type SequenceStop } from '../domain/sequence-stops';
import { findCampaign } from '../persistence/campaign-queries';
import { recordTaskOutcome, stopSequences } from '../persistence/email-outcomes';
import { recordSentOutcomes, type SentOutcome } from '../persistence/sent-outcomes';

const suppressionReasons = {
  [SuppressionReason.UNSUBSCRIBE]: 'unsubscribe',
  [SuppressionReason.HARD_BOUNCE]: 'hard_bounce',
  [SuppressionReason.COMPLAINT]: 'complaint',
} as const;

/** Stops sequences for an event about a delivery (bounce, complaint…), whether or not it was a campaign's. */
async function stopFor(
  manager: EntityManager,
  workspaceId: string,
  ref: DeliveryRef | undefined,
  clientId: string,
  stop: SequenceStop,
  now: Date,
): Promise<boolean> {
  if (!clientId) return false;
  return stopSequences(
    manager,
    {
      workspaceId,
      clientId,
      campaignId: ref?.campaignId || undefined,
      exceptTaskId: ref?.taskId || undefined,
    },
    stop,
    now,
  );
}

/**
 * The outcome an `email.sent` envelope reports, or undefined when it is about no task of ours
 * (SendEmail deliveries carry no task id).
 */
export function sentOutcome(envelope: EventEnvelope, now: Date): SentOutcome | undefined {
  const event = unpackPayload(envelope, EmailSentSchema);
  const taskId = event.delivery?.taskId ?? '';
  if (!isUuid(taskId)) return undefined;
  return {
    workspaceId: envelope.workspaceId,
    taskId,
    campaignId: event.delivery?.campaignId ?? '',
    clientId: event.delivery?.clientId ?? '',
    messageId: event.messageId,
    attempts: event.attempts,
    sentAt: envelope.occurredAt ? timestampDate(envelope.occurredAt) : now,
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
      const task = await recordTaskOutcome(
        manager,
        workspaceId,
        event.delivery?.taskId ?? '',
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
      const task = await recordTaskOutcome(
        manager,
        workspaceId,
        event.delivery?.taskId ?? '',
        { status: 'suppressed', lastError: `suppressed: ${reason.replace('_', ' ')}` },
        now,
      );
      const clientId = task?.clientId ?? event.delivery?.clientId ?? '';
      return stopFor(manager, workspaceId, event.delivery, clientId, stopForSuppression(reason), now);
    }
    case eventTypes.emailCancelled: {
      const event = unpackPayload(envelope, EmailCancelledSchema);
      await recordTaskOutcome(
        manager,
        workspaceId,
        event.delivery?.taskId ?? '',
        { status: 'cancelled' },
        now,
      );
      return false;
    }
    case eventTypes.emailBounced: {
      const event = unpackPayload(envelope, EmailBouncedSchema);
      if (event.bounceType !== BounceType.HARD) return false;
      return stopFor(
        manager,
        workspaceId,
        event.delivery,
        event.delivery?.clientId ?? '',
        sequenceStops.bounced,
        now,
      );
    }
    case eventTypes.emailComplained: {
      const event = unpackPayload(envelope, EmailComplainedSchema);
      const ref = event.delivery;
      return stopFor(manager, workspaceId, ref, ref?.clientId ?? '', sequenceStops.complained, now);
    }
    case eventTypes.emailReplied: {
      const event = unpackPayload(envelope, EmailRepliedSchema);
      const ref = event.delivery;
      if (!ref?.campaignId || !ref.clientId) return false;
      const campaign = await findCampaign(manager, ref.campaignId);
      if (!campaign || campaign.workspaceId !== workspaceId || !campaign.stopOnReply) return false;
      return stopFor(manager, workspaceId, ref, ref.clientId, sequenceStops.replied, now);
    }
    case eventTypes.leadUnsubscribed: {
      const event = unpackPayload(envelope, LeadUnsubscribedSchema);
      return stopSequences(
        manager,
        { workspaceId, clientId: event.clientId, campaignId: event.campaignId || undefined },
        sequenceStops.unsubscribed,
        now,
      );
    }
    default:
      return false;
  }
}
