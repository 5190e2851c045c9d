import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  BounceType,
  EmailBouncedSchema,
  EmailCancelledSchema,
  EmailFailedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  EmailUnknownSchema,
  LeadUnsubscribedSchema,
  SuppressionReason,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import { deliveryRefOf, type DeliveryRow } from '../ledger/store/delivery-row';
import { clientIdOfAddress } from './client-id-of-address';

// Every event of `email.events`, ready for the outbox: keyed by task id (= delivery id), except
// lead.unsubscribed, keyed by client id (see events.proto).

const source = 'email-service';

/** An email.events outbox row about `row`, keyed by its task id; `occurredAt` is now unless given. */
function emailEvent<Desc extends DescMessage>(
  row: DeliveryRow,
  type: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
  occurredAt?: Date,
): OutboxEventInput {
  const event = createEnvelope({
    type,
    workspaceId: row.workspace_id,
    key: row.id,
    source,
    ...(occurredAt && { occurredAt }),
    payload: { schema, message: create(schema, init) },
  });
  return { ...event, topic: topics.emailEvents };
}

/** The server took the message. */
export function emailSentEvent(row: DeliveryRow, code: number, response: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailSent, EmailSentSchema, {
    delivery: deliveryRefOf(row),
    messageId: row.message_id,
    smtpCode: code,
    smtpResponse: response,
    attempts: row.attempts,
  });
}

/**
 * The delivery failed for good: refused by the server (its SMTP code), or before any attempt (code
 * 0, e.g. its mailbox does not exist).
 */
export function emailFailedEvent(
  row: DeliveryRow,
  failure: { code: number; reason: string },
  occurredAt?: Date,
): OutboxEventInput {
  return emailEvent(
    row,
    eventTypes.emailFailed,
    EmailFailedSchema,
    { delivery: deliveryRefOf(row), smtpCode: failure.code, reason: failure.reason, attempts: row.attempts },
    occurredAt,
  );
}

/** The whole message went out and no reply came back: it may have been delivered. */
export function emailUnknownEvent(row: DeliveryRow, reason: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailUnknown, EmailUnknownSchema, {
    delivery: deliveryRefOf(row),
    messageId: row.message_id,
    reason,
    attempts: row.attempts,
  });
}

/** The recipient was suppressed when the worker checked, so nothing was sent. */
export function emailSuppressedEvent(row: DeliveryRow, reason: SuppressionReason): OutboxEventInput {
  return emailEvent(row, eventTypes.emailSuppressed, EmailSuppressedSchema, {
    delivery: deliveryRefOf(row),
    reason,
  });
}

/** The server refused the recipient at RCPT TO (5xx): the address is suppressed as a hard bounce. */
export function emailHardBouncedEvent(row: DeliveryRow, code: number, diagnostic: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailBounced, EmailBouncedSchema, {
    delivery: deliveryRefOf(row),
    email: normaliseAddress(row.to_address),
    bounceType: BounceType.HARD,
    smtpCode: code,
    diagnostic,
  });
}

/** The delivery was withdrawn before any worker claimed it. */
export function emailCancelledEvent(row: DeliveryRow, now: Date): OutboxEventInput {
  return emailEvent(
    row,
    eventTypes.emailCancelled,
    EmailCancelledSchema,
    { delivery: deliveryRefOf(row) },
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

/** How suppressions store an address: trimmed and lower-cased. */
export function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}
