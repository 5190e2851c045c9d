import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  BounceType,
  DeliveryRefSchema,
  EmailBouncedSchema,
  EmailCancelledSchema,
  EmailFailedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  EmailUnknownSchema,
  LeadUnsubscribedSchema,
  SuppressionReason,
  eventTypes,
  type DeliveryRef,
  topics,
} from '@coldreach/contracts';
import { clientIdOfAddress } from '@coldreach/email-address';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import { normaliseAddress, type DeliveryRecord } from '../ledger/delivery-transitions';

// Every event of `email.events`, ready for the outbox: keyed by task id (= delivery id), except
// lead.unsubscribed, keyed by client id (see events.proto).

const source = 'email-service';

/** An email.events outbox row about `delivery`, keyed by its task id; `occurredAt` is now unless given. */
export function emailEvent<Desc extends DescMessage>(
  delivery: DeliveryRecord,
  type: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
  occurredAt?: Date,
): OutboxEventInput {
  const event = createEnvelope({
    type,
    workspaceId: delivery.workspaceId,
    key: delivery.id,
    source,
    ...(occurredAt && { occurredAt }),
    payload: { schema, message: create(schema, init) },
  });
  return { ...event, topic: topics.emailEvents };
}

/** The DeliveryRef every email event carries. */
export function deliveryRefOf(delivery: DeliveryRecord): DeliveryRef {
  return create(DeliveryRefSchema, {
    taskId: delivery.id,
    campaignId: delivery.campaignId ?? '',
    clientId: delivery.clientId,
    stepId: delivery.stepId ?? '',
    stepPosition: delivery.stepPosition,
    mailboxId: delivery.mailboxId,
  });
}

/** The server took the message. */
export function emailSentEvent(delivery: DeliveryRecord, code: number, response: string): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailSent, EmailSentSchema, {
    delivery: deliveryRefOf(delivery),
    messageId: delivery.messageId,
    smtpCode: code,
    smtpResponse: response,
    attempts: delivery.attempts,
  });
}

/**
 * The delivery failed for good: refused by the server (its SMTP code), or before any attempt (code
 * 0, e.g. its mailbox does not exist).
 */
export function emailFailedEvent(
  delivery: DeliveryRecord,
  failure: { code: number; reason: string },
  occurredAt?: Date,
): OutboxEventInput {
  return emailEvent(
    delivery,
    eventTypes.emailFailed,
    EmailFailedSchema,
    {
      delivery: deliveryRefOf(delivery),
      smtpCode: failure.code,
      reason: failure.reason,
      attempts: delivery.attempts,
    },
    occurredAt,
  );
}

/** The whole message went out and no reply came back: it may have been delivered. */
export function emailUnknownEvent(delivery: DeliveryRecord, reason: string): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailUnknown, EmailUnknownSchema, {
    delivery: deliveryRefOf(delivery),
    messageId: delivery.messageId,
    reason,
    attempts: delivery.attempts,
  });
}

/** The recipient was suppressed when the worker checked, so nothing was sent. */
export function emailSuppressedEvent(delivery: DeliveryRecord, reason: SuppressionReason): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailSuppressed, EmailSuppressedSchema, {
    delivery: deliveryRefOf(delivery),
    reason,
  });
}

/** The server refused the recipient at RCPT TO (5xx): the address is suppressed as a hard bounce. */
export function emailHardBouncedEvent(
  delivery: DeliveryRecord,
  code: number,
  diagnostic: string,
): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailBounced, EmailBouncedSchema, {
    delivery: deliveryRefOf(delivery),
    email: normaliseAddress(delivery.toAddress),
    bounceType: BounceType.HARD,
    smtpCode: code,
    diagnostic,
  });
}

/** The delivery was withdrawn before any worker claimed it. */
export function emailCancelledEvent(delivery: DeliveryRecord, now: Date): OutboxEventInput {
  return emailEvent(
    delivery,
    eventTypes.emailCancelled,
    EmailCancelledSchema,
    { delivery: deliveryRefOf(delivery) },
    now,
  );
}

export interface LeadUnsubscribedInput {
  workspaceId: string;
  /** Empty when no delivery to the address is known (an entry added by hand): derived from the address. */
  clientId: string;
  email: string;
  /** The delivery whose link was used; empty when added by hand. */
  taskId: string;
  campaignId: string;
}

/**
 * The recipient unsubscribed from the workspace: the Campaign service stops the client's sequences.
 * An address suppressed by hand that was never emailed still names its client: the id the address
 * has as a lead, or will have if it becomes one (client ids are derived from the address), so the
 * event always says who, and a lead added to a campaign later is stopped the same way.
 */
export function leadUnsubscribedEvent(input: LeadUnsubscribedInput, now: Date): OutboxEventInput {
  const clientId = input.clientId || clientIdOfAddress(input.workspaceId, input.email);
  return {
    topic: topics.emailEvents,
    ...createEnvelope({
      type: eventTypes.leadUnsubscribed,
      workspaceId: input.workspaceId,
      key: clientId,
      source,
      occurredAt: now,
      payload: {
        schema: LeadUnsubscribedSchema,
        message: create(LeadUnsubscribedSchema, {
          clientId,
          email: input.email,
          taskId: input.taskId,
          campaignId: input.campaignId,
        }),
      },
    }),
  };
}

const reasons: Record<string, SuppressionReason> = {
  unsubscribe: SuppressionReason.UNSUBSCRIBE,
  hard_bounce: SuppressionReason.HARD_BOUNCE,
  complaint: SuppressionReason.COMPLAINT,
  manual: SuppressionReason.MANUAL,
};

/** The enum value of a `suppressions.reason` column value. */
export function suppressionReasonOf(stored: string): SuppressionReason {
  return reasons[stored] ?? SuppressionReason.UNSPECIFIED;
}
