import { EmailClickedSchema, EmailOpenedSchema, eventTypes } from '@coldreach/contracts';
import type { OutboxEventInput } from '@coldreach/outbox';
import { deliveryRefOf, emailEvent } from '../events/email-events';
import type { DeliveryRecord } from '../ledger/delivery-transitions';
import type { HitVerdict } from './automated-hit';

// The email.events a tracking hit causes, keyed by task id like every other email event. Each hit
// is one event (a replayed pixel or link too): the analytics service counts unique ones per delivery.

/** The open pixel of `delivery` was loaded. */
export function emailOpenedEvent(delivery: DeliveryRecord, verdict: HitVerdict): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailOpened, EmailOpenedSchema, {
    delivery: deliveryRefOf(delivery),
    automated: verdict.automated,
    automatedReason: verdict.reason,
  });
}

/** The `linkIndex`th tracked link of `delivery`, to `url`, was followed. */
export function emailClickedEvent(
  delivery: DeliveryRecord,
  link: { linkIndex: number; url: string },
  verdict: HitVerdict,
): OutboxEventInput {
  return emailEvent(delivery, eventTypes.emailClicked, EmailClickedSchema, {
    delivery: deliveryRefOf(delivery),
    linkIndex: link.linkIndex,
    url: link.url,
    automated: verdict.automated,
    automatedReason: verdict.reason,
  });
}
