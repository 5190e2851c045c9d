import { invalidArgument, notFound, type FieldViolation } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { emailCounterNames } from '../persistence/analytics-tables';
import type { AnalyticsStore, EmailCounts, SeriesSource, WorkspaceTotals } from './analytics-store';
import { addCounts, funnelOf, type Funnel } from './funnel';
import { bucketStarts, isKnownTimeZone, type Interval } from './time-buckets';

/** Most buckets one time series may have. */
export const maxSeriesBuckets = 1000;

/** What each metric sums. */
export const metricSources = {
  emails_scheduled: { table: 'email', counter: 'scheduled' },
  emails_sent: { table: 'email', counter: 'sent' },
  emails_failed: { table: 'email', counter: 'failed' },
  emails_unknown: { table: 'email', counter: 'unknown' },
  emails_suppressed: { table: 'email', counter: 'suppressed' },
  unsubscribes: { table: 'email', counter: 'unsubscribed' },
  bounces: { table: 'email', counter: 'bounced' },
  replies: { table: 'email', counter: 'replied' },
  opens: { table: 'email', counter: 'opened_total' },
  clicks: { table: 'email', counter: 'clicked_total' },
  leads_created: { table: 'workspace', counter: 'leads_created' },
  pages_crawled: { table: 'workspace', counter: 'pages_crawled' },
  contacts_found: { table: 'workspace', counter: 'contacts_found' },
  scrape_jobs: { table: 'workspace', counter: 'scrape_jobs' },
} as const satisfies Record<string, SeriesSource>;
export type MetricName = keyof typeof metricSources;

export interface CampaignStats {
  total: Funnel;
  /** Steps that had an email scheduled or sent, in position order. */
  steps: { stepId: string; position: number; funnel: Funnel }[];
  asOf: Date;
}

export interface TimeSeriesRequest {
  workspaceId: string;
  /** Undefined: not given (or a value this version does not know). */
  metric: MetricName | undefined;
  interval: Interval | undefined;
  start: Date | undefined;
  /** Undefined means now. */
  end: Date | undefined;
  /** '' means UTC. */
  timeZone: string;
  campaignId: string;
  mailboxId: string;
}

const zeroCounts = Object.fromEntries(emailCounterNames.map((name) => [name, 0])) as EmailCounts;

/** The analytics service's questions; every one is scoped to a workspace. */
export function createAnalyticsUseCases(store: AnalyticsStore, clock: () => Date = () => new Date()) {
  return {
    async getWorkspaceOverview(workspaceId: string): Promise<WorkspaceTotals> {
      requireValid([uuidProblem('workspace_id', workspaceId, true)]);
      return store.workspaceTotals(workspaceId.toLowerCase());
    },

    async getCampaignStats(workspaceId: string, campaignId: string): Promise<CampaignStats> {
      requireValid([
        uuidProblem('workspace_id', workspaceId, true),
        uuidProblem('campaign_id', campaignId, true),
      ]);
      const totals = await store.campaignTotals(workspaceId.toLowerCase(), campaignId.toLowerCase());
      if (!totals) throw notFound(`campaign ${campaignId}`);
      const steps = totals.steps
        .filter((step) => step.stepId !== '')
        .sort((a, b) => a.position - b.position || (a.stepId < b.stepId ? -1 : 1))
        .map((step) => ({ stepId: step.stepId, position: step.position, funnel: funnelOf(step.counts, 0) }));
      const total = addCounts(
        totals.steps.map((step) => step.counts),
        zeroCounts,
      );
      return { total: funnelOf(total, totals.leads), steps, asOf: totals.lastEventAt };
    },

    async getTimeSeries(request: TimeSeriesRequest): Promise<{ start: Date; value: number }[]> {
      const timeZone = request.timeZone === '' ? 'UTC' : request.timeZone;
      const end = request.end ?? clock();
      requireValid([
        uuidProblem('workspace_id', request.workspaceId, true),
        request.metric ? undefined : { field: 'metric', message: 'must be given' },
        request.interval ? undefined : { field: 'interval', message: 'must be HOUR, DAY or WEEK' },
        request.start ? undefined : { field: 'start_time', message: 'must be given' },
        request.start && request.start >= end
          ? { field: 'end_time', message: 'must be after start_time' }
          : undefined,
        isKnownTimeZone(timeZone)
          ? undefined
          : { field: 'time_zone', message: `"${timeZone.slice(0, 64)}" is not a known IANA time zone` },
        uuidProblem('campaign_id', request.campaignId, false),
        uuidProblem('mailbox_id', request.mailboxId, false),
      ]);
      const { metric, interval, start } = request as {
        metric: MetricName;
        interval: Interval;
        start: Date;
      };
      const starts = bucketStarts(start, end, interval, timeZone, maxSeriesBuckets);
      if (!starts) {
        throw invalidArgument([
          {
            field: 'start_time',
            message: `too many buckets between start_time and end_time (at most ${maxSeriesBuckets})`,
          },
        ]);
      }
      const sums = await store.quarterHourSums({
        workspaceId: request.workspaceId.toLowerCase(),
        source: metricSources[metric],
        from: starts[0] ?? start,
        to: end,
        campaignId: request.campaignId.toLowerCase(),
        mailboxId: request.mailboxId.toLowerCase(),
      });
      return sumIntoBuckets(starts, sums);
    },
  };
}

export type AnalyticsUseCases = ReturnType<typeof createAnalyticsUseCases>;

/** Adds each quarter hour's sum to the bucket it falls in (both lists in time order). */
function sumIntoBuckets(
  starts: readonly Date[],
  sums: readonly { bucket: Date; value: number }[],
): { start: Date; value: number }[] {
  const points = starts.map((start) => ({ start, value: 0 }));
  let index = 0;
  for (const { bucket, value } of sums) {
    while (index + 1 < points.length && points[index + 1]!.start <= bucket) index += 1;
    if (points[index] && points[index]!.start <= bucket) points[index]!.value += value;
  }
  return points;
}

function uuidProblem(field: string, value: string, required: boolean): FieldViolation | undefined {
  if (value === '') return required ? { field, message: 'must be given' } : undefined;
  return isUuid(value) ? undefined : { field, message: 'must be a UUID' };
}

function requireValid(problems: (FieldViolation | undefined)[]): void {
  const violations = problems.filter((problem): problem is FieldViolation => problem !== undefined);
  if (violations.length > 0) throw invalidArgument(violations);
}
