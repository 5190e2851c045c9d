import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ClassifiedMessage } from '@coldreach/inbound-mail';
import { writeOutboxEvents, type OutboxEventInput } from '@coldreach/outbox';
import { leadUnsubscribedEvent } from '../events/email-events';
import { deliveryRecordOf, type DeliveryRow } from '../ledger/store/delivery-row';
import { emailBouncedReportEvent, emailComplainedEvent, emailRepliedEvent } from './inbound-events';
import { baseSubject, deliveryIdOfMessageId, smtpCodeOf, type InboundMessage } from './inbound-message';
import {
  findRecorded,
  insertInbound,
  latestSentTo,
  markBounced,
  sentDeliveryById,
  softBounceCount,
  suppressAddress,
  type InboxPosition,
} from './inbound-store';

export interface InboundContext {
  mailbox: { id: string; workspaceId: string };
  /** Where it was read; undefined for an injected message. */
  position?: InboxPosition;
  now: Date;
  /** Soft bounces of one address that suppress it. */
  softBounceThreshold: number;
}

/**
 * Records one classified message and applies its effects (ledger, suppressions, outbox events) in
 * `tx`, the caller's transaction, so they commit with the reader's state or not at all. A message
 * already recorded (same UID, or same Message-ID) changes nothing: its row is answered instead.
 */
export async function applyInboundMessage(
  tx: EntityManager,
  classified: ClassifiedMessage,
  context: InboundContext,
): Promise<{ message: InboundMessage; applied: boolean }> {
  const { mailbox, position } = context;
  const recorded = await findRecorded(tx, mailbox.id, classified.messageId, position);
  if (recorded) return { message: recorded, applied: false };

  const events: OutboxEventInput[] = [];
  const delivery = await matchDelivery(tx, classified, mailbox.id);
  const kind = classified.kind === 'reply' && !delivery ? 'unrelated' : classified.kind;
  const suppress = (email: string, reason: string, note: string, upgradeFrom: string[] = []) =>
    email === ''
      ? Promise.resolve(false)
      : suppressAddress(
          tx,
          { workspaceId: mailbox.workspaceId, email, reason, note, deliveryId: delivery?.id ?? null },
          upgradeFrom,
        );

  if (kind === 'reply' && delivery) {
    events.push(emailRepliedEvent(deliveryRecordOf(delivery), classified.from, classified.messageId));
  }
  if (kind === 'bounce' && classified.bounce) {
    const bounce = {
      ...classified.bounce,
      recipient: classified.bounce.recipient || (delivery?.to_address ?? ''),
    };
    const lastError = [bounce.status, bounce.diagnostic].filter(Boolean).join(' ');
    const bounced =
      delivery && (await markBounced(tx, delivery.id, lastError, smtpCodeOf(bounce.diagnostic)));
    if (bounced) events.push(emailBouncedReportEvent(deliveryRecordOf(bounced), bounce));
    if (delivery && bounce.type === 'hard') await suppress(bounce.recipient, 'hard_bounce', lastError);
    if (delivery && bounce.type === 'soft') {
      // This message is not recorded yet: it is the count's + 1.
      const count = (await softBounceCount(tx, mailbox.workspaceId, bounce.recipient)) + 1;
      if (count >= context.softBounceThreshold)
        await suppress(bounce.recipient, 'hard_bounce', `${count} soft bounces, the last: ${lastError}`);
    }
  }
  if (kind === 'complaint') {
    const email = classified.complaint?.recipient || (delivery?.to_address ?? '');
    await suppress(email, 'complaint', 'feedback report', ['unsubscribe', 'hard_bounce', 'manual']);
    if (delivery) events.push(emailComplainedEvent(deliveryRecordOf(delivery), email));
  }
  if (kind === 'unsubscribe_request' && classified.from !== '') {
    // As the one-click link does: a manual or hard-bounce entry becomes an unsubscribe.
    if (await suppress(classified.from, 'unsubscribe', 'asked by reply', ['manual', 'hard_bounce'])) {
      events.push(
        leadUnsubscribedEvent(
          {
            workspaceId: mailbox.workspaceId,
            clientId: delivery?.client_id ?? '',
            email: classified.from,
            taskId: delivery?.id ?? '',
            campaignId: delivery?.campaign_id ?? '',
          },
          context.now,
        ),
      );
    }
  }

  const message = inboundRecordOf(classified, kind, delivery, context);
  await insertInbound(tx, message, position);
  await writeOutboxEvents(tx, events);
  return { message, applied: true };
}

/**
 * Our delivery the message is about: a Message-ID it names (ours carry the delivery id), else
 * for a person's mail the latest delivery to the sender with the same subject, and for a report the
 * latest delivery to the address it names.
 */
async function matchDelivery(
  tx: EntityManager,
  classified: ClassifiedMessage,
  mailboxId: string,
): Promise<DeliveryRow | undefined> {
  const report = classified.bounce ?? classified.complaint;
  const named = report ? [report.originalMessageId] : classified.refersTo;
  const ids = named
    .map((id: string) => deliveryIdOfMessageId(id))
    .filter((id): id is string => id !== undefined);
  const byId = await sentDeliveryById(tx, mailboxId, ids);
  if (byId) return byId;
  if (report) return latestSentTo(tx, mailboxId, report.recipient);
  return latestSentTo(tx, mailboxId, classified.from, baseSubject(classified.subject));
}

function inboundRecordOf(
  classified: ClassifiedMessage,
  kind: InboundMessage['kind'],
  delivery: DeliveryRow | undefined,
  context: InboundContext,
): InboundMessage {
  return {
    id: randomUUID(),
    workspaceId: context.mailbox.workspaceId,
    mailboxId: context.mailbox.id,
    kind,
    deliveryId: delivery?.id ?? null,
    campaignId: delivery?.campaign_id ?? null,
    clientId: delivery?.client_id ?? null,
    fromAddress: storable(classified.from, 320),
    subject: storable(classified.subject, 998),
    snippet: storable(classified.snippet, 280),
    messageId: storable(classified.messageId, 998),
    receiveTime: context.now,
    bounceType: classified.bounce?.type ?? '',
    bounceStatus: classified.bounce?.status ?? '',
    bouncedAddress: classified.bounce?.recipient || (kind === 'bounce' ? (delivery?.to_address ?? '') : ''),
    returnTime: classified.returnAt ?? null,
  };
}

/** PostgreSQL text holds no NUL; a hostile message must not fail its own transaction forever. */
function storable(text: string, max: number): string {
  return [...text.replaceAll('\u0000', '')]
    .slice(0, max)
    .join('')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
