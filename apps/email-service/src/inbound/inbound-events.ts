import {
  BounceType,
  EmailBouncedSchema,
  EmailComplainedSchema,
  EmailRepliedSchema,
  eventTypes,
} from '@coldreach/contracts';
import type { OutboxEventInput } from '@coldreach/outbox';
import { deliveryRefOf, emailEvent } from '../events/email-events';
import type { DeliveryRecord } from '../ledger/delivery-transitions';
import { smtpCodeOf } from './inbound-message';

// The email.events an inbound message causes, keyed by task id like every other email event.

/** The recipient answered `delivery`: campaigns with stopOnReply stop the lead's sequence. */
export function emailRepliedEvent(
  delivery: DeliveryRecord,
  email: string,
  replyMessageId: string,
): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailReplied, EmailRepliedSchema, {
    delivery: deliveryRefOf(delivery),
    email,
    replyMessageId,
  });
}

/** A bounce report arrived for `delivery`. */
export function emailBouncedReportEvent(
  delivery: DeliveryRecord,
  bounce: { type: 'hard' | 'soft'; recipient: string; diagnostic: string },
): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailBounced, EmailBouncedSchema, {
    delivery: deliveryRefOf(delivery),
    email: bounce.recipient,
    bounceType: bounce.type === 'hard' ? BounceType.HARD : BounceType.SOFT,
    smtpCode: smtpCodeOf(bounce.diagnostic),
    diagnostic: bounce.diagnostic,
  });
}

/** The recipient of `delivery` reported it as spam. */
export function emailComplainedEvent(delivery: DeliveryRecord, email: string): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailComplained, EmailComplainedSchema, {
    delivery: deliveryRefOf(delivery),
    email,
  });
}
