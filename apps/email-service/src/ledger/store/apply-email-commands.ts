import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { notFound } from '@coldreach/errors';
import { currentTraceHeaders, writeOutboxEvents } from '@coldreach/outbox';
import type { DeliveryDraft } from '../../domain/delivery';
import { emailCancelledEvent, emailFailedEvent } from '../../events/email-events';
import { deliveryRecordOf, messageIdFor, type DeliveryRow } from './delivery-row';

/** A delivery the insert created (drafts already in the ledger are not among them). */
export interface InsertedDelivery {
  id: string;
  status: string;
}

export interface InsertDeliveriesOptions {
  /**
   * A draft whose mailbox is not in its workspace: `throw` NOT_FOUND (SendEmail), or store it as
   * FAILED with an `email.failed` event (a campaign command, whose task must learn its outcome), as
   * a draft with a `failure` is.
   */
  missingMailbox: 'throw' | 'fail';
}

const columns = [
  'id uuid',
  'workspace_id uuid',
  'campaign_id uuid',
  'step_id uuid',
  'step_position integer',
  'client_id uuid',
  'mailbox_id uuid',
  'to_address text',
  'recipient jsonb',
  'subject_template text',
  'text_body_template text',
  'html_body_template text',
  'schedule jsonb',
  'time_zone text',
  'in_reply_to text',
  'request_id text',
  'status text',
  'scheduled_at timestamptz',
  'last_error text',
  'message_id text',
  'track_opens boolean',
  'track_clicks boolean',
  'trace_context jsonb',
];
const names = columns.map((column) => column.split(' ')[0]).join(', ');

/**
 * Inserts deliveries in the caller's transaction with one statement, whatever their number, and
 * answers the deliveries it inserted: a draft whose id (or request id) is already in the ledger changes
 * nothing, so a redelivered command is harmless. Each mailbox is read FOR SHARE, so DeleteMailbox
 * (which locks it FOR UPDATE before counting open deliveries) never misses one inserted meanwhile.
 */
export async function insertDeliveries(
  manager: EntityManager,
  drafts: readonly DeliveryDraft[],
  options: InsertDeliveriesOptions,
): Promise<InsertedDelivery[]> {
  if (drafts.length === 0) return [];
  const mailboxIds = [...new Set(drafts.map((draft) => draft.mailboxId))];
  const mailboxes = new Map(
    (
      await queryRows<{ id: string; workspace_id: string; from_address: string }>(
        manager,
        'SELECT id, workspace_id, from_address FROM mailboxes WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE',
        [mailboxIds],
      )
    ).map((mailbox) => [mailbox.id, mailbox]),
  );
  const unique = new Map<string, DeliveryDraft>();
  for (const draft of drafts) if (!unique.has(draft.id)) unique.set(draft.id, draft);
  const records = [...unique.values()].map((draft) => {
    const mailbox = mailboxes.get(draft.mailboxId);
    const found = mailbox !== undefined && mailbox.workspace_id === draft.workspaceId;
    if (!found && options.missingMailbox === 'throw') throw notFound(`mailbox ${draft.mailboxId}`);
    const failure = found ? draft.failure : `mailbox ${draft.mailboxId} does not exist in the workspace`;
    return {
      id: draft.id,
      workspace_id: draft.workspaceId,
      campaign_id: draft.campaignId,
      step_id: draft.stepId,
      step_position: draft.stepPosition,
      client_id: draft.clientId,
      mailbox_id: draft.mailboxId,
      to_address: draft.toAddress,
      recipient: draft.recipient,
      subject_template: draft.subjectTemplate,
      text_body_template: draft.textBodyTemplate,
      html_body_template: draft.htmlBodyTemplate,
      schedule: draft.schedule,
      time_zone: draft.timeZone,
      in_reply_to: draft.inReplyTo,
      request_id: draft.requestId,
      status: failure ? 'failed' : 'scheduled',
      scheduled_at: draft.scheduledAt.toISOString(),
      last_error: failure ?? '',
      message_id: messageIdFor(draft.id, found ? mailbox.from_address : ''),
      track_opens: draft.trackOpens ?? false,
      track_clicks: draft.trackClicks ?? false,
      trace_context: draft.traceContext ?? currentTraceHeaders(),
    };
  });
  // Sorted by id, so two members inserting the same batch (during a rebalance) lock in one order.
  // Only ids come back: reading whole rows (recipients, templates) back costs the worker's CPU.
  const inserted = await queryRows<InsertedDelivery>(
    manager,
    `INSERT INTO deliveries (${names})
     SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r(${columns.join(', ')}) ORDER BY id
     ON CONFLICT DO NOTHING RETURNING id, status`,
    [JSON.stringify(records)],
  );
  const failedIds = inserted.filter((row) => row.status === 'failed').map((row) => row.id);
  if (failedIds.length > 0) {
    const failed = await queryRows<DeliveryRow>(
      manager,
      'SELECT * FROM deliveries WHERE id = ANY($1::uuid[])',
      [failedIds],
    );
    const now = new Date();
    await writeOutboxEvents(
      manager,
      failed.map((row) => emailFailedEvent(deliveryRecordOf(row), { code: 0, reason: row.last_error }, now)),
    );
  }
  return inserted;
}

/** One `email.commands` command, decoded: a delivery to schedule, or one to withdraw. */
export type EmailCommand =
  { kind: 'send'; draft: DeliveryDraft } | { kind: 'cancel'; workspaceId: string; taskId: string };

/**
 * Applies commands in order in one transaction: runs of send requests go in one statement (a
 * redelivered one inserts nothing: the delivery id is the task id), a cancel applies after the
 * requests before it. Answers how many deliveries were inserted.
 */
export async function applyEmailCommands(
  dataSource: DataSource,
  commands: readonly EmailCommand[],
): Promise<number> {
  return dataSource.transaction(async (tx) => {
    let count = 0;
    let run: DeliveryDraft[] = [];
    const flush = async (manager: EntityManager) => {
      if (run.length > 0) count += (await insertDeliveries(manager, run, { missingMailbox: 'fail' })).length;
      run = [];
    };
    for (const command of commands) {
      if (command.kind === 'send') {
        run.push(command.draft);
      } else {
        await flush(tx);
        await cancelDeliveries(tx, command.workspaceId, { taskIds: [command.taskId] });
      }
    }
    await flush(tx);
    return count;
  });
}

/** Which deliveries to withdraw: some tasks, or every one of a campaign. */
export type CancelTarget = { taskIds: readonly string[] } | { campaignId: string };

/**
 * Cancels the deliveries of `target` that no worker has claimed yet (PENDING or SCHEDULED) and
 * records EmailCancelled for each, in the caller's transaction. Any other status is left alone: its
 * own outcome event follows. Idempotent: a cancelled delivery is not cancelled again.
 */
export async function cancelDeliveries(
  manager: EntityManager,
  workspaceId: string,
  target: CancelTarget,
): Promise<DeliveryRow[]> {
  const [condition, value] =
    'taskIds' in target
      ? ['id = ANY($2::uuid[])', [...target.taskIds]]
      : ['campaign_id = $2::uuid', target.campaignId];
  // The row lock waits for a claim in progress; the status is then re-checked on the claimed row.
  const cancelled = await queryRows<DeliveryRow>(
    manager,
    `UPDATE deliveries SET status = 'cancelled', updated_at = now()
     WHERE workspace_id = $1 AND ${condition} AND status IN ('pending', 'scheduled') RETURNING *`,
    [workspaceId, value],
  );
  const now = new Date();
  await writeOutboxEvents(
    manager,
    cancelled.map((row) => emailCancelledEvent(deliveryRecordOf(row), now)),
  );
  return cancelled;
}
