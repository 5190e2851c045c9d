import { create, toJson } from '@bufbuild/protobuf';
import { SendingScheduleSchema, Weekday } from '@coldreach/contracts';
import { nextTimeInSendingWindow } from './delivery-transitions';

const nineToFiveWeekdays = toJson(
  SendingScheduleSchema,
  create(SendingScheduleSchema, {
    days: [Weekday.MONDAY, Weekday.TUESDAY, Weekday.WEDNESDAY, Weekday.THURSDAY, Weekday.FRIDAY],
    windowStart: { hour: 9, minute: 0 },
    windowEnd: { hour: 17, minute: 0 },
    timeZone: 'Europe/Paris',
  }),
) as Record<string, unknown>;

describe('nextTimeInSendingWindow', () => {
  it('moves a time outside the window to its next opening in the delivery time zone', () => {
    // Friday 18:00 in New York → Monday 09:00 there.
    const row = { schedule: nineToFiveWeekdays, timeZone: 'America/New_York' };
    expect(nextTimeInSendingWindow(row, new Date('2030-01-04T23:00:00Z'))).toEqual(
      new Date('2030-01-07T14:00:00Z'),
    );
  });

  it('keeps a time inside the window', () => {
    const row = { schedule: nineToFiveWeekdays, timeZone: 'Europe/Paris' };
    const inside = new Date('2030-01-08T10:00:00Z');
    expect(nextTimeInSendingWindow(row, inside)).toEqual(inside);
  });

  it('keeps the time of a delivery without a window, or with one it cannot read', () => {
    const at = new Date('2030-01-05T03:00:00Z');
    expect(nextTimeInSendingWindow({ schedule: null, timeZone: 'UTC' }, at)).toEqual(at);
    expect(nextTimeInSendingWindow({ schedule: nineToFiveWeekdays, timeZone: 'Not/AZone' }, at)).toEqual(at);
  });
});
