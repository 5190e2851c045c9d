import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { SendingScheduleSchema } from '@coldreach/contracts';
import { nextSendTime } from '@coldreach/outreach';
import type { ClaimedDelivery } from './delivery-transitions';

/**
 * When a delivery pushed later (a cap, a throttle, a retry's backoff) may go: the first opening of
 * its campaign's sending window at or after `notBefore`, read in the delivery's time zone.
 * SendEmail deliveries have no window. A schedule that cannot be read (it was validated when the
 * campaign was saved) does not hold the delivery back.
 */
export function nextTimeInSendingWindow(
  delivery: Pick<ClaimedDelivery, 'schedule' | 'timeZone'>,
  notBefore: Date,
): Date {
  if (!delivery.schedule) return notBefore;
  try {
    const schedule = fromJson(SendingScheduleSchema, delivery.schedule as JsonValue, {
      ignoreUnknownFields: true,
    });
    return nextSendTime(schedule, delivery.timeZone || schedule.timeZone || 'UTC', notBefore);
  } catch {
    return notBefore;
  }
}
