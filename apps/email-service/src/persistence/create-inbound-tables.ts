import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Inbound mail: a mailbox's IMAP URL (sealed like its SMTP URL) and inbox state, one reader row per
 * mailbox (lease and where it stopped), the messages read, and the BOUNCED delivery state.
 */
export class CreateInboundTables1764800000000 implements MigrationInterface {
  name = 'CreateInboundTables1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE mailboxes
        ADD COLUMN imap_url_sealed text,
        ADD COLUMN imap_host text NOT NULL DEFAULT '',
        ADD COLUMN imap_port integer NOT NULL DEFAULT 0,
        ADD COLUMN inbox_read_at timestamptz(3),
        ADD COLUMN inbox_error text NOT NULL DEFAULT ''`);
    await runner.query('ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check');
    await runner.query(`
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN
        ('pending', 'scheduled', 'claimed', 'sending', 'sent', 'failed', 'suppressed', 'unknown', 'cancelled',
         'bounced'))`);
    // The recipient-and-subject fallback looks for the latest sent delivery of a mailbox to an address,
    // compared lower-cased (on to_address alone the index could not serve it: a scan of every delivery).
    await runner.query(
      `CREATE INDEX deliveries_mailbox_recipient_idx ON deliveries (mailbox_id, lower(to_address), sent_at DESC)
       WHERE sent_at IS NOT NULL`,
    );

    // One reader per mailbox: the lease says who; uidvalidity and last_uid say where it stopped.
    await runner.query(`
      CREATE TABLE inbox_readers (
        mailbox_id uuid PRIMARY KEY,
        uidvalidity bigint,
        last_uid bigint NOT NULL DEFAULT 0,
        lease_owner text,
        lease_until timestamptz(3)
      )`);

    await runner.query(`
      CREATE TABLE inbound_messages (
        id uuid PRIMARY KEY,
        workspace_id uuid NOT NULL,
        mailbox_id uuid NOT NULL,
        kind text NOT NULL CONSTRAINT inbound_messages_kind_check CHECK (kind IN
          ('reply', 'auto_reply', 'bounce', 'complaint', 'unsubscribe_request', 'unrelated')),
        delivery_id uuid,
        campaign_id uuid,
        client_id uuid,
        from_address text NOT NULL DEFAULT '',
        subject text NOT NULL DEFAULT '',
        snippet text NOT NULL DEFAULT '',
        message_id text NOT NULL DEFAULT '',
        receive_time timestamptz(3) NOT NULL,
        bounce_type text NOT NULL DEFAULT '',
        bounce_status text NOT NULL DEFAULT '',
        bounced_address text NOT NULL DEFAULT '',
        return_at timestamptz(3),
        uidvalidity bigint,
        uid bigint
      )`);
    // A message read again (after a crash, or a new UIDVALIDITY) is found by either key and skipped.
    await runner.query(
      "CREATE UNIQUE INDEX inbound_messages_message_id_key ON inbound_messages (mailbox_id, message_id) WHERE message_id <> ''",
    );
    await runner.query(
      'CREATE UNIQUE INDEX inbound_messages_uid_key ON inbound_messages (mailbox_id, uidvalidity, uid) WHERE uid IS NOT NULL',
    );
    await runner.query(
      'CREATE INDEX inbound_messages_listing_idx ON inbound_messages (workspace_id, receive_time DESC, id DESC)',
    );
    await runner.query(
      "CREATE INDEX inbound_messages_soft_bounces_idx ON inbound_messages (workspace_id, bounced_address) WHERE kind = 'bounce'",
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE inbound_messages');
    await runner.query('DROP TABLE inbox_readers');
    await runner.query('DROP INDEX deliveries_mailbox_recipient_idx');
    await runner.query('ALTER TABLE deliveries DROP CONSTRAINT deliveries_status_check');
    await runner.query(`
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_status_check CHECK (status IN
        ('pending', 'scheduled', 'claimed', 'sending', 'sent', 'failed', 'suppressed', 'unknown', 'cancelled'))`);
    await runner.query(`
      ALTER TABLE mailboxes DROP COLUMN imap_url_sealed, DROP COLUMN imap_host, DROP COLUMN imap_port,
        DROP COLUMN inbox_read_at, DROP COLUMN inbox_error`);
  }
}
