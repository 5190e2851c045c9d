import type { components } from '../../gen/api-schema';

export type Funnel = components['schemas']['Funnel'];
export type TimeSeries = components['schemas']['TimeSeries'];
export type TaskStatus = components['schemas']['Task']['status'];

export interface FunnelRow {
  label: string;
  count: number;
  /** Share of the emails sent; null for the counts rates are taken of. */
  rate: number | null;
}

/** The funnel a person reads: leads → sent, then what the sent emails led to, each with its rate. */
export function funnelRows(funnel: Funnel): FunnelRow[] {
  const { rates } = funnel;
  return [
    { label: 'Leads', count: funnel.leads, rate: null },
    { label: 'Sent', count: funnel.sent, rate: null },
    { label: 'Opened', count: funnel.openedUnique, rate: rates.openRate },
    { label: 'Clicked', count: funnel.clickedUnique, rate: rates.clickRate },
    { label: 'Replied', count: funnel.replied, rate: rates.replyRate },
    { label: 'Bounced', count: funnel.bounced, rate: rates.bounceRate },
    { label: 'Unsubscribed', count: funnel.unsubscribed, rate: rates.unsubscribeRate },
  ];
}

/** 0.1234 → "12.3%"; rates are shares of the emails sent. */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toLocaleString('en', { maximumFractionDigits: 1 })}%`;
}

/** Every status a task can be in, in the order an email goes through them. */
export const taskStatuses = [
  'pending',
  'scheduled',
  'claimed',
  'sending',
  'sent',
  'replied',
  'bounced',
  'failed',
  'unknown',
  'suppressed',
  'cancelled',
] as const satisfies readonly TaskStatus[];
// Fails to compile when the API gains a status this list lacks.
const everyStatusListed: Exclude<TaskStatus, (typeof taskStatuses)[number]> extends never ? true : never =
  true;
void everyStatusListed;

/**
 * A count read from one page of a list: exact when it was the last page, else "at least" (the
 * fallback without analytics counts tasks by listing one page per status).
 */
export function pageCount(page: { data: unknown[]; nextCursor: string | null }): string {
  return page.nextCursor ? `${page.data.length}+` : String(page.data.length);
}

/** A time series as uPlot's columns: x in Unix seconds, then the values. */
export function chartColumns(series: TimeSeries): [number[], number[]] {
  return [series.points.map((p) => Date.parse(p.start) / 1000), series.points.map((p) => p.value)];
}

/** The text alternative of a chart: the total and the busiest bucket. */
export function seriesSummary(series: TimeSeries, what: string): string {
  const total = series.points.reduce((sum, p) => sum + p.value, 0);
  if (total === 0) return `No ${what} in this period.`;
  const busiest = series.points.reduce((best, p) => (p.value > best.value ? p : best));
  const when = new Date(busiest.start).toLocaleDateString('en', {
    timeZone: series.timeZone,
    dateStyle: 'medium',
  });
  return `${total} ${what} in this period; the most, ${busiest.value}, on ${when}.`;
}
