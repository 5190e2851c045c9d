import { quoteIdent } from '@coldreach/db';

/** The schema the live counters are read from and written to; a rebuild swaps a fresh one in. */
export const liveSchema = 'analytics';

/** Counters of `email_counters`, one column each, in the order statements list them. */
export const emailCounterNames = [
  'scheduled',
  'sent',
  'failed',
  'unknown',
  'suppressed',
  'bounced',
  'replied',
  'unsubscribed',
  'opened_total',
  'opened_unique',
  'opened_automated',
  'clicked_total',
  'clicked_unique',
  'clicked_automated',
] as const;
export type EmailCounter = (typeof emailCounterNames)[number];

/** Counters of `workspace_counters`. */
export const workspaceCounterNames = [
  'leads_created',
  'scrape_jobs',
  'pages_crawled',
  'contacts_found',
] as const;
export type WorkspaceCounter = (typeof workspaceCounterNames)[number];

const counterColumns = (names: readonly string[]) =>
  names.map((name) => `${name} bigint NOT NULL DEFAULT 0`).join(',\n  ');

/**
 * Every table of one analytics schema, as SQL (the migration creates the live one, a rebuild a fresh
 * one beside it). Counters are per UTC quarter hour (`bucket`): every time zone's offset is a
 * multiple of 15 minutes, so hours, days and weeks of any zone are sums of whole buckets.
 */
export function analyticsTablesSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
CREATE SCHEMA ${s};
-- Event ids applied to this schema's counters, written in the same transaction as their effect.
CREATE TABLE ${s}.processed_events (event_id uuid PRIMARY KEY);
-- What happens once per subject: a delivery's first person open, a scrape job's first event, ...
CREATE TABLE ${s}.first_seen (
  subject text NOT NULL,
  kind text NOT NULL,
  PRIMARY KEY (subject, kind)
);
-- Email outcomes; campaign_id, step_id and mailbox_id are '' where the event has none.
CREATE TABLE ${s}.email_counters (
  workspace_id uuid NOT NULL,
  campaign_id text NOT NULL,
  step_id text NOT NULL,
  mailbox_id text NOT NULL,
  bucket timestamptz NOT NULL,
  step_position integer NOT NULL DEFAULT 0,
  ${counterColumns(emailCounterNames)},
  PRIMARY KEY (workspace_id, campaign_id, step_id, mailbox_id, bucket)
);
CREATE INDEX email_counters_by_time ON ${s}.email_counters (workspace_id, bucket);
CREATE TABLE ${s}.workspace_counters (
  workspace_id uuid NOT NULL,
  bucket timestamptz NOT NULL,
  ${counterColumns(workspaceCounterNames)},
  PRIMARY KEY (workspace_id, bucket)
);
-- Each lead's current source and verification status, so a delete or a new status moves counts.
CREATE TABLE ${s}.lead_states (
  workspace_id uuid NOT NULL,
  client_id text NOT NULL,
  -- NULL until an event says (read as "api", "unverified", not deleted).
  source text,
  status text,
  deleted boolean,
  as_of timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, client_id)
);
-- A campaign's lifecycle status (NULL: only its emails were seen) and lead count.
CREATE TABLE ${s}.campaign_states (
  workspace_id uuid NOT NULL,
  campaign_id text NOT NULL,
  status text,
  status_as_of timestamptz,
  leads bigint,
  leads_as_of timestamptz,
  last_event_at timestamptz NOT NULL,
  PRIMARY KEY (workspace_id, campaign_id)
);
CREATE TABLE ${s}.workspace_states (
  workspace_id uuid PRIMARY KEY,
  last_event_at timestamptz NOT NULL
);`;
}
