import type { components } from '../../gen/api-schema';

type Schedule = components['schemas']['Campaign']['schedule'];
type Day = NonNullable<Schedule['days']>[number];

const dayNames: Day[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const shortDay = (day: Day) => day.slice(0, 1).toUpperCase() + day.slice(1, 3);

/**
 * Why a launched campaign sends nothing right now, when the reason is its own schedule: it is
 * outside the sending days or hours in the campaign's time zone (emails wait until the window
 * opens). Null when the window is open, or when it depends on each lead's own time zone. A person
 * who launches on a Saturday evening should read this, not wonder why nothing arrived.
 */
export function closedWindowNotice(schedule: Schedule, now: Date): string | null {
  if (schedule.useRecipientTimeZone) return null;
  const timeZone = schedule.timeZone || 'UTC';
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase() as Day;
  const time = `${part('hour')}:${part('minute')}`;
  const days = schedule.days ?? [];
  const dayOpen = days.length === 0 || days.includes(day);
  const { windowStart, windowEnd } = schedule;
  const hoursOpen = !windowStart || !windowEnd || (time >= windowStart && time < windowEnd);
  if (dayOpen && hoursOpen) return null;
  const when = [
    days.length === 0
      ? 'every day'
      : dayNames
          .filter((name) => days.includes(name))
          .map(shortDay)
          .join(', '),
    windowStart && windowEnd ? `${windowStart}–${windowEnd}` : 'all day',
  ].join(', ');
  return (
    `It is ${shortDay(day)} ${time} in ${timeZone}, outside this campaign's sending window (${when}): ` +
    'its emails wait until the window opens. Edit the schedule to send now.'
  );
}
