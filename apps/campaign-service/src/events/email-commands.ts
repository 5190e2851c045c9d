import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  EmailSendCancelRequestedSchema,
  EmailSendRequestedSchema,
  eventTypes,
  topics,
  type Client,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import type { Schedule } from '../domain/campaign';
import { scheduleToProto } from '../grpc/campaign-proto-mapping';
import { eventSource } from './campaign-events';

// Commands to the Email service on `email.commands`, keyed by task id (= delivery id).

export interface SendRequest {
  workspaceId: string;
  taskId: string;
  campaignId: string;
  clientId: string;
  stepId: string;
  stepPosition: number;
  mailboxId: string;
  recipient: Client;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
  scheduledAt: Date;
  schedule: Schedule;
  timeZone: string;
  inReplyToMessageId: string;
}

export function emailSendRequestedEvent(request: SendRequest, now: Date): OutboxEventInput {
  return {
    topic: topics.emailCommands,
    ...createEnvelope({
      type: eventTypes.emailSendRequested,
      workspaceId: request.workspaceId,
      key: request.taskId,
      source: eventSource,
      occurredAt: now,
      payload: {
        schema: EmailSendRequestedSchema,
        message: create(EmailSendRequestedSchema, {
          taskId: request.taskId,
          campaignId: request.campaignId,
          clientId: request.clientId,
          stepId: request.stepId,
          stepPosition: request.stepPosition,
          mailboxId: request.mailboxId,
          recipient: request.recipient,
          subjectTemplate: request.subjectTemplate,
          textBodyTemplate: request.textBodyTemplate,
          htmlBodyTemplate: request.htmlBodyTemplate,
          scheduledAt: timestampFromDate(request.scheduledAt),
          schedule: scheduleToProto(request.schedule),
          timeZone: request.timeZone,
          inReplyToMessageId: request.inReplyToMessageId,
        }),
      },
    }),
  };
}

export function emailSendCancelRequestedEvent(
  task: { workspaceId: string; taskId: string; campaignId: string },
  reason: string,
  now: Date,
): OutboxEventInput {
  return {
    topic: topics.emailCommands,
    ...createEnvelope({
      type: eventTypes.emailSendCancelRequested,
      workspaceId: task.workspaceId,
      key: task.taskId,
      source: eventSource,
      occurredAt: now,
      payload: {
        schema: EmailSendCancelRequestedSchema,
        message: create(EmailSendCancelRequestedSchema, {
          taskId: task.taskId,
          campaignId: task.campaignId,
          reason,
        }),
      },
    }),
  };
}
