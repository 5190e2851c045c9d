import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BounceType,
  EmailBouncedSchema,
  EmailFailedSchema,
  consumerGroups,
  eventTypes,
  topics,
  type DeliveryRef,
  type EventEnvelope,
} from '@coldreach/contracts';
import { normaliseEmail } from '@coldreach/email-address';
import type { ReceivedMessage, Subscription } from '@coldreach/events';
import { isUuid, uuidFromParts } from '@coldreach/ids';
import { decodeEnvelope, invalidMessage, unpackPayload } from '@coldreach/outbox';
import { hardBounceVerification, isRecipientRefusal } from '../domain/hard-bounce';
import type { VerificationDraft } from '../domain/verification';
import { createVerificationUseCases } from '../domain/verification-use-cases';
import { createClientStore } from '../persistence/client-store';
import { subscribeClientConsumer, type ClientConsumerOptions } from './subscribe-client-consumer';

export type EmailEventsConsumerOptions = ClientConsumerOptions;

/** `email.events` as this service creates it when it is missing (the Email service may create it first). */
export const emailEventsTopic = { name: topics.emailEvents, partitions: 6 };

/**
 * Consumes `email.events` (group client-service.email-events): a hard bounce is the strongest
 * verification there is, so an `email.bounced` of type HARD, or an `email.failed` whose last reply
 * refused the recipient (550, 551, 553), records {invalid, reason `hard_bounce: <code> <text>`,
 * checked at the event's time} on the delivery's lead, with its `client.verified` (see
 * recordFromEvents). Once per delivery: the Email service reports a refusal at RCPT as both events,
 * and a redelivered one changes nothing. Other types are skipped; an event without valid ids is
 * dead-lettered at once. Stop it before the client event relay.
 */
export function startEmailEventsConsumer(options: EmailEventsConsumerOptions): Promise<Subscription> {
  const { logger } = options;
  const groupId = consumerGroups.clientEmailEvents;
  const verifications = createVerificationUseCases(createClientStore(options.shards), options.clock);

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    // Checked before anything is written: an invalid message fails the batch, which is then
    // handled message by message, so only that one goes to the dead letters.
    const bounces = messages.map((message) => decodeEnvelope(message.value)).flatMap(hardBounceOf);
    if (bounces.length === 0) return;
    const outcomes = await verifications.recordFromEvents(groupId, bounces);
    const count = (outcome: string) => outcomes.filter((each) => each === outcome).length;
    logger.debug(
      {
        recorded: count('recorded'),
        stale: count('stale'),
        notFound: count('not_found'),
        duplicates: count('duplicate'),
      },
      'hard bounces from email.events',
    );
  }

  return subscribeClientConsumer(options, { groupId, topic: topics.emailEvents, apply });
}

type BounceDraft = VerificationDraft & { eventId: string };

/** The verification a hard bounce or a refused recipient amounts to; none for any other event. */
function hardBounceOf(envelope: EventEnvelope): BounceDraft[] {
  if (envelope.type === eventTypes.emailBounced) {
    const event = unpackPayload(envelope, EmailBouncedSchema);
    if (event.bounceType !== BounceType.HARD) return [];
    // The address bounced; empty (an older producer): the lead's own, which is what was sent to.
    const email = normaliseEmail(event.email) || null;
    return [bounceDraft(envelope, event.delivery, email, event.smtpCode, event.diagnostic)];
  }
  if (envelope.type === eventTypes.emailFailed) {
    const event = unpackPayload(envelope, EmailFailedSchema);
    if (!isRecipientRefusal(event.smtpCode)) return [];
    // email.failed names no address: a lead's address never changes (its id derives from it).
    return [bounceDraft(envelope, event.delivery, null, event.smtpCode, event.reason)];
  }
  return [];
}

function bounceDraft(
  envelope: EventEnvelope,
  delivery: DeliveryRef | undefined,
  email: string | null,
  smtpCode: number,
  diagnostic: string,
): BounceDraft {
  const which = `event ${envelope.eventId.slice(0, 64)} (${envelope.type})`;
  if (!delivery) throw invalidMessage(`${which}: delivery is missing`);
  const ids = { event_id: envelope.eventId, workspace_id: envelope.workspaceId, ...deliveryIds(delivery) };
  const bad = Object.entries(ids).find(([, value]) => !isUuid(value));
  if (bad) throw invalidMessage(`${which}: ${bad[0]} must be a UUID`);
  if (!envelope.occurredAt) throw invalidMessage(`${which}: occurred_at is missing`);
  return {
    // One bounce per delivery, whichever of its events tells it (and however often).
    eventId: uuidFromParts('hard_bounce', delivery.taskId.toLowerCase()),
    workspaceId: envelope.workspaceId.toLowerCase(),
    clientId: delivery.clientId.toLowerCase(),
    email,
    verification: hardBounceVerification(smtpCode, diagnostic, timestampDate(envelope.occurredAt)),
  };
}

function deliveryIds(delivery: DeliveryRef): Record<string, string> {
  return { 'delivery.task_id': delivery.taskId, 'delivery.client_id': delivery.clientId };
}
