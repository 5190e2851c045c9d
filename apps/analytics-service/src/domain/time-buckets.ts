// Counters are kept per UTC quarter hour; a time series sums them into hours, days or weeks of the
// caller's time zone. Every zone's offset is a whole number of quarter hours, so each quarter hour
// belongs to exactly one local hour, day and week, across daylight-saving changes too.

export type Interval = 'hour' | 'day' | 'week';

const quarterHourMs = 15 * 60_000;
const hourMs = 60 * 60_000;
const dayMs = 24 * hourMs;

/** The start of the UTC quarter hour holding `date`. */
export function quarterHourOf(date: Date): Date {
  return new Date(Math.floor(date.getTime() / quarterHourMs) * quarterHourMs);
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** Formats only the zone's offset, e.g. "GMT+05:30" ("GMT" for UTC); throws for an unknown zone. */
function offsetFormatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone === '') return false;
  try {
    offsetFormatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

// "GMT+05:30", "GMT-03:00", or a historical "GMT+00:09:21".
const offsetPattern = /GMT([+-])(\d{2}):(\d{2})(?::(\d{2}))?/;

/** The zone's offset from UTC at instant `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  const name = offsetFormatterOf(timeZone)
    .formatToParts(ms)
    .find((part) => part.type === 'timeZoneName')?.value;
  const match = name ? offsetPattern.exec(name) : null;
  if (!match) return 0;
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4] ?? 0);
  return (match[1] === '-' ? -seconds : seconds) * 1000;
}

/** The wall clock of `timeZone` at instant `ms`, in the UTC fields of a Date. */
function wallClockOf(ms: number, timeZone: string): Date {
  return new Date(ms + offsetMs(ms, timeZone));
}

/** The instant of local midnight of a wall date (the offset read twice, for a change close by). */
function localMidnight(year: number, month: number, day: number, timeZone: string): number {
  const naive = Date.UTC(year, month - 1, day);
  const guess = naive - offsetMs(naive, timeZone);
  return naive - offsetMs(guess, timeZone);
}

/** The start of the local hour, day or week (weeks start on Monday) holding instant `ms`. */
export function bucketStartOf(ms: number, interval: Interval, timeZone: string): number {
  const wall = wallClockOf(ms, timeZone);
  if (interval === 'hour') {
    // Time past the local hour, taken off the instant itself: no ambiguous local time to resolve.
    return ms - (((wall.getTime() % hourMs) + hourMs) % hourMs);
  }
  const date = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  const daysBack = interval === 'week' ? (new Date(date).getUTCDay() + 6) % 7 : 0;
  const first = new Date(date - daysBack * dayMs);
  return localMidnight(first.getUTCFullYear(), first.getUTCMonth() + 1, first.getUTCDate(), timeZone);
}

// Past the end of any bucket (a day lasts 23 to 25 hours, an hour 30 to 90 minutes at most), but
// not past the end of the next one.
const stepMs: Record<Interval, number> = {
  hour: hourMs + quarterHourMs,
  day: dayMs + 3 * hourMs,
  week: 7 * dayMs + 3 * hourMs,
};

/**
 * The start of every bucket from the one holding `start` up to `end` (exclusive), in order; or
 * undefined when there would be more than `max`.
 */
export function bucketStarts(
  start: Date,
  end: Date,
  interval: Interval,
  timeZone: string,
  max: number,
): Date[] | undefined {
  const starts: Date[] = [];
  let current = bucketStartOf(start.getTime(), interval, timeZone);
  while (current < end.getTime()) {
    if (starts.length === max) return undefined;
    starts.push(new Date(current));
    current = bucketStartOf(current + stepMs[interval], interval, timeZone);
  }
  return starts;
}
