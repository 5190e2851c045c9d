// JSON schemas of the analytics answers: a campaign's funnel, the workspace overview and time series.
// Counts come from the Analytics service, which counts each event once; they lag the sending by the
// event pipeline's delay, which `asOf` tells.
import { nullableTime, requestTime, timeProperty, uuidQuery } from './common-schemas';

const count = (description: string) => ({ type: 'integer', minimum: 0, description }) as const;
const rate = (description: string) => ({ type: 'number', minimum: 0, maximum: 1, description }) as const;

const funnelCounts = {
  leads: count('Leads added to the campaign (campaign totals only; 0 per step).'),
  scheduled: count('Emails handed to the Email service.'),
  sent: count('Emails the mail server accepted.'),
  failed: count('Emails that failed for good.'),
  unknown: count('Emails whose outcome is ambiguous (never re-sent automatically).'),
  suppressed: count('Emails not sent because the address was suppressed at send time.'),
  bounced: count('Emails that bounced after being sent.'),
  replied: count('Emails the lead replied to.'),
  unsubscribed: count('Recipients who unsubscribed from an email of this campaign.'),
  openedUnique: count('Emails opened by a person at least once (needs open tracking).'),
  openedTotal: count("Every person's open."),
  clickedUnique: count('Emails with a link followed by a person (needs click tracking).'),
  clickedTotal: count("Every person's click."),
  openedAutomated: count(
    "Opens by a prefetcher or scanner (Apple Mail Privacy Protection, Gmail's image proxy…), counted apart.",
  ),
  clickedAutomated: count('Clicks by a link scanner, counted apart.'),
} as const;

/** The funnel's counts, named as in the proto's Funnel. */
export const funnelCountNames = Object.keys(funnelCounts) as (keyof typeof funnelCounts)[];

export const funnelSchema = {
  $id: 'Funnel',
  type: 'object',
  required: [...Object.keys(funnelCounts), 'rates'],
  description: 'How far emails got; an email that was sent and then bounced counts in sent and in bounced.',
  properties: {
    ...funnelCounts,
    rates: {
      type: 'object',
      required: ['openRate', 'clickRate', 'replyRate', 'bounceRate', 'unsubscribeRate'],
      description: 'Shares of the emails sent (0 when none was sent).',
      properties: {
        openRate: rate('openedUnique / sent'),
        clickRate: rate('clickedUnique / sent'),
        replyRate: rate('replied / sent'),
        bounceRate: rate('bounced / sent'),
        unsubscribeRate: rate('unsubscribed / sent'),
      },
    },
  },
} as const;

export const campaignStatsSchema = {
  $id: 'CampaignStats',
  type: 'object',
  required: ['campaignId', 'total', 'steps', 'asOf'],
  properties: {
    campaignId: { type: 'string', format: 'uuid' },
    total: { $ref: 'Funnel#' },
    steps: {
      type: 'array',
      description: 'One per step that has had an email scheduled, in position order.',
      items: {
        type: 'object',
        required: ['stepId', 'position', 'funnel'],
        properties: {
          stepId: { type: 'string', format: 'uuid' },
          position: { type: 'integer', description: "The step's position when its emails were scheduled." },
          funnel: { $ref: 'Funnel#' },
        },
      },
    },
    asOf: nullableTime('When the newest counted event happened: the numbers are complete up to about then.'),
  },
} as const;

const keyCounts = (description: string) =>
  ({
    type: 'array',
    description,
    items: {
      type: 'object',
      required: ['key', 'count'],
      properties: { key: { type: 'string' }, count: { type: 'integer', minimum: 0 } },
    },
  }) as const;

const overviewCounts = {
  leads: count('Leads that exist now.'),
  campaigns: count('Campaigns that exist now.'),
  activeCampaigns: count('Campaigns sending now.'),
  emailsSent: count('Emails sent (campaigns and single sends).'),
  emailsFailed: count('Emails that failed for good.'),
  emailsUnknown: count('Emails whose outcome waits for a person to decide.'),
  emailsSuppressed: count('Emails not sent because the address was suppressed.'),
  emailsOpened: count('Emails opened by a person at least once.'),
  emailsClicked: count('Emails with a link followed by a person.'),
  unsubscribes: count('Recipients who unsubscribed.'),
  bounces: count('Bounces.'),
  replies: count('Replies.'),
  scrapeJobs: count('Scrape jobs ever created.'),
  pagesCrawled: count('Pages crawled by finished scrape jobs.'),
  contactsFound: count('Contacts the scraper extracted.'),
} as const;

/** The overview's counts, named as in the proto's WorkspaceOverview. */
export const overviewCountNames = Object.keys(overviewCounts) as (keyof typeof overviewCounts)[];

export const analyticsOverviewSchema = {
  $id: 'AnalyticsOverview',
  type: 'object',
  required: [
    ...Object.keys(overviewCounts),
    'leadsBySource',
    'leadsByVerificationStatus',
    'emailsSentByMailbox',
    'asOf',
  ],
  properties: {
    ...overviewCounts,
    leadsBySource: keyCounts(
      'Leads that exist now by how they came in (api, import, scrape), largest first.',
    ),
    leadsByVerificationStatus: keyCounts('Leads that exist now by verification status, largest first.'),
    emailsSentByMailbox: keyCounts(
      'Emails sent per mailbox id, largest first (per day: the time series with mailboxId).',
    ),
    asOf: nullableTime('When the newest counted event happened.'),
  },
} as const;

/** REST metric names → the proto's Metric names. */
export const metricNames = {
  scheduled: 'EMAILS_SCHEDULED',
  sent: 'EMAILS_SENT',
  failed: 'EMAILS_FAILED',
  unknown: 'EMAILS_UNKNOWN',
  suppressed: 'EMAILS_SUPPRESSED',
  unsubscribes: 'UNSUBSCRIBES',
  bounces: 'BOUNCES',
  replies: 'REPLIES',
  opens: 'OPENS',
  clicks: 'CLICKS',
  leads: 'LEADS_CREATED',
  pages: 'PAGES_CRAWLED',
  contacts: 'CONTACTS_FOUND',
  'scrape-jobs': 'SCRAPE_JOBS',
} as const;

export type MetricName = keyof typeof metricNames;
export const intervalNames = ['hour', 'day', 'week'] as const;
export type IntervalName = (typeof intervalNames)[number];

export interface TimeSeriesQuery {
  metric: MetricName;
  interval: IntervalName;
  from?: string;
  to?: string;
  timeZone?: string;
  campaignId?: string;
  mailboxId?: string;
}

export const timeSeriesQuerySchema = {
  type: 'object',
  required: ['metric'],
  additionalProperties: false,
  properties: {
    metric: {
      type: 'string',
      enum: Object.keys(metricNames),
      description:
        'What to count per bucket: emails scheduled, sent, failed, unknown, suppressed; unsubscribes, ' +
        "bounces, replies; people's opens and clicks; leads created; pages crawled, contacts found, scrape jobs.",
    },
    interval: { type: 'string', enum: intervalNames, default: 'day', description: 'Weeks start on Monday.' },
    from: requestTime(
      'Start (inclusive, rounded down to its bucket). Default: 48 hours, 30 days or 12 weeks before `to`.',
    ),
    to: requestTime('End (exclusive). Default: now. At most 1000 buckets from `from`.'),
    timeZone: {
      type: 'string',
      maxLength: 64,
      description: 'IANA time zone that days and weeks are aligned to (default UTC), e.g. Europe/Paris.',
    },
    campaignId: uuidQuery("Only this campaign's emails (email metrics only)."),
    mailboxId: uuidQuery("Only this mailbox's emails (email metrics only)."),
  },
} as const;

export const timeSeriesSchema = {
  $id: 'TimeSeries',
  type: 'object',
  required: ['metric', 'interval', 'timeZone', 'points'],
  properties: {
    metric: { type: 'string', enum: Object.keys(metricNames) },
    interval: { type: 'string', enum: intervalNames },
    timeZone: { type: 'string' },
    points: {
      type: 'array',
      description: 'Every bucket from start to end in time order, empty ones as 0.',
      items: {
        type: 'object',
        required: ['start', 'value'],
        properties: { start: timeProperty, value: { type: 'integer', minimum: 0 } },
      },
    },
  },
} as const;

export const analyticsSchemas = [
  funnelSchema,
  campaignStatsSchema,
  analyticsOverviewSchema,
  timeSeriesSchema,
];
