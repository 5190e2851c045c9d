import { create } from '@bufbuild/protobuf';
import {
  EmailCancelledSchema,
  EmailFailedSchema,
  LeadUnsubscribedSchema,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import { deliveryRefOf, type DeliveryRow } from '../persistence/delivery-row';
import { clientIdOfAddress } from './client-id-of-address';

// The API side's events on `email.events`, ready for the outbox: keyed by task id (= delivery id),
// except lead.unsubscribed, keyed by client id (see events.proto).

const source = 'email-service';

/** The delivery was withdrawn before any worker claimed it. */
export function emailCancelledEvent(row: DeliveryRow, now: Date): OutboxEventInput {
  return {
    topic: topics.emailEvents,
    ...createEnvelope({
      type: eventTypes.emailCancelled,
      workspaceId: row.workspace_id,
      key: row.id,
      source,
      occurredAt: now,
      payload: {
        schema: EmailCancelledSchema,
        message: create(EmailCancelledSchema, { delivery: deliveryRefOf(row) }),
      },
    }),
  };
}

/** The delivery failed before any attempt (e.g. its mailbox does not exist). */
export function emailFailedEvent(row: DeliveryRow, reason: string, now: Date): OutboxEventInput {
  return {
    topic: topics.emailEvents,
    ...createEnvelope({
      type: eventTypes.emailFailed,
      workspaceId: row.workspace_id,
      key: row.id,
      source,
      occurredAt: now,
      payload: {
        schema: EmailFailedSchema,
        message: create(EmailFailedSchema, {
          delivery: deliveryRefOf(row),
          smtpCode: 0,
          reason,
          attempts: row.attempts,
        }),
      },
    }),
  };
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
