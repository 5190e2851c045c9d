import type { EmailCounter } from '../persistence/analytics-tables';

export type EmailCounts = Record<EmailCounter, number>;

export interface KeyCount {
  key: string;
  count: number;
}

export interface WorkspaceTotals {
  leads: number;
  leadsBySource: KeyCount[];
  leadsByVerificationStatus: KeyCount[];
  campaigns: number;
  activeCampaigns: number;
  emails: EmailCounts;
  emailsSentByMailbox: KeyCount[];
  scrapeJobs: number;
  pagesCrawled: number;
  contactsFound: number;
  /** Newest event counted; undefined when none was. */
  lastEventAt: Date | undefined;
}

export interface CampaignTotals {
  leads: number;
  /** One per step (step id '' holds what the events did not say the step of), any order. */
  steps: { stepId: string; position: number; counts: EmailCounts }[];
  lastEventAt: Date;
}

/** What a time series can count, by where it is kept. */
export type SeriesSource =
  | { table: 'email'; counter: EmailCounter }
  | { table: 'workspace'; counter: 'leads_created' | 'scrape_jobs' | 'pages_crawled' | 'contacts_found' };

export interface SeriesQuery {
  workspaceId: string;
  source: SeriesSource;
  from: Date;
  to: Date;
  /** Email counters only; '' for every campaign or mailbox. */
  campaignId: string;
  mailboxId: string;
}

/** The analytics counters, read side. */
export interface AnalyticsStore {
  workspaceTotals(workspaceId: string): Promise<WorkspaceTotals>;
  /** Undefined when no event of this campaign in this workspace was counted. */
  campaignTotals(workspaceId: string, campaignId: string): Promise<CampaignTotals | undefined>;
  /** Sums per UTC quarter hour in [from, to), only the quarter hours that have any. */
  quarterHourSums(query: SeriesQuery): Promise<{ bucket: Date; value: number }[]>;
}
