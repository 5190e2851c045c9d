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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterOf(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockOf(ms: number, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(ms))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at instant `ms`. */
function offsetMs(ms: number, timeZone: string): number {
  const wall = wallClockOf(ms, timeZone);
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return wallAsUtc - (ms - (((ms % 1000) + 1000) % 1000));
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
    // Minutes past the local hour, taken off the instant itself: no ambiguous local time to resolve.
    return ms - (((ms % 1000) + 1000) % 1000) - (wall.minute * 60 + wall.second) * 1000;
  }
  const date = Date.UTC(wall.year, wall.month - 1, wall.day);
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
