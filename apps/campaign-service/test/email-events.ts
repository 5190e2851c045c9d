// Builders of the email service's events, as the campaign service receives them on email.events.
import { create } from '@bufbuild/protobuf';
import {
  BounceType,
  DeliveryRefSchema,
  EmailBouncedSchema,
  EmailCancelledSchema,
  EmailFailedSchema,
  EmailRepliedSchema,
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

/** `email.replied` for a sent email, as the Email service reports a reply read from the inbox. */
export function repliedEvent(workspaceId: string, command: EmailSendRequested) {
  return {
    type: eventTypes.emailReplied,
    workspaceId,
    key: command.taskId,
    schema: EmailRepliedSchema,
    message: create(EmailRepliedSchema, {
      delivery: refOf(command),
      email: 'lead@example.com',
      replyMessageId: `<reply-${command.taskId}@example.com>`,
    }),
  };
}

/** A hard `email.bounced` for a delivery: a DSN read from the inbox, or a refusal at RCPT time. */
export function bouncedEvent(workspaceId: string, command: EmailSendRequested) {
  return {
    type: eventTypes.emailBounced,
    workspaceId,
    key: command.taskId,
    schema: EmailBouncedSchema,
    message: create(EmailBouncedSchema, {
      delivery: refOf(command),
      email: 'lead@example.com',
      bounceType: BounceType.HARD,
      smtpCode: 550,
      diagnostic: '5.1.1 user unknown',
    }),
  };
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
