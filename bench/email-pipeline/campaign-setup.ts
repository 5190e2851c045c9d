// What a user does before launching, through the services' gRPC APIs: clients, a mailbox on the
// sink, a one-step personalised campaign, its leads.
import { CampaignService, ClientService, EmailService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';

const upsertBatch = 1000;
/** Client-service calls at once while seeding (two shards, two cores). */
const upsertsInFlight = 2;

/** The i-th recipient: personal fields for the templates, spread over 500 company domains. */
export function benchClient(i: number) {
  return {
    email: `lead${i}@company${i % 500}.example`,
    firstName: `Lead${i}`,
    lastName: `Bench`,
    company: `Company ${i % 500}`,
    tags: ['bench'],
  };
}

/** Upserts `count` clients in batches of 1000, printing progress. */
export async function seedClients(clientUrl: string, workspaceId: string, count: number): Promise<void> {
  const clients = createGrpcClient(ClientService, { baseUrl: clientUrl, timeoutMs: 120_000 });
  let next = 0;
  let done = 0;
  const startedAt = Date.now();
  let printedAt = startedAt;
  const upserter = async () => {
    while (next < count) {
      const from = next;
      next = Math.min(count, next + upsertBatch);
      const batch = Array.from({ length: next - from }, (_, k) => benchClient(from + k));
      const { results } = await clients.upsertClients({ workspaceId, clients: batch });
      if (results.length !== batch.length) throw new Error(`upserted ${results.length} of ${batch.length}`);
      done += batch.length;
      if (Date.now() - printedAt > 5000 || done === count) {
        printedAt = Date.now();
        const rate = Math.round((done * 1000) / (printedAt - startedAt));
        console.log(`  clients: ${done} of ${count} (${rate}/s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: upsertsInFlight }, upserter));
}

/**
 * A mailbox sending through `smtpUrl` (daily cap as high as allowed, no domain cap) and a DRAFT
 * campaign with one personalised step and every seeded client as a lead. Returns the campaign id.
 */
export async function prepareCampaign(options: {
  campaignUrl: string;
  emailUrl: string;
  workspaceId: string;
  smtpUrl: string;
  recipients: number;
}): Promise<string> {
  const { workspaceId } = options;
  const email = createGrpcClient(EmailService, { baseUrl: options.emailUrl, timeoutMs: 30_000 });
  // AddLeads by criteria lists and inserts every client in one call.
  const campaigns = createGrpcClient(CampaignService, { baseUrl: options.campaignUrl, timeoutMs: 900_000 });
  const { mailbox } = await email.createMailbox({
    workspaceId,
    mailbox: {
      name: 'Bench sender',
      smtpUrl: options.smtpUrl,
      fromName: 'Bench Sales',
      fromAddress: 'sales@bench.example',
      dailyCap: 100_000,
      domainHourlyCap: 0,
    },
  });
  const { campaign } = await campaigns.createCampaign({
    workspaceId,
    campaign: {
      name: 'Bench campaign',
      mailboxIds: [mailbox?.id ?? ''],
      targetCriteria: { tags: ['bench'] },
      dailyCap: 0,
    },
  });
  const campaignId = campaign?.id ?? '';
  await campaigns.createStep({
    workspaceId,
    campaignId,
    step: {
      subjectTemplate: 'Quick question, {{first_name}}',
      textBodyTemplate:
        'Hi {{first_name}},\n\nI noticed {{company}} is growing fast. Worth a chat?\n\nBest,\nBench',
    },
  });
  const startedAt = Date.now();
  const added = await campaigns.addLeads({ workspaceId, campaignId, useTargetCriteria: true });
  if (added.addedCount !== options.recipients)
    throw new Error(`AddLeads added ${added.addedCount} leads, not ${options.recipients}`);
  console.log(`  leads: ${added.addedCount} added in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
  return campaignId;
}

/** Launches the campaign; resolves when LaunchCampaign has answered. */
export async function launchCampaign(campaignUrl: string, workspaceId: string, campaignId: string) {
  const campaigns = createGrpcClient(CampaignService, { baseUrl: campaignUrl, timeoutMs: 120_000 });
  await campaigns.launchCampaign({ workspaceId, id: campaignId });
}
