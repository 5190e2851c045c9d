// Builders of the email service's events, as the campaign service receives them on email.events.
import { create } from '@bufbuild/protobuf';
import {
  DeliveryRefSchema,
  EmailCancelledSchema,
  EmailFailedSchema,
  EmailSendRequestedSchema,
  EmailSentSchema,
  eventTypes,
  LeadUnsubscribedSchema,
  type EmailSendRequested,
  type EventEnvelope,
} from '@coldreach/contracts';
import { unpackPayload } from '@coldreach/outbox';
import type { Harness } from './campaign-harness';

/** The send commands among `envelopes`, unpacked, with their envelope. */
export function sendRequests(envelopes: readonly EventEnvelope[], campaignId?: string) {
  return envelopes
    .filter((envelope) => envelope.type === eventTypes.emailSendRequested)
    .map((envelope) => ({ envelope, command: unpackPayload(envelope, EmailSendRequestedSchema) }))
    .filter(({ command }) => campaignId === undefined || command.campaignId === campaignId);
}

const refOf = (command: EmailSendRequested) =>
  create(DeliveryRefSchema, {
    taskId: command.taskId,
    campaignId: command.campaignId,
    clientId: command.clientId,
    stepId: command.stepId,
    stepPosition: command.stepPosition,
    mailboxId: command.mailboxId,
  });

export const messageIdOf = (command: EmailSendRequested) => `<${command.taskId}@corp.example>`;

/** `email.sent` for a send request, as the Email service reports it. */
export function sentEvent(workspaceId: string, command: EmailSendRequested) {
  return {
    type: eventTypes.emailSent,
    workspaceId,
    key: command.taskId,
    schema: EmailSentSchema,
    message: create(EmailSentSchema, {
      delivery: refOf(command),
      messageId: messageIdOf(command),
      smtpCode: 250,
      smtpResponse: '2.0.0 OK',
      attempts: 1,
    }),
  };
}

export const feedSent = (h: Harness, workspaceId: string, command: EmailSendRequested) =>
  h.feed(sentEvent(workspaceId, command));

export function feedFailed(h: Harness, workspaceId: string, command: EmailSendRequested) {
  return h.feed({
    type: eventTypes.emailFailed,
    workspaceId,
    key: command.taskId,
    schema: EmailFailedSchema,
    message: create(EmailFailedSchema, {
      delivery: refOf(command),
      smtpCode: 550,
      reason: '550 5.1.1 mailbox unavailable',
      attempts: 1,
    }),
  });
}

export function feedCancelled(h: Harness, workspaceId: string, command: EmailSendRequested) {
  return h.feed({
    type: eventTypes.emailCancelled,
    workspaceId,
    key: command.taskId,
    schema: EmailCancelledSchema,
    message: create(EmailCancelledSchema, { delivery: refOf(command) }),
  });
}

export function unsubscribedEvent(workspaceId: string, clientId: string, email: string) {
  return {
    type: eventTypes.leadUnsubscribed,
    workspaceId,
    key: clientId,
    schema: LeadUnsubscribedSchema,
    message: create(LeadUnsubscribedSchema, { clientId, email }),
  };
}

export const feedUnsubscribed = (h: Harness, workspaceId: string, clientId: string, email: string) =>
  h.feed(unsubscribedEvent(workspaceId, clientId, email));
