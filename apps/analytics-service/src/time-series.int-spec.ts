import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  Interval,
  LeadSource,
  Metric,
  VerificationStatus,
  type GetTimeSeriesRequest,
} from '@coldreach/contracts';
import { expectGrpcRejection } from '@coldreach/testing';
import { analyticsEvents as e } from '../test/analytics-events';
import { deliveredThreeTimes, startAnalyticsHarness, type AnalyticsHarness } from '../test/analytics-harness';

type SeriesInit = Partial<Omit<GetTimeSeriesRequest, '$typeName' | 'startTime' | 'endTime'>> & {
  start: string;
  end: string;
};

describe('time series', () => {
  let h: AnalyticsHarness;
  const workspaceId = randomUUID();
  const [mailboxA, mailboxB] = [randomUUID(), randomUUID()];
  const leadTimes = [
    // Kolkata (UTC+5:30): 14:05, 14:29 and 14:31 local are one hour there, two hours of UTC...
    '2026-03-02T08:35:00Z',
    '2026-03-02T08:59:00Z',
    '2026-03-02T09:01:00Z',
    // ...and 23:59 on 2 March is still that day there, 00:00 on the 3rd the next.
    '2026-03-02T18:29:00Z',
    '2026-03-02T18:30:00Z',
    // New York: the evening of Saturday 7 March (winter time) and Sunday 8 March (summer time).
    '2026-03-08T04:59:00Z',
    '2026-03-08T05:00:00Z',
    '2026-03-09T03:59:00Z',
    '2026-03-09T04:00:00Z',
  ];

  const series = async (init: SeriesInit) => {
    const { start, end, ...rest } = init;
    const { points } = await h.client.getTimeSeries({
      workspaceId,
      metric: Metric.LEADS_CREATED,
      interval: Interval.HOUR,
      ...rest,
      startTime: timestampFromDate(new Date(start)),
      endTime: timestampFromDate(new Date(end)),
    });
    return points.map((point) => [timestampDate(point.startTime!).toISOString(), Number(point.value)]);
  };

  beforeAll(async () => {
    h = await startAnalyticsHarness();
    const leads = leadTimes.map((at) =>
      e.clientCreated(workspaceId, randomUUID(), LeadSource.API, VerificationStatus.UNVERIFIED, new Date(at)),
    );
    const delivery = (mailboxId: string) => ({
      taskId: randomUUID(),
      campaignId: '',
      clientId: randomUUID(),
      stepId: '',
      stepPosition: 0,
      mailboxId,
    });
    const sends = [
      e.sent(workspaceId, delivery(mailboxA), new Date('2026-03-02T10:00:00Z')),
      e.sent(workspaceId, delivery(mailboxA), new Date('2026-03-02T10:20:00Z')),
      e.sent(workspaceId, delivery(mailboxB), new Date('2026-03-02T10:40:00Z')),
    ];
    await h.publishAndWait(deliveredThreeTimes([...leads, ...sends]));
  });
  afterAll(() => h.close());

  it('aligns hours to a half-hour zone (Asia/Kolkata)', async () => {
    expect(
      await series({ timeZone: 'Asia/Kolkata', start: '2026-03-02T08:00:00Z', end: '2026-03-02T10:30:00Z' }),
    ).toEqual([
      ['2026-03-02T07:30:00.000Z', 0],
      ['2026-03-02T08:30:00.000Z', 3],
      ['2026-03-02T09:30:00.000Z', 0],
    ]);
    // The same events by UTC hour.
    expect(await series({ start: '2026-03-02T08:00:00Z', end: '2026-03-02T10:00:00Z' })).toEqual([
      ['2026-03-02T08:00:00.000Z', 2],
      ['2026-03-02T09:00:00.000Z', 1],
    ]);
  });

  it("counts days from the zone's midnight (Asia/Kolkata)", async () => {
    expect(
      await series({
        interval: Interval.DAY,
        timeZone: 'Asia/Kolkata',
        start: '2026-03-02T00:00:00Z',
        end: '2026-03-03T18:30:00Z',
      }),
    ).toEqual([
      ['2026-03-01T18:30:00.000Z', 4],
      ['2026-03-02T18:30:00.000Z', 1],
    ]);
  });

  it('follows a daylight-saving change (America/New_York, 8 March 2026)', async () => {
    expect(
      await series({
        interval: Interval.DAY,
        timeZone: 'America/New_York',
        start: '2026-03-07T12:00:00Z',
        end: '2026-03-10T04:00:00Z',
      }),
    ).toEqual([
      ['2026-03-07T05:00:00.000Z', 1],
      ['2026-03-08T05:00:00.000Z', 2],
      ['2026-03-09T04:00:00.000Z', 1],
    ]);
  });

  it('sums emails of one mailbox only when asked', async () => {
    const day = {
      metric: Metric.EMAILS_SENT,
      interval: Interval.DAY,
      start: '2026-03-02T00:00:00Z',
      end: '2026-03-03T00:00:00Z',
    };
    expect(await series(day)).toEqual([['2026-03-02T00:00:00.000Z', 3]]);
    expect(await series({ ...day, mailboxId: mailboxA })).toEqual([['2026-03-02T00:00:00.000Z', 2]]);
    expect(await series({ ...day, mailboxId: mailboxB.toUpperCase() })).toEqual([
      ['2026-03-02T00:00:00.000Z', 1],
    ]);
  });

  it.each<[string, SeriesInit, string, RegExp]>([
    [
      'an unknown time zone',
      { timeZone: 'Mars/Olympus_Mons', start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
      'time_zone',
      /Mars\/Olympus_Mons/,
    ],
    [
      'more than 1000 buckets',
      { start: '2026-01-01T00:00:00Z', end: '2026-03-01T00:00:00Z' },
      'start_time',
      /at most 1000/,
    ],
    [
      'no metric',
      { metric: Metric.UNSPECIFIED, start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
      'metric',
      /must be given/,
    ],
    [
      'no interval',
      { interval: Interval.UNSPECIFIED, start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
      'interval',
      /HOUR, DAY or WEEK/,
    ],
    [
      'an end before the start',
      { start: '2026-03-03T00:00:00Z', end: '2026-03-02T00:00:00Z' },
      'end_time',
      /after start_time/,
    ],
    [
      'a campaign id that is no UUID',
      { campaignId: 'spring', start: '2026-03-02T00:00:00Z', end: '2026-03-03T00:00:00Z' },
      'campaign_id',
      /UUID/,
    ],
  ])('refuses %s with INVALID_ARGUMENT naming it', async (_, init, field, message) => {
    const rejected = await expectGrpcRejection(series(init), Code.InvalidArgument);
    expect(rejected.violations).toEqual([{ field, message: expect.stringMatching(message) }]);
  });
});
