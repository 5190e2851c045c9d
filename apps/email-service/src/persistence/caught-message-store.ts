import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { CaughtMessage, CaughtMessageStore } from '../domain/caught-message';
import { workspaceFilter } from './workspace-filter';

interface CaughtMessageRow {
  id: string;
  workspace_id: string;
  delivery_id: string;
  campaign_id: string | null;
  mailbox_id: string;
  envelope_from: string;
  envelope_to: string[];
  subject: string;
  text_body: string;
  html_body: string;
  headers: unknown;
  message_id: string;
  size_bytes: number;
  caught_at: Date;
}

/** Reads the catcher's messages (the sending workers write them with the `sent` update). */
export function createCaughtMessageStore(dataSource: DataSource): CaughtMessageStore {
  return {
    async list(workspaceId, filter, after, limit) {
      const { params, where, add } = workspaceFilter(workspaceId);
      if (filter.campaignId) add((at) => `campaign_id = ${at}::uuid`, filter.campaignId);
      if (filter.deliveryId) add((at) => `delivery_id = ${at}::uuid`, filter.deliveryId);
      if (filter.toAddress)
        add(
          (at) => `EXISTS (SELECT 1 FROM unnest(envelope_to) AS t(address) WHERE lower(address) = ${at})`,
          filter.toAddress,
        );
      if (after) {
        params.push(after.time.toISOString(), after.key);
        where.push(`(caught_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit);
      const rows = await queryRows<CaughtMessageRow>(
        dataSource.manager,
        `SELECT * FROM caught_messages WHERE ${where.join(' AND ')}
         ORDER BY caught_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(caughtMessageOf);
    },
  };
}

function caughtMessageOf(row: CaughtMessageRow): CaughtMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    deliveryId: row.delivery_id,
    campaignId: row.campaign_id,
    mailboxId: row.mailbox_id,
    envelopeFrom: row.envelope_from,
    envelopeTo: row.envelope_to,
    subject: row.subject,
    textBody: row.text_body,
    htmlBody: row.html_body,
    headers: headersOf(row.headers),
    messageId: row.message_id,
    sizeBytes: Number(row.size_bytes),
    catchTime: new Date(row.caught_at),
  };
}

/**
 * The stored header lines in order: `[{ name, value }]` as the catcher writes them; `[name, value]`
 * pairs and a plain object are read too, so a change of shape on the writing side shows up as
 * headers rather than an error.
 */
function headersOf(stored: unknown): { name: string; value: string }[] {
  const value = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
  if (Array.isArray(value)) {
    return value.flatMap((entry: unknown) => {
      if (Array.isArray(entry) && entry.length >= 2)
        return [{ name: String(entry[0]), value: String(entry[1]) }];
      if (entry && typeof entry === 'object' && 'name' in entry)
        return [{ name: String(entry.name), value: String((entry as { value?: unknown }).value ?? '') }];
      return [];
    });
  }
  if (value && typeof value === 'object')
    return Object.entries(value).map(([name, header]) => ({ name, value: String(header) }));
  return [];
}
