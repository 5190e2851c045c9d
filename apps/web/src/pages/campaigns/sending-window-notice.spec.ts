import { closedWindowNotice } from './sending-window-notice';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const;
// Saturday 5 December 2026, 07:05 UTC.
const saturdayMorning = new Date('2026-12-05T07:05:00Z');

describe('closedWindowNotice', () => {
  it('says why nothing goes out on a weekend for a weekday campaign, in its time zone', () => {
    expect(
      closedWindowNotice(
        { days: [...weekdays], windowStart: '09:00', windowEnd: '17:00', timeZone: 'UTC' },
        saturdayMorning,
      ),
    ).toBe(
      "It is Sat 07:05 in UTC, outside this campaign's sending window (Mon, Tue, Wed, Thu, Fri, 09:00–17:00): " +
        'its emails wait until the window opens. Edit the schedule to send now.',
    );
  });

  it('is silent inside the window, read in the campaign time zone', () => {
    // 07:05 UTC is 16:05 in Tokyo, a Saturday there too.
    expect(
      closedWindowNotice(
        { days: ['saturday'], windowStart: '09:00', windowEnd: '17:00', timeZone: 'Asia/Tokyo' },
        saturdayMorning,
      ),
    ).toBeNull();
  });

  it('counts the end of the window as closed and every day when no day is ticked', () => {
    const notice = closedWindowNotice(
      { days: [], windowStart: '06:00', windowEnd: '07:05', timeZone: 'UTC' },
      saturdayMorning,
    );
    expect(notice).toContain('(every day, 06:00–07:05)');
  });

  it('is silent with no window at all, and when each lead has its own time zone', () => {
    expect(closedWindowNotice({ days: [], windowStart: null, windowEnd: null }, saturdayMorning)).toBeNull();
    expect(
      closedWindowNotice(
        { days: ['monday'], windowStart: '09:00', windowEnd: '10:00', useRecipientTimeZone: true },
        saturdayMorning,
      ),
    ).toBeNull();
  });
});
