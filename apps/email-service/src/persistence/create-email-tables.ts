import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Email service's tables: mailboxes (SMTP URL sealed), the delivery ledger, the campaigns the
 * Campaign service paused, the suppression list, and the caught messages of the catcher transport.
 */
export class CreateEmailTables1763900000000 implements MigrationInterface {
  name = 'CreateEmailTables1763900000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE mailboxes (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        name text NOT NULL,
        from_name text NOT NULL DEFAULT '',
        from_address text NOT NULL,
        smtp_url_sealed text,
        smtp_host text NOT NULL DEFAULT '',
        smtp_port integer NOT NULL DEFAULT 0,
        has_credentials boolean NOT NULL DEFAULT false,
        daily_cap integer NOT NULL,
        domain_hourly_cap integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX mailboxes_workspace_listing_idx ON mailboxes (workspace_id, created_at DESC, id DESC)',
    );

    // Every claim takes the next value, so a later claim always holds a larger token than any
    // earlier one, and a worker whose lease ran out can tell (its token is no longer the row's).
    await runner.query('CREATE SEQUENCE delivery_fencing_tokens');
    await runner.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        campaign_id uuid,
        step_id uuid,
        step_position integer NOT NULL DEFAULT 0,
        client_id uuid NOT NULL,
        mailbox_id uuid NOT NULL,
        to_address text NOT NULL,
        recipient jsonb NOT NULL,
        subject_template text NOT NULL,
        text_body_template text NOT NULL DEFAULT '',
        html_body_template text NOT NULL DEFAULT '',
        subject text NOT NULL DEFAULT '',
        schedule jsonb,
        time_zone text NOT NULL DEFAULT 'UTC',
        in_reply_to text NOT NULL DEFAULT '',
        request_id text,
        status text NOT NULL CONSTRAINT deliveries_status_check CHECK (status IN
          ('pending', 'scheduled', 'claimed', 'sending', 'sent', 'failed', 'suppressed', 'unknown', 'cancelled')),
        scheduled_at timestamptz(3) NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3),
        last_error text NOT NULL DEFAULT '',
        last_smtp_code integer NOT NULL DEFAULT 0,
        message_id text NOT NULL,
        fencing_token bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        sent_at timestamptz(3)
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX deliveries_request_id_key ON deliveries (workspace_id, request_id) WHERE request_id IS NOT NULL',
    );
    await runner.query(
      "CREATE INDEX deliveries_due_idx ON deliveries (scheduled_at) WHERE status = 'scheduled'",
    );
    await runner.query(
      "CREATE INDEX deliveries_lease_idx ON deliveries (lease_until) WHERE status IN ('claimed', 'sending')",
    );
    await runner.query(
      'CREATE INDEX deliveries_workspace_listing_idx ON deliveries (workspace_id, created_at DESC, id DESC)',
    );
    await runner.query(
      'CREATE INDEX deliveries_campaign_idx ON deliveries (campaign_id) WHERE campaign_id IS NOT NULL',
    );
    await runner.query(
      "CREATE INDEX deliveries_open_mailbox_idx ON deliveries (mailbox_id) WHERE status IN ('pending', 'scheduled', 'claimed', 'sending')",
    );

    await runner.query(`
      CREATE TABLE paused_campaigns (
        campaign_id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        paused_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await runner.query(`
      CREATE TABLE suppressions (
        workspace_id uuid NOT NULL,
        email text NOT NULL,
        reason text NOT NULL CONSTRAINT suppressions_reason_check
          CHECK (reason IN ('unsubscribe', 'hard_bounce', 'complaint', 'manual')),
        note text NOT NULL DEFAULT '',
        delivery_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (workspace_id, email)
      )`);
    await runner.query(
      'CREATE INDEX suppressions_listing_idx ON suppressions (workspace_id, created_at DESC, email DESC)',
    );

    await runner.query(`
      CREATE TABLE caught_messages (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        campaign_id uuid,
        mailbox_id uuid NOT NULL,
        envelope_from text NOT NULL,
        envelope_to text[] NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL DEFAULT '',
        html_body text NOT NULL DEFAULT '',
        headers jsonb NOT NULL,
        message_id text NOT NULL,
        size_bytes integer NOT NULL,
        caught_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await runner.query(
      'CREATE INDEX caught_messages_listing_idx ON caught_messages (workspace_id, caught_at DESC, id DESC)',
    );
    await runner.query('CREATE INDEX caught_messages_delivery_idx ON caught_messages (delivery_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['caught_messages', 'suppressions', 'paused_campaigns', 'deliveries', 'mailboxes']) {
      await runner.query(`DROP TABLE ${table}`);
    }
    await runner.query('DROP SEQUENCE delivery_fencing_tokens');
  }
}
