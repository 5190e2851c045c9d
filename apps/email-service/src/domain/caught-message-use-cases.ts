import type { FieldViolation } from '@coldreach/errors';
import { requireUuid } from '@coldreach/ids';
import { maxEmailLength, normaliseEmail } from '@coldreach/email-address';
import type { CaughtMessage, CaughtMessageFilter, CaughtMessageStore } from './caught-message';
import { optionalUuid } from './optional-uuid';
import { pageQuery, toPage } from './page-request';

export interface CaughtMessageListRequest {
  pageSize: number;
  pageToken: string;
  filter: { campaignId: string; deliveryId: string; toAddress: string };
}

/** Lists what the catcher kept, so a user sees exactly what would have gone out. */
export type CaughtMessageUseCases = ReturnType<typeof createCaughtMessageUseCases>;

export function createCaughtMessageUseCases(store: CaughtMessageStore) {
  return {
    async listCaughtMessages(
      workspaceId: string,
      request: CaughtMessageListRequest,
    ): Promise<{ messages: CaughtMessage[]; nextPageToken: string }> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      const violations: FieldViolation[] = [];
      const optionalId = (value: string, field: string) => optionalUuid(value, field, violations);
      const filter: CaughtMessageFilter = {
        campaignId: optionalId(request.filter.campaignId, 'filter.campaign_id'),
        deliveryId: optionalId(request.filter.deliveryId, 'filter.delivery_id'),
        toAddress: normaliseEmail(request.filter.toAddress),
      };
      if (filter.toAddress.length > maxEmailLength)
        violations.push({
          field: 'filter.to_address',
          message: `must be at most ${maxEmailLength} characters`,
        });
      const query = pageQuery(request, ['caught_messages', workspace, filter], { violations });
      const rows = await store.list(workspace, filter, query.after, query.pageSize + 1);
      const page = toPage(rows, query, (message) => ({ time: message.catchTime, key: message.id }));
      return { messages: page.items, nextPageToken: page.nextPageToken };
    },
  };
}
