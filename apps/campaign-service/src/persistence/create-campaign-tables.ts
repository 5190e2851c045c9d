import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The campaign service's tables. Every row carries workspace_id and every query filters on it.
 * Tasks: one per (campaign, client, step) — the id is derived from those, and the unique key makes
 * "at most one email per step per lead" hold even against a bug in the caller.
 */
export class CreateCampaignTables1732600000000 implements MigrationInterface {
  name = 'CreateCampaignTables1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        status text NOT NULL
          CONSTRAINT campaigns_status_check CHECK (status IN ('draft', 'active', 'paused', 'completed')),
        target_criteria jsonb NOT NULL,
        mailbox_ids uuid[] NOT NULL DEFAULT '{}',
        schedule jsonb NOT NULL,
        daily_cap integer NOT NULL DEFAULT 0 CONSTRAINT campaigns_daily_cap_check CHECK (daily_cap >= 0),
        stop_on_reply boolean NOT NULL DEFAULT false,
        step_count integer NOT NULL DEFAULT 0,
        lead_count integer NOT NULL DEFAULT 0,
        -- Round-robin position over mailbox_ids for the next lead that needs a mailbox.
        mailbox_cursor bigint NOT NULL DEFAULT 0,
        -- Set when the daily cap is reached: no hand-over before this instant (the next local day).
        handover_blocked_until timestamptz(3),
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        launched_at timestamptz(3),
        completed_at timestamptz(3)
      )`);
    await runner.query(
      'CREATE INDEX campaigns_workspace_listing_idx ON campaigns (workspace_id, created_at DESC, id DESC)',
    );
    await runner.query("CREATE INDEX campaigns_active_idx ON campaigns (id) WHERE status = 'active'");

    await runner.query(`
      CREATE TABLE campaign_steps (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        position integer NOT NULL CONSTRAINT campaign_steps_position_check CHECK (position >= 1),
        delay_minutes integer NOT NULL CONSTRAINT campaign_steps_delay_check CHECK (delay_minutes >= 0),
        subject_template text NOT NULL,
        text_body_template text NOT NULL,
        html_body_template text NOT NULL,
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        -- Deferred, so renumbering can move several steps within one transaction.
        CONSTRAINT campaign_steps_position_key UNIQUE (campaign_id, position) DEFERRABLE INITIALLY DEFERRED
      )`);

    await runner.query(`
      CREATE TABLE campaign_leads (
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        workspace_id uuid NOT NULL,
        email text NOT NULL,
        -- The client's time_zone custom field when it held a valid IANA name as the lead joined.
        time_zone text NOT NULL DEFAULT '',
        state text NOT NULL CONSTRAINT campaign_leads_state_check CHECK (state IN ('active', 'completed',
          'stopped_unsubscribed', 'stopped_bounced', 'stopped_complained', 'stopped_replied', 'stopped_failed')),
        mailbox_id uuid,
        -- The step whose task drives the sequence now; the sequence advances when it is sent.
        next_step_id uuid,
        next_send_at timestamptz(3),
        last_sent_position integer NOT NULL DEFAULT 0,
        last_sent_at timestamptz(3),
        added_at timestamptz(3) NOT NULL,
        ended_at timestamptz(3),
        PRIMARY KEY (campaign_id, client_id)
      )`);
    await runner.query(
      'CREATE INDEX campaign_leads_listing_idx ON campaign_leads (campaign_id, added_at DESC, client_id DESC)',
    );
    await runner.query('CREATE INDEX campaign_leads_client_idx ON campaign_leads (workspace_id, client_id)');
    // Per-lead statements (advance a sequence, stop it, complete it) look a lead up by client id
    // among a campaign's active ones: a point lookup, whatever the statistics say.
    await runner.query(
      "CREATE INDEX campaign_leads_active_idx ON campaign_leads (campaign_id, client_id) WHERE state = 'active'",
    );
    // The scheduler's search for active leads without a next step must not read every active lead.
    await runner.query(
      "CREATE INDEX campaign_leads_unscheduled_idx ON campaign_leads (campaign_id) WHERE state = 'active' AND next_step_id IS NULL",
    );

    await runner.query(`
      CREATE TABLE campaign_tasks (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        client_id uuid NOT NULL,
        step_id uuid NOT NULL,
        step_position integer NOT NULL,
        status text NOT NULL CONSTRAINT campaign_tasks_status_check CHECK (status IN ('pending', 'scheduled',
          'claimed', 'sending', 'sent', 'failed', 'suppressed', 'unknown', 'cancelled')),
        -- The earliest time before the sending window is applied (previous send + delay, or a
        -- caller's time); due_at is it moved into the window, and is what the scheduler waits for.
        not_before timestamptz(3) NOT NULL,
        due_at timestamptz(3) NOT NULL,
        mailbox_id uuid NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_error text NOT NULL DEFAULT '',
        message_id text NOT NULL DEFAULT '',
        handed_over_at timestamptz(3),
        -- A scheduler's claim while it fetches the recipients (outside any transaction): other
        -- schedulers skip the task until the claim expires; the hand-over checks it is still theirs.
        handover_claim uuid,
        handover_claim_until timestamptz(3),
        sent_at timestamptz(3),
        created_at timestamptz(3) NOT NULL,
        updated_at timestamptz(3) NOT NULL,
        CONSTRAINT campaign_tasks_once_key UNIQUE (campaign_id, client_id, step_id)
      )`);
    await runner.query(
      "CREATE INDEX campaign_tasks_due_idx ON campaign_tasks (campaign_id, due_at, id) WHERE status = 'pending'",
    );
    await runner.query(
      'CREATE INDEX campaign_tasks_listing_idx ON campaign_tasks (campaign_id, due_at DESC, id DESC)',
    );
    await runner.query('CREATE INDEX campaign_tasks_client_idx ON campaign_tasks (workspace_id, client_id)');
    await runner.query(
      'CREATE INDEX campaign_tasks_handed_over_idx ON campaign_tasks (campaign_id, handed_over_at) WHERE handed_over_at IS NOT NULL',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE campaign_tasks');
    await runner.query('DROP TABLE campaign_leads');
    await runner.query('DROP TABLE campaign_steps');
    await runner.query('DROP TABLE campaigns');
  }
}
