import type { components } from '../../gen/api-schema';

export type Delivery = components['schemas']['Delivery'];
export type DeliveryStatus = Delivery['status'];
type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

/**
 * Every status the API can answer, with its words and colour. A Record over the API's own union,
 * so a status added to the API does not compile until it is described here.
 */
const statuses: Record<DeliveryStatus, { label: string; tone: Tone; filter: boolean }> = {
  pending: { label: 'Pending', tone: 'neutral', filter: true },
  scheduled: { label: 'Scheduled', tone: 'info', filter: true },
  claimed: { label: 'Claimed', tone: 'info', filter: true },
  sending: { label: 'Sending', tone: 'info', filter: true },
  sent: { label: 'Sent', tone: 'good', filter: true },
  failed: { label: 'Failed', tone: 'bad', filter: true },
  suppressed: { label: 'Suppressed', tone: 'neutral', filter: true },
  unknown: { label: 'Unknown', tone: 'warn', filter: true },
  cancelled: { label: 'Cancelled', tone: 'neutral', filter: true },
  // A campaign task's status only: the delivery ledger's filter does not take it.
  replied: { label: 'Replied', tone: 'good', filter: false },
  bounced: { label: 'Bounced', tone: 'bad', filter: true },
};

/** The statuses the deliveries list can be filtered by, in the order of a delivery's life. */
export const filterStatuses = (Object.keys(statuses) as DeliveryStatus[]).filter(
  (status) => statuses[status].filter,
);

export function statusLabel(status: DeliveryStatus): string {
  return statuses[status].label;
}

export function statusTone(status: DeliveryStatus): Tone {
  return statuses[status].tone;
}

/** The status of a ?status= query parameter, or undefined (all) for anything the API would refuse. */
export function statusFilterOf(value: string | null): DeliveryStatus | undefined {
  return filterStatuses.find((status) => status === value);
}

/** Only an unknown delivery can be sent again: the API refuses any other (409). */
export function canRetry(delivery: Pick<Delivery, 'status'>): boolean {
  return delivery.status === 'unknown';
}

/** What to say of the last attempt: the SMTP code and the reply, when there was one. */
export function lastReply(delivery: Pick<Delivery, 'lastSmtpCode' | 'lastError'>): string {
  return [delivery.lastSmtpCode, delivery.lastError].filter((part) => part !== null).join(' ');
}
