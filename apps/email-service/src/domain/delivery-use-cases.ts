import { randomUUID } from 'node:crypto';
import { toJson } from '@bufbuild/protobuf';
import { ClientSchema } from '@coldreach/contracts';
import { requireUuid, requireUuids } from '@coldreach/ids';
import type { FieldViolation } from '@coldreach/errors';
import type { ClientDirectory } from './client-directory';
import { deliveryStatuses, type Delivery, type DeliveryFilter, type DeliveryStatusName } from './delivery';
import type { DeliveryStore } from './delivery-store';
import { optionalUuid } from './optional-uuid';
import { pageQuery, toPage } from './page-request';
import { validateSendEmail, type SendEmailInput } from './validate-send-request';

export type DeliveryUseCases = ReturnType<typeof createDeliveryUseCases>;

export interface DeliveryUseCaseDependencies {
  store: DeliveryStore;
  clients: ClientDirectory;
  /** Tells the local delivery workers that a delivery is due (a no-op without workers). */
  wakeWorkers: () => void;
  clock?: () => Date;
}

export interface DeliveryListRequest {
  pageSize: number;
  pageToken: string;
  filter: { campaignId: string; statuses: string[]; clientId: string; mailboxId: string };
}

/** SendEmail and the delivery ledger's read and admin calls, independent of gRPC. */
export function createDeliveryUseCases(deps: DeliveryUseCaseDependencies) {
  const { store, clients } = deps;
  const clock = deps.clock ?? (() => new Date());
  return {
    /**
     * Writes one SCHEDULED delivery to the ledger for a worker to send; the answer does not wait for
     * SMTP. A repeated request id answers the first request's delivery.
     */
    async sendEmail(input: SendEmailInput): Promise<Delivery> {
      const request = validateSendEmail(input, clock());
      if (request.requestId !== null) {
        const earlier = await store.findByRequestId(request.workspaceId, request.requestId);
        if (earlier) return earlier;
      }
      const client = await clients.getClient(request.workspaceId, request.clientId);
      const { delivery, created } = await store.insertRequested({
        id: randomUUID(),
        workspaceId: request.workspaceId,
        campaignId: null,
        stepId: null,
        stepPosition: 0,
        clientId: request.clientId,
        mailboxId: request.mailboxId,
        toAddress: client.email,
        recipient: toJson(ClientSchema, client) as Record<string, unknown>,
        subjectTemplate: request.subject,
        textBodyTemplate: request.textBody,
        htmlBodyTemplate: request.htmlBody,
        schedule: null,
        timeZone: 'UTC',
        inReplyTo: '',
        requestId: request.requestId,
        scheduledAt: request.scheduledAt,
      });
      if (created) deps.wakeWorkers();
      return delivery;
    },

    async getDelivery(workspaceId: string, id: string): Promise<Delivery> {
      const { workspace_id: workspace, id: deliveryId } = requireUuids({ workspace_id: workspaceId, id });
      return store.get(workspace, deliveryId);
    },

    async listDeliveries(
      workspaceId: string,
      request: DeliveryListRequest,
    ): Promise<{ deliveries: Delivery[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const violations: FieldViolation[] = [];
      const id = (value: string, field: string) => optionalUuid(value, field, violations);
      const statuses: DeliveryStatusName[] = [];
      request.filter.statuses.forEach((status, index) => {
        if (!(deliveryStatuses as readonly string[]).includes(status)) {
          violations.push({
            field: `filter.statuses[${index}]`,
            message: `must be one of ${deliveryStatuses.map((s) => s.toUpperCase()).join(', ')}`,
          });
        } else if (!statuses.includes(status as DeliveryStatusName)) {
          statuses.push(status as DeliveryStatusName);
        }
      });
      const filter: DeliveryFilter = {
        campaignId: id(request.filter.campaignId, 'filter.campaign_id'),
        statuses: statuses.sort(),
        clientId: id(request.filter.clientId, 'filter.client_id'),
        mailboxId: id(request.filter.mailboxId, 'filter.mailbox_id'),
      };
      const query = pageQuery(request, ['deliveries', workspace, filter], { violations });
      const rows = await store.list(workspace, filter, query.after, query.pageSize + 1);
      const page = toPage(rows, query, (delivery) => ({ time: delivery.createTime, key: delivery.id }));
      return { deliveries: page.items, nextPageToken: page.nextPageToken };
    },

    /** Admin: sends an UNKNOWN delivery again with the same Message-ID. */
    async retryDelivery(workspaceId: string, id: string): Promise<Delivery> {
      const { workspace_id: workspace, id: deliveryId } = requireUuids({ workspace_id: workspaceId, id });
      const delivery = await store.retryUnknown(workspace, deliveryId);
      deps.wakeWorkers();
      return delivery;
    },
  };
}
