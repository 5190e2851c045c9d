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
import type { Step } from '../domain/sequence';
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
  /** The campaign's tracking settings at hand-over. */
  tracking: { opens: boolean; clicks: boolean };
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
          trackOpens: request.tracking.opens,
          trackClicks: request.tracking.clicks,
        }),
      },
    }),
  };
}

/** A task the hand-over hands over now: send no earlier than `scheduledAt`, window read in `timeZone`. */
export interface HandedOverTask {
  task: { id: string; clientId: string; stepId: string; stepPosition: number; mailboxId: string };
  scheduledAt: Date;
  timeZone: string;
}

/**
 * One `email.send.requested` per task handed over, with its step's templates (as the step is now),
 * its recipient as the Client service has it now, and the Message-ID to reply to, if any.
 */
export function emailSendRequestedEvents(
  batch: {
    workspaceId: string;
    campaignId: string;
    schedule: Schedule;
    tracking: { opens: boolean; clicks: boolean };
    handOver: readonly HandedOverTask[];
    steps: ReadonlyMap<string, Step>;
    recipients: ReadonlyMap<string, Client>;
    replyTo: ReadonlyMap<string, string>;
  },
  now: Date,
): OutboxEventInput[] {
  return batch.handOver.map(({ task, scheduledAt, timeZone }) => {
    const step = batch.steps.get(task.stepId);
    return emailSendRequestedEvent(
      {
        workspaceId: batch.workspaceId,
        taskId: task.id,
        campaignId: batch.campaignId,
        clientId: task.clientId,
        stepId: task.stepId,
        stepPosition: step?.position ?? task.stepPosition,
        mailboxId: task.mailboxId,
        recipient: batch.recipients.get(task.clientId) as Client,
        subjectTemplate: step?.subjectTemplate ?? '',
        textBodyTemplate: step?.textBodyTemplate ?? '',
        htmlBodyTemplate: step?.htmlBodyTemplate ?? '',
        scheduledAt,
        schedule: batch.schedule,
        timeZone,
        inReplyToMessageId: batch.replyTo.get(task.clientId) ?? '',
        tracking: batch.tracking,
      },
      now,
    );
  });
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
