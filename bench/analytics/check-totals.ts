import type { DataSource } from 'typeorm';
import type { MixTotals } from './event-mix';

/** Compares what analytics counted with what was generated; answers one line per difference. */
export async function checkTotals(dataSource: DataSource, totals: MixTotals): Promise<string[]> {
  const [email] = (await dataSource.query(
    `SELECT sum(scheduled) AS scheduled, sum(sent) AS sent, sum(failed) AS failed, sum(suppressed) AS suppressed,
            sum(bounced) AS bounced, sum(replied) AS replied, sum(unsubscribed) AS unsubscribed,
            sum(opened_total) AS opened_total, sum(opened_unique) AS opened_unique,
            sum(opened_automated) AS opened_automated, sum(clicked_total) AS clicked_total,
            sum(clicked_unique) AS clicked_unique, sum(clicked_automated) AS clicked_automated
     FROM analytics.email_counters`,
  )) as Record<string, string>[];
  const [workspace] = (await dataSource.query(
    `SELECT sum(leads_created) AS leads_created, sum(contacts_found) AS contacts_found,
            sum(pages_crawled) AS pages_crawled, sum(scrape_jobs) AS scrape_jobs
     FROM analytics.workspace_counters`,
  )) as Record<string, string>[];
  const [leads] = (await dataSource.query(
    'SELECT count(*) AS leads_now FROM analytics.lead_states WHERE NOT coalesce(deleted, false)',
  )) as Record<string, string>[];
  const [processed] = (await dataSource.query(
    'SELECT count(*) AS events FROM analytics.processed_events',
  )) as Record<string, string>[];
  const found: Record<string, string | undefined> = { ...email, ...workspace, ...leads, ...processed };
  return Object.entries(totals).flatMap(([name, expected]) =>
    Number(found[name] ?? 0) === expected
      ? []
      : [`${name}: expected ${expected}, counted ${found[name] ?? 0}`],
  );
}
