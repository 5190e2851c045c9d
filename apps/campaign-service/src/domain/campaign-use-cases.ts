import { randomUUID } from 'node:crypto';
import {
  DomainError,
  invalidArgument,
  unstorableTextViolations,
  type FieldViolation,
} from '@coldreach/errors';
import { isUuid, requireUuids } from '@coldreach/ids';
import { listingFingerprint, pageOf, readPageRequest } from '@coldreach/paging';
import { isLaunched, type Campaign, type CampaignStatusName } from './campaign';
import { applyCampaignMask, parseCampaignMask } from './campaign-update-mask';
import type { CampaignStore } from './campaign-store';
import {
  assertDeletable,
  assertUpdatable,
  decideTransition,
  type CampaignAction,
} from './campaign-transitions';
import type { MailboxDirectory } from './ports';
import { validateCampaignInput, validateMailboxIds, type CampaignInput } from './validate-campaign-input';

const campaignStatusNames: readonly CampaignStatusName[] = ['draft', 'active', 'paused', 'completed'];

export interface CampaignListRequest {
  pageSize: number;
  pageToken: string;
  /** Status names; unknown ones are refused naming their index. */
  statuses: string[];
  query: string;
}

/** CreateCampaign … ResumeCampaign: validation, mailbox checks and the status rules. */
export function createCampaignUseCases(store: CampaignStore, mailboxes: MailboxDirectory, clock: () => Date) {
  /**
   * NOT_FOUND naming each listed mailbox the Email service does not know in this workspace: another
   * workspace's mailbox is answered like any foreign id (as clients are), the same as one that
   * exists nowhere.
   */
  async function checkMailboxes(
    workspaceId: string,
    ids: readonly string[],
    given: readonly string[],
  ): Promise<void> {
    if (ids.length === 0) return;
    const missing = new Set(await mailboxes.findMissing(workspaceId, ids));
    if (missing.size === 0) return;
    const violations = given.flatMap((id, index) =>
      missing.has(id.toLowerCase())
        ? [
            {
              field: `campaign.mailbox_ids[${index}]`,
              message: `mailbox ${id} not found`,
            },
          ]
        : [],
    );
    throw new DomainError('not_found', `mailboxes not found in this workspace: ${[...missing].join(', ')}`, {
      violations,
    });
  }

  async function transition(workspaceId: string, id: string, action: CampaignAction): Promise<Campaign> {
    const ids = requireUuids({ workspace_id: workspaceId, id });
    return store.transitionCampaign(
      ids.workspace_id,
      ids.id,
      (current) => decideTransition(current, action),
      clock(),
    );
  }

  return {
    async createCampaign(workspaceId: string, input: CampaignInput): Promise<Campaign> {
      const { workspace_id: workspace } = requireUuids({ workspace_id: workspaceId });
      const { value, violations } = validateCampaignInput(input);
      if (violations.length > 0) throw invalidArgument(violations);
      await checkMailboxes(workspace, value.mailboxIds, input.mailboxIds);
      const now = clock();
      return store.createCampaign({
        ...value,
        id: randomUUID(),
        workspaceId: workspace,
        status: 'draft',
        stepCount: 0,
        leadCount: 0,
        createTime: now,
        updateTime: now,
        launchTime: null,
        completeTime: null,
      });
    },

    async getCampaign(workspaceId: string, id: string): Promise<Campaign> {
      const ids = requireUuids({ workspace_id: workspaceId, id });
      return store.getCampaign(ids.workspace_id, ids.id);
    },

    async listCampaigns(
      workspaceId: string,
      request: CampaignListRequest,
    ): Promise<{ campaigns: Campaign[]; nextPageToken: string }> {
      const { workspace_id: workspace } = requireUuids({ workspace_id: workspaceId });
      const violations: FieldViolation[] = [
        ...unstorableTextViolations(request.query, 'filter.query'),
        ...unstorableTextViolations(request.pageToken, 'page_token'),
      ];
      const statuses: CampaignStatusName[] = [];
      request.statuses.forEach((status, index) => {
        if (!(campaignStatusNames as readonly string[]).includes(status)) {
          violations.push({
            field: `filter.statuses[${index}]`,
            message: 'must be DRAFT, ACTIVE, PAUSED or COMPLETED',
          });
        } else if (!statuses.includes(status as CampaignStatusName)) {
          statuses.push(status as CampaignStatusName);
        }
      });
      const query = request.query.trim();
      if (query.length > 200)
        violations.push({ field: 'filter.query', message: 'must be at most 200 characters' });
      statuses.sort();
      const fingerprint = listingFingerprint(['campaigns', workspace, statuses, query.toLowerCase()]);
      const page = readPageRequest(request, fingerprint, { violations, key: isUuid });
      const rows = await store.listCampaigns(workspace, { statuses, query }, page.after, page.pageSize + 1);
      const { items, nextPageToken } = pageOf(
        rows,
        page.pageSize,
        (campaign) => ({ time: campaign.createTime, key: campaign.id }),
        fingerprint,
      );
      return { campaigns: items, nextPageToken };
    },

    async updateCampaign(
      workspaceId: string,
      id: string,
      input: CampaignInput,
      maskPaths: readonly string[],
    ): Promise<Campaign> {
      const ids = requireUuids({ workspace_id: workspaceId, id });
      const paths = parseCampaignMask(maskPaths);
      // Shape first (cheap, and it names every bad field), then the Email service for new mailboxes.
      if (paths.includes('mailbox_ids')) {
        const violations: FieldViolation[] = [];
        const mailboxIds = validateMailboxIds(input.mailboxIds, 'campaign.mailbox_ids', violations);
        if (violations.length > 0) throw invalidArgument(violations);
        await checkMailboxes(ids.workspace_id, mailboxIds, input.mailboxIds);
      }
      return store.updateCampaign(
        ids.workspace_id,
        ids.id,
        (current) => {
          assertUpdatable(current);
          const merged = applyCampaignMask(current, input, paths);
          const { value, violations } = validateCampaignInput(merged);
          if (isLaunched(current.status) && value.mailboxIds.length === 0) {
            violations.push({
              field: 'campaign.mailbox_ids',
              message: 'a launched campaign needs at least one mailbox',
            });
          }
          if (violations.length > 0) throw invalidArgument(violations);
          return {
            fields: value,
            scheduleChanged: JSON.stringify(value.schedule) !== JSON.stringify(current.schedule),
            dailyCapChanged: value.dailyCap !== current.dailyCap,
            mailboxesChanged: JSON.stringify(value.mailboxIds) !== JSON.stringify(current.mailboxIds),
          };
        },
        clock(),
      );
    },

    async deleteCampaign(workspaceId: string, id: string): Promise<void> {
      const ids = requireUuids({ workspace_id: workspaceId, id });
      await store.deleteCampaign(ids.workspace_id, ids.id, assertDeletable, clock());
    },

    launchCampaign: (workspaceId: string, id: string) => transition(workspaceId, id, 'launch'),
    pauseCampaign: (workspaceId: string, id: string) => transition(workspaceId, id, 'pause'),
    resumeCampaign: (workspaceId: string, id: string) => transition(workspaceId, id, 'resume'),
  };
}
