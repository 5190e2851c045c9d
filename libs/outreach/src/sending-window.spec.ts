import fc from 'fast-check';
import { isValidTimeZone, nextSendTime, startOfLocalDay, type SendingScheduleLike } from './sending-window';

const at = (iso: string) => new Date(iso);
const workdays = [1, 2, 3, 4, 5];
const nineToFive: SendingScheduleLike = {
  days: workdays,
  windowStart: { hour: 9, minute: 0 },
  windowEnd: { hour: 17, minute: 0 },
};

const testFormatters = new Map<string, Intl.DateTimeFormat>();

/** Wall-clock fields of `instant` in `timeZone`, read independently of the code under test. */
function wallClock(instant: Date, timeZone: string): { weekday: number; minutes: number; text: string } {
  let formatter = testFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    testFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  return {
    weekday,
    minutes,
    text: `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`,
  };
}

function isInside(schedule: SendingScheduleLike, timeZone: string, instant: Date): boolean {
  const { weekday, minutes } = wallClock(instant, timeZone);
  const start = schedule.windowStart ? schedule.windowStart.hour * 60 + schedule.windowStart.minute : 0;
  const end = schedule.windowEnd ? schedule.windowEnd.hour * 60 + schedule.windowEnd.minute : 1440;
  const days = schedule.days ?? [];
  return (days.length === 0 || days.includes(weekday)) && minutes >= start && minutes < end;
}

describe('nextSendTime', () => {
  it('returns the time itself when it is inside the window', () => {
    // Tuesday 10:30 in Paris (UTC+1 in January).
    const notBefore = at('2025-01-14T09:30:12.345Z');
    expect(nextSendTime(nineToFive, 'Europe/Paris', notBefore)).toEqual(notBefore);
  });

  it('waits for the window to open later the same day', () => {
    expect(nextSendTime(nineToFive, 'Europe/Paris', at('2025-01-14T05:00:00Z'))).toEqual(
      at('2025-01-14T08:00:00Z'),
    );
  });

  it('treats the window end as exclusive and moves to the next allowed day', () => {
    // Friday 17:00 Paris → Monday 09:00 Paris.
    expect(nextSendTime(nineToFive, 'Europe/Paris', at('2025-01-17T16:00:00Z'))).toEqual(
      at('2025-01-20T08:00:00Z'),
    );
    expect(nextSendTime(nineToFive, 'Europe/Paris', at('2025-01-17T15:59:59.999Z'))).toEqual(
      at('2025-01-17T15:59:59.999Z'),
    );
  });

  it('reads the days in the zone, not in UTC', () => {
    // Monday 02:00 in Tokyo is still Sunday in UTC; a Monday-only schedule sends at once there.
    const mondays: SendingScheduleLike = { days: [1] };
    expect(nextSendTime(mondays, 'Asia/Tokyo', at('2025-01-19T17:00:00Z'))).toEqual(
      at('2025-01-19T17:00:00Z'),
    );
    expect(nextSendTime(mondays, 'UTC', at('2025-01-19T17:00:00Z'))).toEqual(at('2025-01-20T00:00:00Z'));
  });

  it('treats an empty schedule as any day, any time', () => {
    const notBefore = at('2025-06-01T03:04:05.006Z');
    expect(nextSendTime({}, 'America/New_York', notBefore)).toEqual(notBefore);
    expect(nextSendTime({ days: [] }, 'UTC', notBefore)).toEqual(notBefore);
  });

  it('reads a lone window start or end against the day boundary', () => {
    expect(
      nextSendTime({ windowStart: { hour: 20, minute: 30 } }, 'UTC', at('2025-01-14T10:00:00Z')),
    ).toEqual(at('2025-01-14T20:30:00Z'));
    expect(nextSendTime({ windowEnd: { hour: 6, minute: 0 } }, 'UTC', at('2025-01-14T10:00:00Z'))).toEqual(
      at('2025-01-15T00:00:00Z'),
    );
  });

  it('handles half-hour and 45-minute zones', () => {
    // 09:00 in Kolkata (UTC+5:30) and in Kathmandu (UTC+5:45).
    expect(nextSendTime(nineToFive, 'Asia/Kolkata', at('2025-01-14T00:00:00Z'))).toEqual(
      at('2025-01-14T03:30:00Z'),
    );
    expect(nextSendTime(nineToFive, 'Asia/Kathmandu', at('2025-01-14T00:00:00Z'))).toEqual(
      at('2025-01-14T03:15:00Z'),
    );
  });

  describe('across DST changes', () => {
    it('uses the new offset after the spring change', () => {
      // New York springs forward on Sunday 2025-03-09; Monday 09:00 is then UTC-4.
      expect(nextSendTime(nineToFive, 'America/New_York', at('2025-03-07T23:00:00Z'))).toEqual(
        at('2025-03-10T13:00:00Z'),
      );
      // Europe changes on Sunday 2025-03-30: Friday 09:00 is UTC+1, Monday 09:00 UTC+2.
      expect(nextSendTime(nineToFive, 'Europe/Berlin', at('2025-03-28T16:30:00Z'))).toEqual(
        at('2025-03-31T07:00:00Z'),
      );
    });

    it('opens a window whose start is skipped when the clocks jump', () => {
      // 02:30 does not exist in New York on 2025-03-09 (02:00 → 03:00): the window opens at 03:00.
      const schedule = { windowStart: { hour: 2, minute: 30 }, windowEnd: { hour: 4, minute: 0 } };
      expect(nextSendTime(schedule, 'America/New_York', at('2025-03-09T05:00:00Z'))).toEqual(
        at('2025-03-09T07:00:00Z'),
      );
      expect(wallClock(at('2025-03-09T07:00:00Z'), 'America/New_York').text).toBe('2025-03-09 03:00');
    });

    it('skips a window that lies wholly in the skipped hour', () => {
      const schedule = { windowStart: { hour: 2, minute: 10 }, windowEnd: { hour: 2, minute: 50 } };
      // Next day 02:10 EDT = 06:10Z.
      expect(nextSendTime(schedule, 'America/New_York', at('2025-03-09T05:00:00Z'))).toEqual(
        at('2025-03-10T06:10:00Z'),
      );
    });

    it('takes the first of a repeated hour, and re-enters the window when the clocks go back', () => {
      // New York falls back on 2025-11-02: 01:00–02:00 is lived twice (EDT, then EST).
      const schedule = { windowStart: { hour: 1, minute: 0 }, windowEnd: { hour: 1, minute: 30 } };
      expect(nextSendTime(schedule, 'America/New_York', at('2025-11-02T04:00:00Z'))).toEqual(
        at('2025-11-02T05:00:00Z'),
      );
      // 01:45 EDT (05:45Z) is past the window, but 15 minutes later it is 01:00 EST again.
      expect(nextSendTime(schedule, 'America/New_York', at('2025-11-02T05:45:00Z'))).toEqual(
        at('2025-11-02T06:00:00Z'),
      );
      // 01:30 EST (06:30Z) is past both passes: the next day.
      expect(nextSendTime(schedule, 'America/New_York', at('2025-11-02T06:30:00Z'))).toEqual(
        at('2025-11-03T06:00:00Z'),
      );
    });

    it('handles a 30-minute DST change (Lord Howe Island)', () => {
      // Lord Howe goes from +10:30 to +11 at 02:00 local on 2025-10-05.
      const schedule = { windowStart: { hour: 2, minute: 15 }, windowEnd: { hour: 3, minute: 0 } };
      expect(nextSendTime(schedule, 'Australia/Lord_Howe', at('2025-10-04T15:00:00Z'))).toEqual(
        at('2025-10-04T15:30:00Z'),
      );
    });

    it('handles southern-hemisphere changes (Santiago)', () => {
      // Chile ends DST on 2025-04-06 (00:00 → 23:00 of the 5th): 09:00 on Monday is UTC-4.
      expect(nextSendTime(nineToFive, 'America/Santiago', at('2025-04-05T12:00:00Z'))).toEqual(
        at('2025-04-07T13:00:00Z'),
      );
    });
  });

  it('refuses bad schedules and unknown zones', () => {
    expect(() => nextSendTime({ days: [0] }, 'UTC', new Date())).toThrow(RangeError);
    expect(() => nextSendTime({ days: [8] }, 'UTC', new Date())).toThrow(RangeError);
    expect(() =>
      nextSendTime(
        { windowStart: { hour: 10, minute: 0 }, windowEnd: { hour: 9, minute: 0 } },
        'UTC',
        new Date(),
      ),
    ).toThrow('end after it starts');
    expect(() => nextSendTime({ windowStart: { hour: 24, minute: 0 } }, 'UTC', new Date())).toThrow(
      RangeError,
    );
    expect(() => nextSendTime({}, 'Mars/Olympus_Mons', new Date())).toThrow(RangeError);
    expect(() => nextSendTime(nineToFive, 'Mars/Olympus_Mons', new Date())).toThrow(RangeError);
  });

  // Zones with DST both ways, half-hour offsets and changes, and none at all.
  const zones = [
    'UTC',
    'Europe/Paris',
    'America/New_York',
    'America/Santiago',
    'Australia/Lord_Howe',
    'Australia/Adelaide',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/St_Johns',
  ];
  const localTime = fc.record({
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
  });
  const schedules = fc
    .record({
      days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { maxLength: 7 }),
      start: fc.option(localTime, { nil: undefined }),
      end: fc.option(localTime, { nil: undefined }),
    })
    .map(({ days, start, end }): SendingScheduleLike => {
      const minutes = (time: { hour: number; minute: number } | undefined, fallback: number) =>
        time ? time.hour * 60 + time.minute : fallback;
      if (minutes(end, 1440) <= minutes(start, 0)) return { days, windowStart: end, windowEnd: start };
      return { days, windowStart: start, windowEnd: end };
    })
    .filter((schedule) => {
      const start = schedule.windowStart;
      const end = schedule.windowEnd;
      return !start || !end || end.hour * 60 + end.minute > start.hour * 60 + start.minute;
    });
  const instants = fc.date({
    min: at('2000-01-01T00:00:00Z'),
    max: at('2040-01-01T00:00:00Z'),
    noInvalidDate: true,
  });

  it('always answers the earliest instant at or after notBefore that is inside the window', () => {
    fc.assert(
      fc.property(schedules, fc.constantFrom(...zones), instants, (schedule, timeZone, notBefore) => {
        const result = nextSendTime(schedule, timeZone, notBefore);
        expect(result.getTime()).toBeGreaterThanOrEqual(notBefore.getTime());
        expect(isInside(schedule, timeZone, result)).toBe(true);
        if (result.getTime() > notBefore.getTime()) {
          // The result is an opening: the millisecond before it is outside the window…
          expect(isInside(schedule, timeZone, new Date(result.getTime() - 1))).toBe(false);
          // …and so is every eleventh minute between notBefore and it.
          for (
            let minute = Math.ceil(notBefore.getTime() / 60_000) * 60_000;
            minute < result.getTime();
            minute += 60_000 * 11
          ) {
            expect(isInside(schedule, timeZone, new Date(minute))).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with a window set, always answers a time within eight days', () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instants, (timeZone, notBefore) => {
        const result = nextSendTime({ ...nineToFive, days: [3] }, timeZone, notBefore);
        expect(result.getTime() - notBefore.getTime()).toBeLessThanOrEqual(8 * 86_400_000);
      }),
    );
  });
});

describe('startOfLocalDay', () => {
  it('is local midnight in the zone', () => {
    expect(startOfLocalDay('Europe/Paris', at('2025-01-14T15:00:00Z'))).toEqual(at('2025-01-13T23:00:00Z'));
    expect(startOfLocalDay('UTC', at('2025-01-14T15:00:00Z'))).toEqual(at('2025-01-14T00:00:00Z'));
    expect(startOfLocalDay('America/Los_Angeles', at('2025-01-14T05:00:00Z'))).toEqual(
      at('2025-01-13T08:00:00Z'),
    );
  });

  it('is the first instant of a day that starts with a DST change', () => {
    // Santiago: 2025-09-07 00:00 does not exist (clocks go 00:00 → 01:00), so the day starts at 01:00 -03.
    expect(startOfLocalDay('America/Santiago', at('2025-09-07T15:00:00Z'))).toEqual(
      at('2025-09-07T04:00:00Z'),
    );
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('+02:00')).toBe(false);
    expect(isValidTimeZone('not a zone')).toBe(false);
  });
});
