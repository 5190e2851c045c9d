import { setImmediate } from 'node:timers/promises';
import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  ClientSchema,
  EmailSendCancelRequestedSchema,
  EmailSendRequestedSchema,
  SendingScheduleSchema,
  consumerGroups,
  eventTypes,
  topics,
  type EmailSendRequested,
} from '@coldreach/contracts';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import type { ShardSet } from '@coldreach/db';
import { isUuid } from '@coldreach/ids';
import { traceHeadersOf, type EventBus, type ReceivedMessage, type Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createBatchMessageHandler, decodeEnvelope, invalidMessage, unpackPayload } from '@coldreach/outbox';
import type { DeliveryDraft } from '../domain/delivery';
import { groupByWorkspaceShard } from '../email-database';
import { applyEmailCommands, type EmailCommand } from '../ledger/store/apply-email-commands';

export interface EmailCommandsConsumerOptions {
  /** The email shards: each command applies on its workspace's; the first holds the dead letters. */
  shards: ShardSet;
  bus: EventBus;
  logger: Logger;
  /** Called after new deliveries committed, so idle workers claim them at once. */
  wakeWorkers: () => void;
}

const decodeChunk = 50;

/**
 * Consumes `email.commands` (group email-service.workers): each `email.send.requested` becomes a
 * SCHEDULED delivery (one INSERT for a whole batch; a redelivered command inserts nothing, since the
 * delivery id is the task id), each `email.send.cancel_requested` cancels its delivery if no worker
 * has claimed it. Both are idempotent by the ledger's state, so no processed_events row is needed.
 */
export function startEmailCommandsConsumer(options: EmailCommandsConsumerOptions): Promise<Subscription> {
  const { shards, logger } = options;

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    const now = new Date();
    const commands: EmailCommand[] = [];
    for (const [index, message] of messages.entries()) {
      // Decoding hundreds of commands at once would hold up the SMTP replies this process awaits.
      if (index > 0 && index % decodeChunk === 0) await setImmediate();
      commands.push(...parseCommand(message, now));
    }
    if (commands.length === 0) return;
    // One statement per shard. Not atomic across shards, and need not be: a redelivered batch
    // inserts nothing twice (the delivery id is the task id) and cancels nothing twice.
    let inserted = 0;
    const workspaceOf = (command: EmailCommand) =>
      command.kind === 'send' ? command.draft.workspaceId : command.workspaceId;
    // In order per shard: a cancel still follows the request it cancels (both on their workspace's).
    for (const [index, shardCommands] of groupByWorkspaceShard(shards, commands, workspaceOf))
      inserted += await applyEmailCommands(shards.shards[index]!, shardCommands);
    if (inserted > 0) {
      logger.debug({ count: inserted }, 'deliveries scheduled from email.commands');
      options.wakeWorkers();
    }
  }

  return options.bus.subscribe({
    groupId: consumerGroups.emailWorkers,
    topics: [topics.emailCommands],
    handleBatch: createBatchMessageHandler({
      groupId: consumerGroups.emailWorkers,
      dataSource: shards.shards[0]!,
      logger,
      handle: apply,
    }),
  });
}

function parseCommand(message: ReceivedMessage, now: Date): EmailCommand[] {
  const envelope = decodeEnvelope(message.value);
  switch (envelope.type) {
    case eventTypes.emailSendRequested:
      return [
        {
          kind: 'send',
          draft: {
            ...sendRequestedDraft(
              envelope.workspaceId,
              unpackPayload(envelope, EmailSendRequestedSchema),
              now,
            ),
            // The command's own trace, not the batch's: the send happens later, one delivery at a time.
            traceContext: traceHeadersOf(message.headers),
          },
        },
      ];
    case eventTypes.emailSendCancelRequested: {
      const command = unpackPayload(envelope, EmailSendCancelRequestedSchema);
      for (const [field, value] of [
        ['workspace_id', envelope.workspaceId],
        ['task_id', command.taskId],
      ] as const) {
        if (!isUuid(value)) throw invalidMessage(`email.send.cancel_requested: ${field} must be a UUID`);
      }
      return [
        {
          kind: 'cancel',
          workspaceId: envelope.workspaceId.toLowerCase(),
          taskId: command.taskId.toLowerCase(),
        },
      ];
    }
    default:
      // A command type this version does not know: skip it rather than stall the partition.
      return [];
  }
}

/**
 * The delivery an `email.send.requested` command asks for. Ids that are not UUIDs make the command
 * unusable (an InvalidMessageError: it goes to the dead letters at once); a command without a usable recipient still
 * becomes a delivery, a FAILED one, so its task learns the outcome.
 */
export function sendRequestedDraft(
  workspaceId: string,
  command: EmailSendRequested,
  now: Date,
): DeliveryDraft {
  const id = (value: string, name: string, optional = false): string | null => {
    if (optional && value === '') return null;
    if (!isUuid(value)) throw invalidMessage(`email.send.requested: ${name} must be a UUID`);
    return value.toLowerCase();
  };
  const toAddress = normaliseEmail(command.recipient?.email ?? '');
  const problem = emailProblem(toAddress);
  return {
    id: id(command.taskId, 'task_id')!,
    workspaceId: id(workspaceId, 'workspace_id')!,
    campaignId: id(command.campaignId, 'campaign_id', true),
    stepId: id(command.stepId, 'step_id', true),
    stepPosition: command.stepPosition,
    clientId: id(command.clientId, 'client_id')!,
    mailboxId: id(command.mailboxId, 'mailbox_id')!,
    toAddress,
    recipient: command.recipient ? (toJson(ClientSchema, command.recipient) as Record<string, unknown>) : {},
    subjectTemplate: command.subjectTemplate,
    textBodyTemplate: command.textBodyTemplate,
    htmlBodyTemplate: command.htmlBodyTemplate,
    schedule: command.schedule
      ? (toJson(SendingScheduleSchema, command.schedule) as Record<string, unknown>)
      : null,
    timeZone: command.timeZone || 'UTC',
    inReplyTo: command.inReplyToMessageId,
    requestId: null,
    scheduledAt: command.scheduledAt ? timestampDate(command.scheduledAt) : now,
    failure: problem && `the recipient address ${problem}`,
    trackOpens: command.trackOpens,
    trackClicks: command.trackClicks,
  };
}
