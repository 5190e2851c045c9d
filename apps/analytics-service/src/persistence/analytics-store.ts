import type { DataSource } from 'typeorm';
import { quoteIdent, type ReadReplicas } from '@coldreach/db';
import type {
  AnalyticsStore,
  CampaignTotals,
  EmailCounts,
  KeyCount,
  SeriesQuery,
  WorkspaceTotals,
} from '../domain/analytics-store';
import { emailCounterNames, liveSchema } from './analytics-tables';

type Row = Record<string, unknown>;

const sums = emailCounterNames.map((name) => `coalesce(sum(${name}), 0)::text AS ${name}`).join(', ');

/**
 * Reads the counters of the live schema (or `schema`, e.g. a rebuild's, for checks). With `replicas`,
 * each query goes where they say (the replica while it is within the lag bound), scoped to the
 * workspace asked about (params[0] of every query).
 */
export function createAnalyticsStore(
  dataSource: DataSource,
  schema = liveSchema,
  replicas?: ReadReplicas,
): AnalyticsStore {
  const s = quoteIdent(schema);
  const rows = (sql: string, params: unknown[]) =>
    (replicas
      ? replicas.read(0, String(params[0]), (source) => source.query(sql, params))
      : dataSource.query(sql, params)) as Promise<Row[]>;

  return {
    async workspaceTotals(workspaceId: string): Promise<WorkspaceTotals> {
      const [emails, mailboxes, bySource, byStatus, campaigns, scrape, state] = await Promise.all([
        rows(`SELECT ${sums} FROM ${s}.email_counters WHERE workspace_id = $1`, [workspaceId]),
        rows(
          `SELECT mailbox_id AS key, sum(sent)::text AS count FROM ${s}.email_counters
           WHERE workspace_id = $1 AND mailbox_id <> '' GROUP BY mailbox_id HAVING sum(sent) > 0`,
          [workspaceId],
        ),
        rows(
          `SELECT coalesce(source, 'api') AS key, count(*)::text AS count FROM ${s}.lead_states
           WHERE workspace_id = $1 AND NOT coalesce(deleted, false) GROUP BY 1`,
          [workspaceId],
        ),
        rows(
          `SELECT coalesce(status, 'unverified') AS key, count(*)::text AS count FROM ${s}.lead_states
           WHERE workspace_id = $1 AND NOT coalesce(deleted, false) GROUP BY 1`,
          [workspaceId],
        ),
        rows(
          `SELECT count(*) FILTER (WHERE status IS NOT NULL AND status <> 'deleted')::text AS campaigns,
                  count(*) FILTER (WHERE status = 'active')::text AS active
           FROM ${s}.campaign_states WHERE workspace_id = $1`,
          [workspaceId],
        ),
        rows(
          `SELECT coalesce(sum(scrape_jobs), 0)::text AS jobs, coalesce(sum(pages_crawled), 0)::text AS pages,
                  coalesce(sum(contacts_found), 0)::text AS contacts
           FROM ${s}.workspace_counters WHERE workspace_id = $1`,
          [workspaceId],
        ),
        rows(`SELECT last_event_at FROM ${s}.workspace_states WHERE workspace_id = $1`, [workspaceId]),
      ]);
      const leadsBySource = keyCounts(bySource);
      return {
        leads: leadsBySource.reduce((total, entry) => total + entry.count, 0),
        leadsBySource,
        leadsByVerificationStatus: keyCounts(byStatus),
        campaigns: Number(campaigns[0]?.campaigns ?? 0),
        activeCampaigns: Number(campaigns[0]?.active ?? 0),
        emails: emailCounts(emails[0] ?? {}),
        emailsSentByMailbox: keyCounts(mailboxes),
        scrapeJobs: Number(scrape[0]?.jobs ?? 0),
        pagesCrawled: Number(scrape[0]?.pages ?? 0),
        contactsFound: Number(scrape[0]?.contacts ?? 0),
        lastEventAt: state[0] ? new Date(state[0].last_event_at as string | Date) : undefined,
      };
    },

    async campaignTotals(workspaceId: string, campaignId: string): Promise<CampaignTotals | undefined> {
      const [campaign] = await rows(
        `SELECT leads::text AS leads, last_event_at FROM ${s}.campaign_states
         WHERE workspace_id = $1 AND campaign_id = $2`,
        [workspaceId, campaignId],
      );
      if (!campaign) return undefined;
      const steps = await rows(
        `SELECT step_id, max(step_position) AS position, ${sums} FROM ${s}.email_counters
         WHERE workspace_id = $1 AND campaign_id = $2 GROUP BY step_id`,
        [workspaceId, campaignId],
      );
      return {
        leads: Number(campaign.leads ?? 0),
        lastEventAt: new Date(campaign.last_event_at as string | Date),
        steps: steps.map((step) => ({
          stepId: String(step.step_id),
          position: Number(step.position),
          counts: emailCounts(step),
        })),
      };
    },

    async quarterHourSums(query: SeriesQuery): Promise<{ bucket: Date; value: number }[]> {
      const { source } = query;
      const params: unknown[] = [query.workspaceId, query.from.toISOString(), query.to.toISOString()];
      let table = `${s}.workspace_counters`;
      let filters = '';
      if (source.table === 'email') {
        table = `${s}.email_counters`;
        if (query.campaignId !== '') filters += ` AND campaign_id = $${params.push(query.campaignId)}`;
        if (query.mailboxId !== '') filters += ` AND mailbox_id = $${params.push(query.mailboxId)}`;
      }
      const found = await rows(
        `SELECT bucket, sum(${source.counter})::text AS value FROM ${table}
         WHERE workspace_id = $1 AND bucket >= $2 AND bucket < $3${filters}
         GROUP BY bucket HAVING sum(${source.counter}) <> 0 ORDER BY bucket`,
        params,
      );
      return found.map((row) => ({
        bucket: new Date(row.bucket as string | Date),
        value: Number(row.value),
      }));
    },
  };
}

function emailCounts(row: Row): EmailCounts {
  return Object.fromEntries(emailCounterNames.map((name) => [name, Number(row[name] ?? 0)])) as EmailCounts;
}

/** Largest first; ties by key, so answers are stable. */
function keyCounts(found: Row[]): KeyCount[] {
  return found
    .map((row) => ({ key: String(row.key), count: Number(row.count) }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}
