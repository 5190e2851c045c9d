import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import {
  BounceType,
  EmailBouncedSchema,
  EmailFailedSchema,
  EmailSentSchema,
  EmailSuppressedSchema,
  EmailUnknownSchema,
  SuppressionReason,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import { deliveryRefOf, type DeliveryRow } from '../persistence/delivery-row';

const source = 'email-service';

/** An email.events outbox row about `row`, keyed by its task id. */
function emailEvent<Desc extends DescMessage>(
  row: DeliveryRow,
  type: string,
  schema: Desc,
  init: MessageInitShape<Desc>,
): OutboxEventInput {
  const event = createEnvelope({
    type,
    workspaceId: row.workspace_id,
    key: row.id,
    source,
    payload: { schema, message: create(schema, init) },
  });
  return { ...event, topic: topics.emailEvents };
}

export function emailSentEvent(row: DeliveryRow, code: number, response: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailSent, EmailSentSchema, {
    delivery: deliveryRefOf(row),
    messageId: row.message_id,
    smtpCode: code,
    smtpResponse: response,
    attempts: row.attempts,
  });
}

export function emailFailedEvent(row: DeliveryRow, code: number, reason: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailFailed, EmailFailedSchema, {
    delivery: deliveryRefOf(row),
    smtpCode: code,
    reason,
    attempts: row.attempts,
  });
}

export function emailUnknownEvent(row: DeliveryRow, reason: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailUnknown, EmailUnknownSchema, {
    delivery: deliveryRefOf(row),
    messageId: row.message_id,
    reason,
    attempts: row.attempts,
  });
}

export function emailSuppressedEvent(row: DeliveryRow, reason: SuppressionReason): OutboxEventInput {
  return emailEvent(row, eventTypes.emailSuppressed, EmailSuppressedSchema, {
    delivery: deliveryRefOf(row),
    reason,
  });
}

export function emailHardBouncedEvent(row: DeliveryRow, code: number, diagnostic: string): OutboxEventInput {
  return emailEvent(row, eventTypes.emailBounced, EmailBouncedSchema, {
    delivery: deliveryRefOf(row),
    email: normaliseAddress(row.to_address),
    bounceType: BounceType.HARD,
    smtpCode: code,
    diagnostic,
  });
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
