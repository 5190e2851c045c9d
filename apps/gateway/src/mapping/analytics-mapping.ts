import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  Interval,
  Metric,
  type Funnel,
  type GetCampaignStatsResponse,
  type GetWorkspaceOverviewResponse,
  type KeyCount,
  type GetTimeSeriesRequestSchema,
  type TimeSeriesPoint,
} from '@coldreach/contracts';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  funnelCountNames,
  metricNames,
  overviewCountNames,
  type IntervalName,
  type TimeSeriesQuery,
} from '../schemas/analytics-schemas';
import { enumValue, iso, isoOrNull, timestampOrUndefined } from './proto-values';

const hour = 3_600_000;
/** How far back a series reaches when `from` is left out: a useful chart of each interval. */
const defaultSpanMs: Record<IntervalName, number> = {
  hour: 48 * hour,
  day: 30 * 24 * hour,
  week: 12 * 7 * 24 * hour,
};

/** The named int64 counts of a message as JSON numbers, 0 for a message that is absent. */
function countsOf<K extends string>(
  message: Partial<Record<K, bigint>> | undefined,
  names: readonly K[],
): Record<K, number> {
  return Object.fromEntries(names.map((name) => [name, Number(message?.[name] ?? 0n)])) as Record<K, number>;
}

export function funnelFromProto(funnel: Funnel | undefined) {
  const rates = funnel?.rates;
  return {
    ...countsOf(funnel, funnelCountNames),
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
  const overview = response.overview;
  return {
    ...countsOf(overview, overviewCountNames),
    leadsBySource: keyCounts(overview?.leadsBySource ?? []),
    leadsByVerificationStatus: keyCounts(overview?.leadsByVerificationStatus ?? []),
    emailsSentByMailbox: keyCounts(overview?.emailsSentByMailbox ?? []),
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
