import type { CampaignStore } from '../domain/campaign-store';
import type { CampaignShards } from '../campaign-shards';
import { createCampaignStore } from './campaign-store';

/**
 * CampaignStore over the campaign shards: every method is scoped to one workspace, so each goes
 * whole to the store of that workspace's shard; its transaction, row locks and outbox writes stay
 * on one database. A workspace never reads another shard, so it cannot see another's rows there.
 */
export function createShardedCampaignStore(shards: CampaignShards): CampaignStore {
  const stores = shards.shards.map((dataSource) => createCampaignStore(dataSource));
  // Routed as the email.events consumer routes (lower case), whatever case a caller passes.
  const storeOf = (workspaceId: string): CampaignStore => {
    const index = shards.indexFor(workspaceId.toLowerCase());
    const store = stores[index];
    if (!store) throw new Error(`no campaign shard ${index} (${stores.length} open)`);
    return store;
  };
  return {
    createCampaign: (campaign) => storeOf(campaign.workspaceId).createCampaign(campaign),
    getCampaign: (ws, id) => storeOf(ws).getCampaign(ws, id),
    listCampaigns: (ws, filter, after, limit) => storeOf(ws).listCampaigns(ws, filter, after, limit),
    updateCampaign: (ws, id, change, now) => storeOf(ws).updateCampaign(ws, id, change, now),
    deleteCampaign: (ws, id, check, now) => storeOf(ws).deleteCampaign(ws, id, check, now),
    transitionCampaign: (ws, id, decide, now) => storeOf(ws).transitionCampaign(ws, id, decide, now),
    createStep: (ws, campaignId, place, now) => storeOf(ws).createStep(ws, campaignId, place, now),
    updateStep: (ws, campaignId, stepId, change, now) =>
      storeOf(ws).updateStep(ws, campaignId, stepId, change, now),
    deleteStep: (ws, campaignId, stepId, now) => storeOf(ws).deleteStep(ws, campaignId, stepId, now),
    listSteps: (ws, campaignId) => storeOf(ws).listSteps(ws, campaignId),
    addLeads: (ws, campaignId, clients, now) => storeOf(ws).addLeads(ws, campaignId, clients, now),
    removeLead: (ws, campaignId, clientId, now) => storeOf(ws).removeLead(ws, campaignId, clientId, now),
    listLeads: (ws, campaignId, states, after, limit) =>
      storeOf(ws).listLeads(ws, campaignId, states, after, limit),
    createTask: (ws, campaignId, client, stepId, notBefore, now) =>
      storeOf(ws).createTask(ws, campaignId, client, stepId, notBefore, now),
    getTask: (ws, id) => storeOf(ws).getTask(ws, id),
    listTasks: (ws, campaignId, filter, after, limit) =>
      storeOf(ws).listTasks(ws, campaignId, filter, after, limit),
  };
}
