import { isValidTimeZone, nextSendTime, type SendingScheduleLike } from '@coldreach/outreach';
import type { Schedule } from './campaign';

/** The client custom field that holds a recipient's IANA time zone. */
export const recipientTimeZoneField = 'time_zone';

/** The recipient's time zone from its custom fields when it is a valid IANA name, else ''. */
export function recipientTimeZone(customFields: Readonly<Record<string, string>> | undefined): string {
  const zone = customFields?.[recipientTimeZoneField]?.trim() ?? '';
  return zone !== '' && isValidTimeZone(zone) ? zone : '';
}

/** The zone a lead's window is read in: the recipient's when the schedule says so and it is known. */
export function sendingTimeZone(schedule: Schedule, recipientZone: string): string {
  return schedule.useRecipientTimeZone && recipientZone !== '' ? recipientZone : schedule.timeZone;
}

export function scheduleWindow(schedule: Schedule): SendingScheduleLike {
  return {
    days: schedule.days,
    windowStart: schedule.windowStart ?? undefined,
    windowEnd: schedule.windowEnd ?? undefined,
  };
}

/**
 * When a task becomes due: the first instant inside the schedule's window, in `timeZone`, that is
 * not before `notBefore` and not in the past.
 */
export function dueTime(schedule: Schedule, timeZone: string, notBefore: Date, now: Date): Date {
  const from = notBefore.getTime() > now.getTime() ? notBefore : now;
  return nextSendTime(scheduleWindow(schedule), timeZone, from);
}
