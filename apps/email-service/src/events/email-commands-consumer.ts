import { setImmediate } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import {
  EmailSendCancelRequestedSchema,
  EmailSendRequestedSchema,
  consumerGroups,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { isUuid } from '@coldreach/ids';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createBatchMessageHandler, decodeEnvelope, invalidMessage, unpackPayload } from '@coldreach/outbox';
import { applyEmailCommands, type EmailCommand } from '../ledger/store/insert-deliveries';
import { sendRequestedDraft } from './send-requested-draft';

export interface EmailCommandsConsumerOptions {
  dataSource: DataSource;
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
export function subscribeEmailCommands(options: EmailCommandsConsumerOptions): Promise<Subscription> {
  const { dataSource, logger } = options;

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    const now = new Date();
    const commands: EmailCommand[] = [];
    for (const [index, message] of messages.entries()) {
      // Decoding hundreds of commands at once would hold up the SMTP replies this process awaits.
      if (index > 0 && index % decodeChunk === 0) await setImmediate();
      commands.push(...parseCommand(message, now));
    }
    if (commands.length === 0) return;
    const inserted = await applyEmailCommands(dataSource, commands);
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
      dataSource,
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
          draft: sendRequestedDraft(
            envelope.workspaceId,
            unpackPayload(envelope, EmailSendRequestedSchema),
            now,
          ),
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
