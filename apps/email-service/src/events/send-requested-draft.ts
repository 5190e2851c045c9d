import { toJson } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ClientSchema, SendingScheduleSchema, type EmailSendRequested } from '@coldreach/contracts';
import { isUuid } from '@coldreach/ids';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { invalidMessage } from '@coldreach/outbox';
import type { DeliveryDraft } from '../domain/delivery';

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
  };
}
