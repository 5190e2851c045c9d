import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  Interval,
  Metric,
  type Funnel,
  type GetCampaignStatsResponse,
  type GetWorkspaceOverviewResponse,
  type KeyCount,
  type TimeSeriesPoint,
} from '@coldreach/contracts';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { GetTimeSeriesRequestSchema } from '@coldreach/contracts';
import { metricNames, type IntervalName, type TimeSeriesQuery } from '../schemas/analytics-schemas';
import { enumValue, iso, isoOrNull, timestampOrUndefined } from './proto-values';

const hour = 3_600_000;
/** How far back a series reaches when `from` is left out: a useful chart of each interval. */
const defaultSpanMs: Record<IntervalName, number> = {
  hour: 48 * hour,
  day: 30 * 24 * hour,
  week: 12 * 7 * 24 * hour,
};

export function funnelFromProto(funnel: Funnel | undefined) {
  const rates = funnel?.rates;
  return {
    leads: Number(funnel?.leads ?? 0n),
    scheduled: Number(funnel?.scheduled ?? 0n),
    sent: Number(funnel?.sent ?? 0n),
    failed: Number(funnel?.failed ?? 0n),
    unknown: Number(funnel?.unknown ?? 0n),
    suppressed: Number(funnel?.suppressed ?? 0n),
    bounced: Number(funnel?.bounced ?? 0n),
    replied: Number(funnel?.replied ?? 0n),
    unsubscribed: Number(funnel?.unsubscribed ?? 0n),
    openedUnique: Number(funnel?.openedUnique ?? 0n),
    openedTotal: Number(funnel?.openedTotal ?? 0n),
    clickedUnique: Number(funnel?.clickedUnique ?? 0n),
    clickedTotal: Number(funnel?.clickedTotal ?? 0n),
    openedAutomated: Number(funnel?.openedAutomated ?? 0n),
    clickedAutomated: Number(funnel?.clickedAutomated ?? 0n),
    rates: {
      openRate: rates?.openRate ?? 0,
      clickRate: rates?.clickRate ?? 0,
      replyRate: rates?.replyRate ?? 0,
      bounceRate: rates?.bounceRate ?? 0,
      unsubscribeRate: rates?.unsubscribeRate ?? 0,
    },
  };
}

export function campaignStatsFromProto(response: GetCampaignStatsResponse) {
  return {
    campaignId: response.campaignId,
    total: funnelFromProto(response.total),
    steps: response.steps.map((step) => ({
      stepId: step.stepId,
      position: step.position,
      funnel: funnelFromProto(step.funnel),
    })),
    asOf: isoOrNull(response.asOfTime),
  };
}

const keyCounts = (counts: KeyCount[]) => counts.map(({ key, count }) => ({ key, count: Number(count) }));

export function overviewFromProto(response: GetWorkspaceOverviewResponse) {
  const o = response.overview;
  const n = (value: bigint | undefined) => Number(value ?? 0n);
  return {
    leads: n(o?.leads),
    campaigns: n(o?.campaigns),
    activeCampaigns: n(o?.activeCampaigns),
    emailsSent: n(o?.emailsSent),
    emailsFailed: n(o?.emailsFailed),
    emailsUnknown: n(o?.emailsUnknown),
    emailsSuppressed: n(o?.emailsSuppressed),
    emailsOpened: n(o?.emailsOpened),
    emailsClicked: n(o?.emailsClicked),
    unsubscribes: n(o?.unsubscribes),
    bounces: n(o?.bounces),
    replies: n(o?.replies),
    scrapeJobs: n(o?.scrapeJobs),
    pagesCrawled: n(o?.pagesCrawled),
    contactsFound: n(o?.contactsFound),
    leadsBySource: keyCounts(o?.leadsBySource ?? []),
    leadsByVerificationStatus: keyCounts(o?.leadsByVerificationStatus ?? []),
    emailsSentByMailbox: keyCounts(o?.emailsSentByMailbox ?? []),
    asOf: isoOrNull(response.asOfTime),
  };
}

/** The RPC request of a time-series query, with `to` defaulting to now and `from` to a span before it. */
export function timeSeriesRequest(
  workspaceId: string,
  query: TimeSeriesQuery,
  now = new Date(),
): MessageInitShape<typeof GetTimeSeriesRequestSchema> {
  const end = query.to ? new Date(query.to) : now;
  const start = query.from ? new Date(query.from) : new Date(end.getTime() - defaultSpanMs[query.interval]);
  return {
    workspaceId,
    metric: enumValue<Metric>(Metric, metricNames[query.metric]),
    interval: enumValue<Interval>(Interval, query.interval),
    startTime: timestampFromDate(start),
    endTime: timestampOrUndefined(query.to) ?? timestampFromDate(end),
    timeZone: query.timeZone ?? '',
    campaignId: query.campaignId ?? '',
    mailboxId: query.mailboxId ?? '',
  };
}

export function timeSeriesFromProto(query: TimeSeriesQuery, points: TimeSeriesPoint[]) {
  return {
    metric: query.metric,
    interval: query.interval,
    timeZone: query.timeZone ?? 'UTC',
    points: points.map((point) => ({ start: iso(point.startTime), value: Number(point.value) })),
  };
}
