import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import { FunnelSchema, Interval, Metric, WorkspaceOverviewSchema } from '@coldreach/contracts';
import type { WorkspaceTotals } from '../domain/analytics-store';
import type { MetricName } from '../domain/analytics-use-cases';
import type { Funnel } from '../domain/funnel';
import type { Interval as IntervalName } from '../domain/time-buckets';

const metricNames: Partial<Record<Metric, MetricName>> = {
  [Metric.EMAILS_SCHEDULED]: 'emails_scheduled',
  [Metric.EMAILS_SENT]: 'emails_sent',
  [Metric.EMAILS_FAILED]: 'emails_failed',
  [Metric.EMAILS_UNKNOWN]: 'emails_unknown',
  [Metric.EMAILS_SUPPRESSED]: 'emails_suppressed',
  [Metric.UNSUBSCRIBES]: 'unsubscribes',
  [Metric.BOUNCES]: 'bounces',
  [Metric.REPLIES]: 'replies',
  [Metric.LEADS_CREATED]: 'leads_created',
  [Metric.PAGES_CRAWLED]: 'pages_crawled',
  [Metric.CONTACTS_FOUND]: 'contacts_found',
  [Metric.OPENS]: 'opens',
  [Metric.CLICKS]: 'clicks',
  [Metric.SCRAPE_JOBS]: 'scrape_jobs',
};

const intervalNames: Partial<Record<Interval, IntervalName>> = {
  [Interval.HOUR]: 'hour',
  [Interval.DAY]: 'day',
  [Interval.WEEK]: 'week',
};

/** Undefined for UNSPECIFIED and for a value this version does not know. */
export const metricFromProto = (metric: Metric): MetricName | undefined => metricNames[metric];
export const intervalFromProto = (interval: Interval): IntervalName | undefined => intervalNames[interval];

export const optionalDate = (timestamp: Timestamp | undefined): Date | undefined =>
  timestamp ? timestampDate(timestamp) : undefined;

export const optionalTimestamp = (date: Date | undefined): Timestamp | undefined =>
  date ? timestampFromDate(date) : undefined;

export function funnelToProto(funnel: Funnel): MessageInitShape<typeof FunnelSchema> {
  const { counts } = funnel;
  return create(FunnelSchema, {
    scheduled: BigInt(counts.scheduled),
    sent: BigInt(counts.sent),
    failed: BigInt(counts.failed),
    unknown: BigInt(counts.unknown),
    suppressed: BigInt(counts.suppressed),
    unsubscribed: BigInt(counts.unsubscribed),
    bounced: BigInt(counts.bounced),
    replied: BigInt(counts.replied),
    leads: BigInt(funnel.leads),
    openedUnique: BigInt(counts.opened_unique),
    openedTotal: BigInt(counts.opened_total),
    clickedUnique: BigInt(counts.clicked_unique),
    clickedTotal: BigInt(counts.clicked_total),
    openedAutomated: BigInt(counts.opened_automated),
    clickedAutomated: BigInt(counts.clicked_automated),
    rates: { ...funnel.rates },
  });
}

export function overviewToProto(totals: WorkspaceTotals): MessageInitShape<typeof WorkspaceOverviewSchema> {
  const { emails } = totals;
  const keyCounts = (entries: { key: string; count: number }[]) =>
    entries.map((entry) => ({ key: entry.key, count: BigInt(entry.count) }));
  return create(WorkspaceOverviewSchema, {
    leads: BigInt(totals.leads),
    campaigns: BigInt(totals.campaigns),
    activeCampaigns: BigInt(totals.activeCampaigns),
    emailsSent: BigInt(emails.sent),
    emailsFailed: BigInt(emails.failed),
    emailsUnknown: BigInt(emails.unknown),
    emailsSuppressed: BigInt(emails.suppressed),
    unsubscribes: BigInt(emails.unsubscribed),
    bounces: BigInt(emails.bounced),
    replies: BigInt(emails.replied),
    scrapeJobs: BigInt(totals.scrapeJobs),
    contactsFound: BigInt(totals.contactsFound),
    leadsBySource: keyCounts(totals.leadsBySource),
    leadsByVerificationStatus: keyCounts(totals.leadsByVerificationStatus),
    emailsSentByMailbox: keyCounts(totals.emailsSentByMailbox),
    pagesCrawled: BigInt(totals.pagesCrawled),
    emailsOpened: BigInt(emails.opened_unique),
    emailsClicked: BigInt(emails.clicked_unique),
  });
}
