import { CampaignStatus } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, startHarness, type Harness } from '../test/campaign-harness';
import { feedSent, sendRequests } from '../test/email-events';

jest.setTimeout(90_000);

const leadCount = 100;
const maxInFlight = 40;

describe('hand-over window: at most maxInFlight tasks of a campaign in the Email service (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', schedulerIntervalMs: 50, handOverMaxInFlight: maxInFlight });
  });
  afterAll(() => h?.stop());

  /** Lets the scheduler run several rounds, so "nothing happened" means something. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 600));

  /** A launched one-step campaign of `leadCount` new clients. */
  async function launchedCampaign(workspaceId: string, tag: string): Promise<string> {
    await h.clients.upsertClients({
      workspaceId,
      clients: Array.from({ length: leadCount }, (_, index) => ({
        email: `lead${index}@example.com`,
        firstName: `Lead${index}`,
        tags: [tag],
      })),
    });
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: {
        name: 'Window',
        mailboxIds: [await h.createMailbox(workspaceId)],
        targetCriteria: { tags: [tag] },
      },
    });
    const campaignId = campaign!.id;
    await h.rpc.createStep({
      workspaceId,
      campaignId,
      step: { subjectTemplate: 'Hi {{first_name}}', textBodyTemplate: 'Hello' },
    });
    await h.rpc.addLeads({ workspaceId, campaignId, useTargetCriteria: true });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    return campaignId;
  }

  const requestsOf = (campaignId: string) =>
    sendRequests(h.commands, campaignId).map(({ command }) => command);

  it('hands over up to the window, then more only as outcomes come back, each task once', async () => {
    const workspaceId = newWorkspace();
    const campaignId = await launchedCampaign(workspaceId, 'window');

    const requests = () => requestsOf(campaignId);
    const statuses = async () =>
      Object.fromEntries(
        (
          await h.sql<{ status: string; n: number }>(
            'SELECT status, count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 GROUP BY status',
            [campaignId],
          )
        ).map(({ status, n }) => [status, n]),
      );
    const sentSoFar = new Set<string>();
    const feed = async (count: number) => {
      for (const command of requests()
        .filter((c) => !sentSoFar.has(c.taskId))
        .slice(0, count)) {
        sentSoFar.add(command.taskId);
        await feedSent(h, workspaceId, command);
      }
    };

    await waitFor(() => requests().length >= maxInFlight, { timeoutMs: 30_000, what: 'the first window' });
    await settle();
    expect(requests()).toHaveLength(maxInFlight);
    expect(await statuses()).toEqual({ scheduled: maxInFlight, pending: leadCount - maxInFlight });

    // Room for fewer than a quarter of the window: the scheduler waits for more.
    await feed(maxInFlight / 4 - 1);
    await waitFor(async () => (await statuses()).sent === maxInFlight / 4 - 1, {
      what: 'the first outcomes',
    });
    await settle();
    expect(requests()).toHaveLength(maxInFlight);

    await feed(1);
    await waitFor(() => requests().length === maxInFlight + maxInFlight / 4, { what: 'the window refilled' });
    await settle();
    expect(requests()).toHaveLength(maxInFlight + maxInFlight / 4);
    expect((await statuses()).scheduled).toBe(maxInFlight);

    // Reporting everything handed over lets the rest through, a window at a time.
    await waitFor(
      async () => {
        await feed(leadCount);
        return (await statuses()).sent === leadCount;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'every task sent' },
    );
    expect(requests()).toHaveLength(leadCount);
    expect(new Set(requests().map((command) => command.taskId)).size).toBe(leadCount);
    await waitFor(
      async () =>
        (await h.rpc.getCampaign({ workspaceId, id: campaignId })).campaign?.status ===
        CampaignStatus.COMPLETED,
      { what: 'the campaign completed' },
    );
  });

  it('stops counting a task a minute after its hand-over, so held-back deliveries never stop a campaign', async () => {
    const workspaceId = newWorkspace();
    const campaignId = await launchedCampaign(workspaceId, 'held');
    await waitFor(() => requestsOf(campaignId).length >= maxInFlight, { what: 'the first window' });
    await settle();
    expect(requestsOf(campaignId)).toHaveLength(maxInFlight);

    // As if the Email service had held these back (a mailbox's cap) for two minutes.
    await h.sql(
      `UPDATE campaign_tasks SET handed_over_at = handed_over_at - interval '2 minutes'
       WHERE campaign_id = $1 AND status = 'scheduled'`,
      [campaignId],
    );
    await waitFor(() => requestsOf(campaignId).length >= 2 * maxInFlight, { what: 'a second window' });
    await settle();
    expect(requestsOf(campaignId)).toHaveLength(2 * maxInFlight);
    expect(new Set(requestsOf(campaignId).map((command) => command.taskId)).size).toBe(2 * maxInFlight);
  });
});
