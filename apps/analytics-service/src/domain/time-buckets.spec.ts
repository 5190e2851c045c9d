import { bucketStartOf, bucketStarts, isKnownTimeZone, quarterHourOf, type Interval } from './time-buckets';

const iso = (text: string) => new Date(text).getTime();
const isoList = (dates: Date[] | undefined) => dates?.map((date) => date.toISOString());

describe('quarterHourOf', () => {
  it.each([
    ['2026-03-02T08:00:00.000Z', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T08:14:59.999Z', '2026-03-02T08:00:00.000Z'],
    ['2026-03-02T08:15:00.000Z', '2026-03-02T08:15:00.000Z'],
    ['2026-03-02T23:59:30.000Z', '2026-03-02T23:45:00.000Z'],
  ])('puts %s in the quarter hour of %s', (at, expected) => {
    expect(quarterHourOf(new Date(at)).toISOString()).toBe(expected);
  });
});

describe('bucketStartOf', () => {
  it.each<[string, Interval, string, string]>([
    ['2026-03-02T08:47:10.250Z', 'hour', 'UTC', '2026-03-02T08:00:00.000Z'],
    // India is 5:30 ahead: local hours start at half past in UTC, days at 18:30 the day before.
    ['2026-03-02T08:47:00Z', 'hour', 'Asia/Kolkata', '2026-03-02T08:30:00.000Z'],
    ['2026-03-02T08:15:00Z', 'hour', 'Asia/Kolkata', '2026-03-02T07:30:00.000Z'],
    ['2026-03-02T20:00:00Z', 'day', 'Asia/Kolkata', '2026-03-02T18:30:00.000Z'],
    ['2026-03-02T17:00:00Z', 'day', 'Asia/Kolkata', '2026-03-01T18:30:00.000Z'],
    // Nepal is 5:45 ahead.
    ['2026-03-02T08:10:00Z', 'hour', 'Asia/Kathmandu', '2026-03-02T07:15:00.000Z'],
    // 2026-03-04 is a Wednesday; weeks start on Monday 2 March, local midnight.
    ['2026-03-04T12:00:00Z', 'week', 'UTC', '2026-03-02T00:00:00.000Z'],
    ['2026-03-04T12:00:00Z', 'week', 'Asia/Kolkata', '2026-03-01T18:30:00.000Z'],
    ['2026-03-02T03:00:00Z', 'week', 'America/New_York', '2026-02-23T05:00:00.000Z'],
    // New York: the day clocks go forward starts in winter time, the next one in summer time.
    ['2026-03-08T12:00:00Z', 'day', 'America/New_York', '2026-03-08T05:00:00.000Z'],
    ['2026-03-09T12:00:00Z', 'day', 'America/New_York', '2026-03-09T04:00:00.000Z'],
  ])('puts %s in the %s of %s starting %s', (at, interval, zone, expected) => {
    expect(new Date(bucketStartOf(iso(at), interval, zone)).toISOString()).toBe(expected);
  });
});

describe('bucketStarts', () => {
  it('has a 23-hour and a 25-hour day around the daylight-saving changes of New York', () => {
    expect(
      isoList(
        bucketStarts(
          new Date('2026-03-07T12:00Z'),
          new Date('2026-03-10T00:00Z'),
          'day',
          'America/New_York',
          10,
        ),
      ),
    ).toEqual(['2026-03-07T05:00:00.000Z', '2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
    expect(
      isoList(
        bucketStarts(
          new Date('2026-10-31T12:00Z'),
          new Date('2026-11-03T00:00Z'),
          'day',
          'America/New_York',
          10,
        ),
      ),
    ).toEqual(['2026-10-31T04:00:00.000Z', '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']);
  });

  it('counts the hour that repeats when clocks go back as two hours', () => {
    // 00:00 EDT, 01:00 EDT, 01:00 EST, 02:00 EST.
    expect(
      isoList(
        bucketStarts(
          new Date('2026-11-01T04:00Z'),
          new Date('2026-11-01T08:00Z'),
          'hour',
          'America/New_York',
          10,
        ),
      ),
    ).toEqual([
      '2026-11-01T04:00:00.000Z',
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T07:00:00.000Z',
    ]);
  });

  it('starts at the bucket holding the start and stops before the end', () => {
    expect(
      isoList(
        bucketStarts(
          new Date('2026-03-02T09:10Z'),
          new Date('2026-03-02T11:30Z'),
          'hour',
          'Asia/Kolkata',
          10,
        ),
      ),
    ).toEqual(['2026-03-02T08:30:00.000Z', '2026-03-02T09:30:00.000Z', '2026-03-02T10:30:00.000Z']);
  });

  it('gives up past the most buckets allowed', () => {
    const start = new Date('2026-01-01T00:00Z');
    expect(bucketStarts(start, new Date('2026-01-01T10:00Z'), 'hour', 'UTC', 10)).toHaveLength(10);
    expect(bucketStarts(start, new Date('2026-01-01T10:00:01Z'), 'hour', 'UTC', 10)).toBeUndefined();
  });
});

describe('isKnownTimeZone', () => {
  it.each([
    ['Europe/Paris', true],
    ['Asia/Kolkata', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('%s → %s', (zone, known) => {
    expect(isKnownTimeZone(zone)).toBe(known);
  });
});
