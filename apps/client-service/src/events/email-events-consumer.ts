import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BounceType,
  EmailBouncedSchema,
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
import { hardBounceVerification } from '../domain/hard-bounce';
import type { VerificationDraft } from '../domain/verification';
import { createVerificationUseCases } from '../domain/verification-use-cases';
import { createClientStore } from '../persistence/client-store';
import { subscribeClientConsumer, type ClientConsumerOptions } from './subscribe-client-consumer';

export type EmailEventsConsumerOptions = ClientConsumerOptions;

/** `email.events` as this service creates it when it is missing (the Email service may create it first). */
export const emailEventsTopic = { name: topics.emailEvents, partitions: 6 };

/**
 * Consumes `email.events` (group client-service.email-events): a hard bounce is the strongest
 * verification there is, so an `email.bounced` of type HARD records {invalid, reason
 * `hard_bounce: <code> <text>`, checked at the event's time} on the delivery's lead, with its
 * `client.verified` (see recordFromEvents), once per delivery. Other types are skipped, `email.failed`
 * included: the Email service also tells every refused recipient as a HARD `email.bounced`, and a
 * failure's 550 may refuse the message at DATA (a spam policy), which says nothing of the address.
 * An `email.bounced` HARD without valid ids is dead-lettered at once. Stop it before the client event
 * relay.
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

/** The verification a hard bounce amounts to; none for any other event. */
function hardBounceOf(envelope: EventEnvelope): BounceDraft[] {
  if (envelope.type !== eventTypes.emailBounced) return [];
  const event = unpackPayload(envelope, EmailBouncedSchema);
  if (event.bounceType !== BounceType.HARD) return [];
  const { delivery } = event;
  const { occurredAt } = envelope;
  const which = `event ${envelope.eventId.slice(0, 64)} (${envelope.type})`;
  if (!delivery) throw invalidMessage(`${which}: delivery is missing`);
  const ids = { event_id: envelope.eventId, workspace_id: envelope.workspaceId, ...deliveryIds(delivery) };
  const bad = Object.entries(ids).find(([, value]) => !isUuid(value));
  if (bad) throw invalidMessage(`${which}: ${bad[0]} must be a UUID`);
  if (!occurredAt) throw invalidMessage(`${which}: occurred_at is missing`);
  return [
    {
      // Once per delivery rather than per event id, as when email.failed told refusals too: event
      // ids alone would do now, but this key also stops a bounce of the delivery told again under
      // another id, and keeps the processed_events rows already written meaning the same.
      eventId: uuidFromParts('hard_bounce', delivery.taskId.toLowerCase()),
      workspaceId: envelope.workspaceId.toLowerCase(),
      clientId: delivery.clientId.toLowerCase(),
      // The address bounced; empty (an older producer): the lead's own, which is what was sent to.
      email: normaliseEmail(event.email) || null,
      verification: hardBounceVerification(event.smtpCode, event.diagnostic, timestampDate(occurredAt)),
    },
  ];
}

function deliveryIds(delivery: DeliveryRef): Record<string, string> {
  return { 'delivery.task_id': delivery.taskId, 'delivery.client_id': delivery.clientId };
}
