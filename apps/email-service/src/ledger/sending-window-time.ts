import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { SendingScheduleSchema } from '@coldreach/contracts';
import { nextSendTime } from '@coldreach/outreach';
import type { DeliveryRow } from './store/delivery-row';

/**
 * When a delivery pushed later (a cap, a throttle, a retry's backoff) may go: the first opening of
 * its campaign's sending window at or after `notBefore`, read in the delivery's time zone.
 * SendEmail deliveries have no window. A schedule that cannot be read (it was validated when the
 * campaign was saved) does not hold the delivery back.
 */
export function nextTimeInSendingWindow(
  row: Pick<DeliveryRow, 'schedule' | 'time_zone'>,
  notBefore: Date,
): Date {
  if (!row.schedule) return notBefore;
  try {
    const schedule = fromJson(SendingScheduleSchema, row.schedule as JsonValue, {
      ignoreUnknownFields: true,
    });
    return nextSendTime(schedule, row.time_zone || schedule.timeZone || 'UTC', notBefore);
  } catch {
    return notBefore;
  }
}
