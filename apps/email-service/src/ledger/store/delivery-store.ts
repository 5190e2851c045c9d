import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { DomainError, notFound } from '@coldreach/errors';
import type { Delivery } from '../../domain/delivery';
import type { DeliveryStore } from '../../domain/delivery-store';
import { workspaceFilter } from '../../persistence/workspace-filter';
import { deliveryOf, type DeliveryRow } from './delivery-row';
import { insertDeliveries } from './apply-email-commands';

/** The delivery ledger (one PostgreSQL or PGlite database) as the API sees it. */
export function createDeliveryStore(dataSource: DataSource): DeliveryStore {
  const manager = dataSource.manager;
  const one = async (workspaceId: string, id: string): Promise<DeliveryRow | undefined> =>
    (
      await queryRows<DeliveryRow>(manager, 'SELECT * FROM deliveries WHERE id = $1 AND workspace_id = $2', [
        id,
        workspaceId,
      ])
    )[0];
  const byRequestId = (workspaceId: string, requestId: string) =>
    queryRows<DeliveryRow>(manager, 'SELECT * FROM deliveries WHERE workspace_id = $1 AND request_id = $2', [
      workspaceId,
      requestId,
    ]);

  return {
    async insertRequested(draft) {
      const [inserted] = await dataSource.transaction(async (tx) => {
        const [created] = await insertDeliveries(tx, [draft], { missingMailbox: 'throw' });
        return created
          ? queryRows<DeliveryRow>(tx, 'SELECT * FROM deliveries WHERE id = $1', [created.id])
          : [];
      });
      if (inserted) return { delivery: deliveryOf(inserted), created: true };
      // Only the request id can clash (the id is new): a concurrent request with the same one won.
      const [earlier] = draft.requestId === null ? [] : await byRequestId(draft.workspaceId, draft.requestId);
      if (!earlier) throw new Error(`delivery ${draft.id} was neither inserted nor found`);
      return { delivery: deliveryOf(earlier), created: false };
    },

    async findByRequestId(workspaceId, requestId) {
      const [row] = await byRequestId(workspaceId, requestId);
      return row && deliveryOf(row);
    },

    async get(workspaceId, id) {
      const row = await one(workspaceId, id);
      if (!row) throw notFound(`delivery ${id}`);
      return deliveryOf(row);
    },

    async list(workspaceId, filter, after, limit) {
      const { params, where, add } = workspaceFilter(workspaceId);
      if (filter.campaignId) add((at) => `campaign_id = ${at}::uuid`, filter.campaignId);
      if (filter.clientId) add((at) => `client_id = ${at}::uuid`, filter.clientId);
      if (filter.mailboxId) add((at) => `mailbox_id = ${at}::uuid`, filter.mailboxId);
      if (filter.statuses.length > 0) add((at) => `status = ANY(${at}::text[])`, filter.statuses);
      if (after) {
        params.push(after.time.toISOString(), after.key);
        where.push(`(created_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit);
      const rows = await queryRows<DeliveryRow>(
        manager,
        `SELECT * FROM deliveries WHERE ${where.join(' AND ')}
         ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(deliveryOf);
    },

    async retryUnknown(workspaceId, id): Promise<Delivery> {
      // Due now; the next claim takes a new fencing token. The Message-ID stays, so a receiver that
      // got the first attempt can drop this one.
      const [retried] = await queryRows<DeliveryRow>(
        manager,
        `UPDATE deliveries SET status = 'scheduled', scheduled_at = now(), next_attempt_at = NULL,
           lease_owner = NULL, lease_until = NULL, updated_at = now()
         WHERE id = $1 AND workspace_id = $2 AND status = 'unknown' RETURNING *`,
        [id, workspaceId],
      );
      if (retried) return deliveryOf(retried);
      const current = await one(workspaceId, id);
      if (!current) throw notFound(`delivery ${id}`);
      throw new DomainError(
        'failed_precondition',
        `delivery ${id} is ${current.status.toUpperCase()}; only an UNKNOWN delivery can be retried`,
      );
    },
  };
}
