import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { DomainError, notFound } from '@coldreach/errors';
import type { ImapSetting, Mailbox, MailboxChanges, SmtpSetting } from '../domain/mailbox';
import type { MailboxStore } from '../domain/mailbox-store';
import { countOpenDeliveries } from '../ledger/store/delivery-lookups';
import type { SmtpUrlCipher } from './smtp-url-cipher';

interface MailboxRow {
  id: string;
  workspace_id: string;
  name: string;
  from_name: string;
  from_address: string;
  smtp_url_sealed: string | null;
  smtp_host: string;
  smtp_port: number;
  has_credentials: boolean;
  daily_cap: number;
  domain_hourly_cap: number;
  imap_url_sealed: string | null;
  imap_host: string;
  imap_port: number;
  inbox_read_at: Date | null;
  inbox_error: string;
  created_at: Date;
  updated_at: Date;
}

/** Mailboxes in the service's database; SMTP URLs are sealed with `cipher` before they are written. */
export function createMailboxStore(dataSource: DataSource, cipher: SmtpUrlCipher): MailboxStore {
  const manager = dataSource.manager;
  const one = async (workspaceId: string, id: string): Promise<MailboxRow> => {
    const [row] = await queryRows<MailboxRow>(
      manager,
      'SELECT * FROM mailboxes WHERE id = $1 AND workspace_id = $2',
      [id, workspaceId],
    );
    if (!row) throw notFound(`mailbox ${id}`);
    return row;
  };

  return {
    async create(mailbox) {
      const smtp = smtpColumns(mailbox.smtp, cipher);
      const imap = imapColumns(mailbox.imap, cipher);
      const [row] = await queryRows<MailboxRow>(
        manager,
        `INSERT INTO mailboxes (id, workspace_id, name, from_name, from_address, smtp_url_sealed, smtp_host,
           smtp_port, has_credentials, daily_cap, domain_hourly_cap, created_at, updated_at,
           imap_url_sealed, imap_host, imap_port)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $15) RETURNING *`,
        [
          mailbox.id,
          mailbox.workspaceId,
          mailbox.name,
          mailbox.fromName,
          mailbox.fromAddress,
          smtp.smtp_url_sealed,
          smtp.smtp_host,
          smtp.smtp_port,
          smtp.has_credentials,
          mailbox.dailyCap,
          mailbox.domainHourlyCap,
          mailbox.now.toISOString(),
          imap.imap_url_sealed,
          imap.imap_host,
          imap.imap_port,
        ],
      );
      return mailboxOf(row!);
    },

    async get(workspaceId, id) {
      return mailboxOf(await one(workspaceId, id));
    },

    async imapUrlOf(workspaceId, id) {
      const row = await one(workspaceId, id);
      return row.imap_url_sealed === null ? undefined : cipher.open(row.imap_url_sealed);
    },

    async smtpUrlOf(workspaceId, id) {
      const row = await one(workspaceId, id);
      return row.smtp_url_sealed === null ? undefined : cipher.open(row.smtp_url_sealed);
    },

    async list(workspaceId, after, limit) {
      const rows = after
        ? await queryRows<MailboxRow>(
            manager,
            `SELECT * FROM mailboxes WHERE workspace_id = $1 AND (created_at, id) < ($2::timestamptz, $3::uuid)
             ORDER BY created_at DESC, id DESC LIMIT $4`,
            [workspaceId, after.time.toISOString(), after.key, limit],
          )
        : await queryRows<MailboxRow>(
            manager,
            'SELECT * FROM mailboxes WHERE workspace_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
            [workspaceId, limit],
          );
      return rows.map(mailboxOf);
    },

    async update(workspaceId, id, changes, now) {
      const columns = changedColumns(changes, cipher);
      const names = Object.keys(columns);
      const [row] = await queryRows<MailboxRow>(
        manager,
        `UPDATE mailboxes SET ${names.map((name, index) => `${name} = $${index + 4}`).join(', ')}, updated_at = $3
         WHERE id = $1 AND workspace_id = $2 RETURNING *`,
        [id, workspaceId, now.toISOString(), ...Object.values(columns)],
      );
      if (!row) throw notFound(`mailbox ${id}`);
      // Another IMAP account's UIDs mean nothing here: its reader starts afresh (dedup on Message-ID
      // keeps a message seen before from applying twice).
      if (changes.imap !== undefined)
        await queryRows(manager, 'DELETE FROM inbox_readers WHERE mailbox_id = $1', [id]);
      return mailboxOf(row);
    },

    async delete(workspaceId, id) {
      await dataSource.transaction(async (tx) => {
        // FOR UPDATE waits for the inserts that read the mailbox FOR SHARE, so the count sees them.
        const [row] = await queryRows<{ id: string }>(
          tx,
          'SELECT id FROM mailboxes WHERE id = $1 AND workspace_id = $2 FOR UPDATE',
          [id, workspaceId],
        );
        if (!row) throw notFound(`mailbox ${id}`);
        const count = await countOpenDeliveries(tx, id);
        if (count > 0) {
          throw new DomainError(
            'failed_precondition',
            `mailbox ${id} still has ${count} ${count === 1 ? 'delivery' : 'deliveries'} waiting or in flight; delete it once they have ended (or are cancelled)`,
          );
        }
        await queryRows(tx, 'DELETE FROM mailboxes WHERE id = $1', [id]);
      });
    },
  };
}

function smtpColumns(smtp: SmtpSetting | null, cipher: SmtpUrlCipher) {
  return smtp
    ? {
        smtp_url_sealed: cipher.seal(smtp.url),
        smtp_host: smtp.endpoint.host,
        smtp_port: smtp.endpoint.port,
        has_credentials: smtp.endpoint.hasCredentials,
      }
    : { smtp_url_sealed: null, smtp_host: '', smtp_port: 0, has_credentials: false };
}

function imapColumns(imap: ImapSetting | null, cipher: SmtpUrlCipher) {
  return imap
    ? { imap_url_sealed: cipher.seal(imap.url), imap_host: imap.endpoint.host, imap_port: imap.endpoint.port }
    : { imap_url_sealed: null, imap_host: '', imap_port: 0 };
}

function changedColumns(changes: MailboxChanges, cipher: SmtpUrlCipher): Record<string, unknown> {
  return {
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.fromName !== undefined && { from_name: changes.fromName }),
    ...(changes.fromAddress !== undefined && { from_address: changes.fromAddress }),
    ...(changes.dailyCap !== undefined && { daily_cap: changes.dailyCap }),
    ...(changes.domainHourlyCap !== undefined && { domain_hourly_cap: changes.domainHourlyCap }),
    ...(changes.smtp !== undefined && smtpColumns(changes.smtp, cipher)),
    ...(changes.imap !== undefined && imapColumns(changes.imap, cipher)),
  };
}

/** The mailbox without its sealed URL: that never leaves this file except through `smtpUrlOf`. */
function mailboxOf(row: MailboxRow): Mailbox {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    fromName: row.from_name,
    fromAddress: row.from_address,
    smtpHost: row.smtp_host,
    smtpPort: row.smtp_port,
    hasCredentials: row.has_credentials,
    dailyCap: row.daily_cap,
    domainHourlyCap: row.domain_hourly_cap,
    imapHost: row.imap_host,
    imapPort: row.imap_port,
    inboxReadTime: row.inbox_read_at && new Date(row.inbox_read_at),
    inboxError: row.inbox_error,
    createTime: new Date(row.created_at),
    updateTime: new Date(row.updated_at),
  };
}
