import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { DomainError } from '@coldreach/errors';
import { writeOutboxEvents } from '@coldreach/outbox';
import type { Suppression, SuppressionReasonName } from '../domain/suppression';
import type { SuppressionStore } from '../domain/suppression-store';
import { leadUnsubscribedEvent } from '../events/email-events';
import type { AddressFence } from '../ledger/store/address-fence';
import { deliveryForUnsubscribe, latestClientIdTo } from '../ledger/store/delivery-lookups';

interface SuppressionRow {
  workspace_id: string;
  email: string;
  reason: SuppressionReasonName;
  note: string;
  delivery_id: string | null;
  created_at: Date;
}

/**
 * The suppression list. Every insert runs inside `fence.suppressing`, so it waits for the sends to
 * the address that are in flight and no later send can miss it.
 */
export function createSuppressionStore(dataSource: DataSource, fence: AddressFence): SuppressionStore {
  const manager = dataSource.manager;
  const find = async (tx: EntityManager, workspaceId: string, email: string, lock = false) =>
    (
      await queryRows<SuppressionRow>(
        tx,
        `SELECT * FROM suppressions WHERE workspace_id = $1 AND email = $2${lock ? ' FOR UPDATE' : ''}`,
        [workspaceId, email],
      )
    )[0];
  const insert = async (tx: EntityManager, entry: Omit<Suppression, 'createTime'>) =>
    (
      await queryRows<SuppressionRow>(
        tx,
        `INSERT INTO suppressions (workspace_id, email, reason, note, delivery_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING *`,
        [entry.workspaceId, entry.email, entry.reason, entry.note, entry.deliveryId],
      )
    )[0];

  return {
    add(entry) {
      return fence.suppressing({ workspaceId: entry.workspaceId, email: entry.email }, async (tx) => {
        const inserted = await insert(tx, entry);
        if (!inserted) {
          const existing = await find(tx, entry.workspaceId, entry.email);
          if (!existing) throw new Error('a suppression was neither inserted nor found');
          return { suppression: suppressionOf(existing), created: false };
        }
        if (entry.reason === 'unsubscribe') {
          // Added by hand: the client is the one the latest email to the address went to, if any.
          const latest = await latestClientIdTo(tx, entry.workspaceId, entry.email);
          const event = leadUnsubscribedEvent(
            {
              workspaceId: entry.workspaceId,
              clientId: latest ?? '',
              email: entry.email,
              taskId: '',
              campaignId: '',
            },
            new Date(),
          );
          await writeOutboxEvents(tx, [event]);
        }
        return { suppression: suppressionOf(inserted), created: true };
      });
    },

    unsubscribe(delivery, email) {
      const key = { workspaceId: delivery.workspaceId, email };
      // A MANUAL or HARD_BOUNCE entry becomes UNSUBSCRIBE: the recipient's own wish must not be
      // removable without force.
      const upgrade = async (tx: EntityManager) =>
        (
          await queryRows<SuppressionRow>(
            tx,
            `UPDATE suppressions SET reason = 'unsubscribe', delivery_id = $3
             WHERE workspace_id = $1 AND email = $2 AND reason NOT IN ('unsubscribe', 'complaint') RETURNING *`,
            [delivery.workspaceId, email, delivery.id],
          )
        )[0];
      return fence.suppressing(key, async (tx) => {
        const existing = await find(tx, delivery.workspaceId, email, true);
        let row = existing
          ? await upgrade(tx)
          : await insert(tx, { ...key, reason: 'unsubscribe', note: '', deliveryId: delivery.id });
        // Inserted by someone else meanwhile (a worker recording a hard bounce does not take the fence).
        if (!row && !existing) row = await upgrade(tx);
        if (!row) {
          const current = await find(tx, delivery.workspaceId, email);
          if (!current) throw new Error('a suppression was neither inserted nor found');
          return { suppression: suppressionOf(current), alreadyUnsubscribed: true };
        }
        const event = leadUnsubscribedEvent(
          {
            workspaceId: delivery.workspaceId,
            clientId: delivery.clientId,
            email,
            taskId: delivery.id,
            campaignId: delivery.campaignId ?? '',
          },
          new Date(),
        );
        await writeOutboxEvents(tx, [event]);
        return { suppression: suppressionOf(row), alreadyUnsubscribed: false };
      });
    },

    async find(workspaceId, email) {
      const row = await find(manager, workspaceId, email);
      return row && suppressionOf(row);
    },

    async remove(workspaceId, email, allow) {
      await dataSource.transaction(async (tx) => {
        const row = await find(tx, workspaceId, email, true);
        if (!row) throw new DomainError('not_found', `${email} is not on the suppression list`);
        allow(suppressionOf(row));
        await queryRows(tx, 'DELETE FROM suppressions WHERE workspace_id = $1 AND email = $2', [
          workspaceId,
          email,
        ]);
      });
    },

    async list(workspaceId, filter, after, limit) {
      const params: unknown[] = [workspaceId];
      const where = ['workspace_id = $1'];
      if (filter.reasons.length > 0) {
        params.push(filter.reasons);
        where.push(`reason = ANY($${params.length}::text[])`);
      }
      if (filter.query !== '') {
        // strpos, not LIKE: a query's % or _ are plain characters.
        params.push(filter.query);
        where.push(`strpos(email, $${params.length}) > 0`);
      }
      if (after) {
        params.push(after.time.toISOString(), after.key);
        where.push(`(created_at, email) < ($${params.length - 1}::timestamptz, $${params.length})`);
      }
      params.push(limit);
      const rows = await queryRows<SuppressionRow>(
        manager,
        `SELECT * FROM suppressions WHERE ${where.join(' AND ')}
         ORDER BY created_at DESC, email DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(suppressionOf);
    },

    async check(workspaceId, emails) {
      if (emails.length === 0) return [];
      const rows = await queryRows<SuppressionRow>(
        manager,
        'SELECT * FROM suppressions WHERE workspace_id = $1 AND email = ANY($2::text[])',
        [workspaceId, emails],
      );
      return rows.map(suppressionOf);
    },

    deliveryForUnsubscribe: (workspaceId, deliveryId) =>
      deliveryForUnsubscribe(manager, workspaceId, deliveryId),
  };
}

function suppressionOf(row: SuppressionRow): Suppression {
  return {
    workspaceId: row.workspace_id,
    email: row.email,
    reason: row.reason,
    note: row.note,
    deliveryId: row.delivery_id,
    createTime: new Date(row.created_at),
  };
}
