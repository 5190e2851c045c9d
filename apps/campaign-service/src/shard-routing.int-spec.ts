import { Code } from '@connectrpc/connect';
import { TaskStatus } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { rejection, startHarness, type Harness } from '../test/campaign-harness';
import { feedSent, sendRequests } from '../test/email-events';

jest.setTimeout(120_000);

/** The campaign service's tables that hold a workspace's rows. */
const workspaceTables = ['campaigns', 'campaign_steps', 'campaign_leads', 'campaign_tasks'];

describe('campaign shards: every row of a workspace on its shard (PostgreSQL, 2 shards)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', campaignShards: 2, schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  /** A launched one-step campaign of one lead in `workspaceId`; answers its id and the send request. */
  async function launchedCampaign(workspaceId: string, name: string) {
    const clientId = await h.createClient(workspaceId, `${name}@example.com`);
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name, mailboxIds: [await h.createMailbox(workspaceId)] },
    });
    const campaignId = campaign!.id;
    await h.rpc.createStep({
      workspaceId,
      campaignId,
      step: { subjectTemplate: 'Hi', textBodyTemplate: 'Hello' },
    });
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds: [clientId] });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    await waitFor(() => sendRequests(h.commands, campaignId).length === 1, { what: `${name} handed over` });
    return { campaignId, command: sendRequests(h.commands, campaignId)[0]!.command };
  }

  /** How many rows of `workspaceId` each shard holds, per table. */
  async function rowsPerShard(workspaceId: string): Promise<Record<string, number[]>> {
    const counts: Record<string, number[]> = {};
    for (const table of workspaceTables) {
      const rows = await h.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`,
        [workspaceId],
      );
      counts[table] = rows.map(({ n }) => n);
    }
    return counts;
  }

  it('keeps each workspace on its own shard, its lists and lookups there, and hides it from others', async () => {
    const a = h.workspaceOn(0);
    const b = h.workspaceOn(1);
    const ofA = await launchedCampaign(a, 'ann');
    const ofB = await launchedCampaign(b, 'bob');

    expect(await rowsPerShard(a)).toEqual({
      campaigns: [1, 0],
      campaign_steps: [1, 0],
      campaign_leads: [1, 0],
      campaign_tasks: [1, 0],
    });
    expect(await rowsPerShard(b)).toEqual({
      campaigns: [0, 1],
      campaign_steps: [0, 1],
      campaign_leads: [0, 1],
      campaign_tasks: [0, 1],
    });

    // Lists and lookups find the workspace's own rows, on its shard.
    const listA = await h.rpc.listCampaigns({ workspaceId: a });
    expect(listA.campaigns.map((campaign) => campaign.id)).toEqual([ofA.campaignId]);
    const listB = await h.rpc.listCampaigns({ workspaceId: b });
    expect(listB.campaigns.map((campaign) => campaign.id)).toEqual([ofB.campaignId]);
    const { task } = await h.rpc.getTask({ workspaceId: b, id: ofB.command.taskId });
    expect(task).toMatchObject({ campaignId: ofB.campaignId });
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId: a, campaignId: ofA.campaignId });
    expect(leads.map((lead) => lead.clientId)).toEqual([ofA.command.clientId]);

    // Another workspace's campaign or task is not found, whichever shard it is on.
    for (const [workspaceId, other] of [
      [a, ofB],
      [b, ofA],
    ] as const) {
      await rejection(h.rpc.getCampaign({ workspaceId, id: other.campaignId }), Code.NotFound);
      await rejection(h.rpc.getTask({ workspaceId, id: other.command.taskId }), Code.NotFound);
    }
    const stranger = h.workspaceOn(0);
    expect((await h.rpc.listCampaigns({ workspaceId: stranger })).campaigns).toEqual([]);
  });

  it("applies an email event on its workspace's shard, deduplicated there", async () => {
    const b = h.workspaceOn(1);
    const { command } = await launchedCampaign(b, 'cat');
    const event = await feedSent(h, b, command);
    await waitFor(
      async () =>
        (await h.rpc.getTask({ workspaceId: b, id: command.taskId })).task?.status === TaskStatus.SENT,
      { what: 'the task sent' },
    );
    const processed = await h.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1',
      [event.eventId],
    );
    expect(processed.map(({ n }) => n)).toEqual([0, 1]);
  });
});
