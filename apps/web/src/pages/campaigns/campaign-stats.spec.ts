import {
  chartColumns,
  funnelRows,
  pageCount,
  percent,
  seriesSummary,
  type Funnel,
  type TimeSeries,
} from './campaign-stats';

const funnel: Funnel = {
  leads: 10,
  scheduled: 9,
  sent: 8,
  failed: 1,
  unknown: 0,
  suppressed: 0,
  bounced: 1,
  replied: 2,
  unsubscribed: 1,
  openedUnique: 4,
  openedTotal: 6,
  clickedUnique: 0,
  clickedTotal: 0,
  openedAutomated: 3,
  clickedAutomated: 0,
  rates: { openRate: 0.5, clickRate: 0, replyRate: 0.25, bounceRate: 0.125, unsubscribeRate: 0.125 },
};

const series = (values: number[]): TimeSeries => ({
  metric: 'sent',
  interval: 'day',
  timeZone: 'UTC',
  points: values.map((value, day) => ({ start: `2026-03-0${day + 1}T00:00:00Z`, value })),
});

describe('campaign stats', () => {
  it('reads the funnel as counts with their rates of the emails sent', () => {
    expect(funnelRows(funnel).map((r) => [r.label, r.count, r.rate === null ? '' : percent(r.rate)])).toEqual(
      [
        ['Leads', 10, ''],
        ['Sent', 8, ''],
        ['Opened', 4, '50%'],
        ['Clicked', 0, '0%'],
        ['Replied', 2, '25%'],
        ['Bounced', 1, '12.5%'],
        ['Unsubscribed', 1, '12.5%'],
      ],
    );
  });

  it('rounds rates to a tenth of a percent', () => {
    expect(percent(1 / 3)).toBe('33.3%');
    expect(percent(1)).toBe('100%');
  });

  it('counts one page exactly, and a page with more after it as at least', () => {
    expect(pageCount({ data: [1, 2], nextCursor: null })).toBe('2');
    expect(pageCount({ data: [1, 2], nextCursor: 'c' })).toBe('2+');
  });

  it('gives uPlot seconds and values', () => {
    expect(chartColumns(series([3, 0]))).toEqual([
      [Date.parse('2026-03-01T00:00:00Z') / 1000, Date.parse('2026-03-02T00:00:00Z') / 1000],
      [3, 0],
    ]);
  });

  it('summarises the series for those who cannot see the chart', () => {
    expect(seriesSummary(series([1, 4, 2]), 'emails sent')).toBe(
      '7 emails sent in this period; the most, 4, on Mar 2, 2026.',
    );
    expect(seriesSummary(series([0, 0]), 'emails sent')).toBe('No emails sent in this period.');
  });
});
