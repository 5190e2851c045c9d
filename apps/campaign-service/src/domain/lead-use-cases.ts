import { DomainError, invalidArgument, type FieldViolation } from '@coldreach/errors';
import { isUuid, requireUuids } from '@coldreach/ids';
import { listingFingerprint, pageOf, readPageRequest } from '@coldreach/paging';
import { notSentToReason } from './campaign';
import type { CampaignStore } from './campaign-store';
import type { ClientDirectory, ClientListFilter } from './ports';
import { sequenceStates, type CampaignLead, type SequenceStateName } from './sequence';

export const maxLeadIdsPerCall = 1000;

export interface AddLeadsRequest {
  clientIds: string[];
  useTargetCriteria: boolean;
}

/** AddLeads, RemoveLead, ListCampaignLeads: every client checked with the Client service first. */
export function createLeadUseCases(store: CampaignStore, clients: ClientDirectory, clock: () => Date) {
  async function addListed(workspaceId: string, campaignId: string, given: readonly string[]) {
    const violations: FieldViolation[] = [];
    if (given.length > maxLeadIdsPerCall) {
      violations.push({ field: 'client_ids', message: `must list at most ${maxLeadIdsPerCall} ids` });
    }
    given.forEach((id, index) => {
      if (!isUuid(id)) violations.push({ field: `client_ids[${index}]`, message: 'must be a UUID' });
    });
    if (violations.length > 0) throw invalidArgument(violations);
    const campaign = await store.getCampaign(workspaceId, campaignId);
    const ids = [...new Set(given.map((id) => id.toLowerCase()))];
    const { clients: found, missingIds } = await clients.batchGet(workspaceId, ids);
    if (missingIds.length > 0) {
      const missing = new Set(missingIds);
      throw new DomainError(
        'not_found',
        `clients not found in this workspace: ${missingIds.join(', ')}; no lead was added`,
        {
          violations: given.flatMap((id, index) =>
            missing.has(id.toLowerCase())
              ? [{ field: `client_ids[${index}]`, message: `client ${id} not found` }]
              : [],
          ),
        },
      );
    }
    // Named like a missing client, and nothing added: adding what the hand-over would stop at once
    // is a mistake a caller wants to hear about (use_target_criteria adds only those that fit).
    const statusOf = new Map(found.map((client) => [client.id.toLowerCase(), client.verificationStatus]));
    const refused = given.flatMap((id, index) => {
      const status = statusOf.get(id.toLowerCase());
      const reason = status && notSentToReason(campaign.targetCriteria, id, status);
      return reason ? [{ field: `client_ids[${index}]`, message: reason }] : [];
    });
    if (refused.length > 0) throw invalidArgument(refused);
    return store.addLeads(workspaceId, campaignId, found, clock());
  }

  /** Every client matching the campaign's criteria, a page at a time (one listing per tag: any of them). */
  async function addMatching(workspaceId: string, campaignId: string) {
    const campaign = await store.getCampaign(workspaceId, campaignId);
    const { tags, verificationStatuses, company, query } = campaign.targetCriteria;
    const filters: ClientListFilter[] = (tags.length > 0 ? tags : ['']).map((tag) => ({
      tag,
      verificationStatuses,
      company,
      query,
    }));
    // Several tags can list one client twice; it must count once.
    const seen = filters.length > 1 ? new Set<string>() : undefined;
    let added = 0;
    let alreadyPresent = 0;
    for (const filter of filters) {
      let pageToken = '';
      do {
        const page = await clients.list(workspaceId, filter, pageToken);
        const fresh = seen ? page.clients.filter((client) => !seen.has(client.id)) : page.clients;
        for (const client of fresh) seen?.add(client.id);
        if (fresh.length > 0) {
          const result = await store.addLeads(workspaceId, campaignId, fresh, clock());
          added += result.added;
          alreadyPresent += result.alreadyPresent;
        }
        pageToken = page.nextPageToken;
      } while (pageToken !== '');
    }
    return { added, alreadyPresent };
  }

  return {
    async addLeads(
      workspaceId: string,
      campaignId: string,
      request: AddLeadsRequest,
    ): Promise<{ added: number; alreadyPresent: number }> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId });
      const byIds = request.clientIds.length > 0;
      if (byIds === request.useTargetCriteria) {
        throw invalidArgument([
          { field: 'client_ids', message: 'set exactly one of client_ids and use_target_criteria' },
        ]);
      }
      return byIds
        ? addListed(ids.workspace_id, ids.campaign_id, request.clientIds)
        : addMatching(ids.workspace_id, ids.campaign_id);
    },

    async removeLead(workspaceId: string, campaignId: string, clientId: string): Promise<void> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId, client_id: clientId });
      await store.removeLead(ids.workspace_id, ids.campaign_id, ids.client_id, clock());
    },

    async listLeads(
      workspaceId: string,
      campaignId: string,
      request: { pageSize: number; pageToken: string; states: string[] },
    ): Promise<{ leads: CampaignLead[]; nextPageToken: string }> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId });
      const violations: FieldViolation[] = [];
      const states: SequenceStateName[] = [];
      request.states.forEach((state, index) => {
        if (!(sequenceStates as readonly string[]).includes(state)) {
          violations.push({ field: `filter.states[${index}]`, message: 'is not a sequence state' });
        } else if (!states.includes(state as SequenceStateName)) {
          states.push(state as SequenceStateName);
        }
      });
      states.sort();
      const fingerprint = listingFingerprint(['leads', ids.workspace_id, ids.campaign_id, states]);
      const page = readPageRequest(request, fingerprint, { violations, key: isUuid });
      const rows = await store.listLeads(
        ids.workspace_id,
        ids.campaign_id,
        states,
        page.after,
        page.pageSize + 1,
      );
      const { items, nextPageToken } = pageOf(
        rows,
        page.pageSize,
        (lead) => ({ time: lead.addTime, key: lead.clientId }),
        fingerprint,
      );
      return { leads: items, nextPageToken };
    },
  };
}
