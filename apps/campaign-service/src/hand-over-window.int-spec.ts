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

  it('hands over up to the window, then more only as outcomes come back, each task once', async () => {
    const workspaceId = newWorkspace();
    await h.clients.upsertClients({
      workspaceId,
      clients: Array.from({ length: leadCount }, (_, index) => ({
        email: `lead${index}@example.com`,
        firstName: `Lead${index}`,
        tags: ['window'],
      })),
    });
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: {
        name: 'Window',
        mailboxIds: [await h.createMailbox(workspaceId)],
        targetCriteria: { tags: ['window'] },
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

    const requests = () => sendRequests(h.commands, campaignId).map(({ command }) => command);
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
});
