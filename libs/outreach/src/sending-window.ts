/** A wall-clock time of day, as in the proto `LocalTime`. */
export interface LocalTimeLike {
  /** 0 to 23. */
  hour: number;
  /** 0 to 59. */
  minute: number;
}

/**
 * The days and daily window a campaign may send in; structurally compatible with the proto
 * `SendingSchedule` (whose time zone is passed separately, since it may be the recipient's).
 */
export interface SendingScheduleLike {
  /** 1 = Monday … 7 = Sunday (the proto `Weekday` values); empty means every day. */
  days?: readonly number[];
  /** Inclusive; unset means midnight. */
  windowStart?: LocalTimeLike;
  /** Exclusive; unset means the end of the day. Must be after windowStart (no overnight windows). */
  windowEnd?: LocalTimeLike;
}

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Offsets are sampled this far apart: no zone changes its offset twice within two days. */
const sampleSpacingMs = 2 * dayMs;
/** Enough openings to cross any run of transitions (e.g. a window that falls in a DST gap). */
const maxSegments = 200;

/** True when `name` is an IANA time zone name this runtime knows (e.g. "Europe/Paris", "UTC"). */
export function isValidTimeZone(name: string): boolean {
  // Offsets such as "+02:00" are accepted by Intl but are not zone names: they know no DST.
  if (name.trim() === '' || /^[+-]/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The earliest instant at or after `notBefore` that lies inside `schedule` — on one of its days and
 * within [windowStart, windowEnd) — read as wall-clock time in the IANA zone `timeZone`. Exact across
 * DST changes: a window opening that falls in a skipped hour opens when the clocks jump, and a
 * repeated hour is inside the window both times it is lived. Throws RangeError for a bad schedule
 * or an unknown zone.
 */
export function nextSendTime(schedule: SendingScheduleLike, timeZone: string, notBefore: Date): Date {
  const window = readSchedule(schedule);
  const from = notBefore.getTime();
  if (Number.isNaN(from)) throw new RangeError('notBefore is not a valid date');
  if (window.allDays && window.start === 0 && window.end === dayMs) {
    formatterFor(timeZone);
    return new Date(from);
  }
  return new Date(earliestInstant(timeZone, from, (local) => nextLocalOpening(window, local)));
}

/** The instant the local calendar day containing `at` began in `timeZone` (its first instant). */
export function startOfLocalDay(timeZone: string, at: Date): Date {
  const instant = at.getTime();
  const local = instant + offsetAt(timeZone, instant);
  const midnight = Math.floor(local / dayMs) * dayMs;
  // The first instant whose wall-clock time is at or after that midnight, searching from before it.
  const found = earliestInstant(timeZone, instant - 2 * dayMs, (wall) =>
    wall >= midnight ? wall : midnight,
  );
  return new Date(Math.min(found, instant));
}

interface Window {
  allDays: boolean;
  /** Index 1..7 (Monday..Sunday) → allowed. */
  days: boolean[];
  /** Milliseconds after local midnight. */
  start: number;
  end: number;
}

function readSchedule(schedule: SendingScheduleLike): Window {
  const days = [...(schedule.days ?? [])];
  for (const day of days) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new RangeError(`schedule day ${day} is not a weekday (1 = Monday … 7 = Sunday)`);
    }
  }
  const start = schedule.windowStart ? localTimeMs(schedule.windowStart, 'windowStart') : 0;
  const end = schedule.windowEnd ? localTimeMs(schedule.windowEnd, 'windowEnd') : dayMs;
  if (end <= start) throw new RangeError('the sending window must end after it starts');
  const allowed = Array.from({ length: 8 }, (_, index) => days.length === 0 || days.includes(index));
  return { allDays: days.length === 0, days: allowed, start, end };
}

function localTimeMs(time: LocalTimeLike, name: string): number {
  const { hour, minute } = time;
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    throw new RangeError(`${name} must be a time between 00:00 and 23:59`);
  }
  return (hour * 60 + minute) * minuteMs;
}

/**
 * The earliest wall-clock time at or after `local` that is inside the window. Wall-clock times are
 * "naive" milliseconds: the local date and time read as if they were UTC.
 */
function nextLocalOpening(window: Window, local: number): number {
  const today = Math.floor(local / dayMs);
  for (let offset = 0; offset <= 7; offset++) {
    const day = today + offset;
    if (!window.days[isoWeekday(day)]) continue;
    const open = day * dayMs + window.start;
    if (offset === 0) {
      if (local < open) return open;
      if (local < day * dayMs + window.end) return local;
      continue;
    }
    return open;
  }
  throw new RangeError('the schedule allows no day');
}

/** 1 = Monday … 7 = Sunday for a count of days since 1970-01-01 (a Thursday). */
function isoWeekday(daysSinceEpoch: number): number {
  return ((((daysSinceEpoch + 3) % 7) + 7) % 7) + 1;
}

/**
 * The earliest instant ≥ `from` whose wall-clock time `nextInside` accepts as is. Walks the spans of
 * constant UTC offset: within one span wall-clock time is the instant plus the offset, so the first
 * accepted wall-clock time maps straight back to an instant; if that instant lies beyond the span's
 * end (a gap, or simply the next transition), the search goes on from the transition.
 */
function earliestInstant(timeZone: string, from: number, nextInside: (local: number) => number): number {
  let instant = from;
  for (let segment = 0; segment < maxSegments; segment++) {
    const offset = offsetAt(timeZone, instant);
    const local = instant + offset;
    const target = nextInside(local);
    if (target === local) return instant;
    const candidate = target - offset;
    const transition = firstTransition(timeZone, instant, offset, candidate);
    if (transition === undefined) return candidate;
    instant = transition;
  }
  throw new RangeError(`no sending time found in ${timeZone}`);
}

/** The first instant in (from, until] whose offset differs from `offset`, or undefined if none. */
function firstTransition(timeZone: string, from: number, offset: number, until: number): number | undefined {
  let lower = from;
  while (lower < until) {
    const upper = Math.min(until, lower + sampleSpacingMs);
    if (offsetAt(timeZone, upper) !== offset) return bisectTransition(timeZone, lower, upper, offset);
    lower = upper;
  }
  return undefined;
}

/** Narrows (lower, upper] to the second the offset changes; zones change offsets on whole seconds. */
function bisectTransition(timeZone: string, lower: number, upper: number, offset: number): number {
  let low = Math.floor(lower / 1000);
  let high = Math.ceil(upper / 1000);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (offsetAt(timeZone, middle * 1000) === offset) low = middle;
    else high = middle;
  }
  return high * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown zone.
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

const hourMs = 3_600_000;
const maxCachedHours = 50_000;
/** Per zone: UTC hour (since the epoch) → the offset, for hours with no transition inside. */
const stableHours = new Map<string, Map<number, number>>();

/** Milliseconds to add to `instant` to get the wall-clock time in `timeZone` (whole seconds). */
function offsetAt(timeZone: string, instant: number): number {
  const hour = Math.floor(instant / hourMs);
  let hours = stableHours.get(timeZone);
  const cached = hours?.get(hour);
  if (cached !== undefined) return cached;
  // Offsets change at most once an hour: equal at both ends means constant within it.
  const first = rawOffsetAt(timeZone, hour * hourMs);
  const last = rawOffsetAt(timeZone, (hour + 1) * hourMs - 1000);
  if (first !== last) return rawOffsetAt(timeZone, instant);
  if (!hours || hours.size >= maxCachedHours) {
    hours = new Map();
    stableHours.set(timeZone, hours);
  }
  hours.set(hour, first);
  return first;
}

function rawOffsetAt(timeZone: string, instant: number): number {
  const second = Math.floor(instant / 1000) * 1000;
  // en-US with h23: "M/D/YYYY, HH:MM:SS".
  const [month = 1, day = 1, year = 1970, hour = 0, minute = 0, sec = 0] = (
    formatterFor(timeZone).format(second).match(/\d+/g) ?? []
  ).map(Number);
  const wall = new Date(0);
  wall.setUTCFullYear(year, month - 1, day);
  wall.setUTCHours(hour, minute, sec, 0);
  return wall.getTime() - second;
}
