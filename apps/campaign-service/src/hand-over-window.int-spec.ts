import { CampaignStatus } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { leadsScheduledAtLaunch } from './persistence/campaign-writes';
import { startHarness, type Harness } from '../test/campaign-harness';
import { feedSent, sendRequests } from '../test/email-events';

jest.setTimeout(90_000);

const leadCount = 100;
const maxInFlight = 40;
const pendingTasksAhead = 100;

describe('hand-over window: at most maxInFlight tasks of a campaign in the Email service (PostgreSQL, 2 shards)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      email: 'api',
      schedulerIntervalMs: 50,
      handOverMaxInFlight: maxInFlight,
      pendingTasksAhead,
    });
  });
  afterAll(() => h?.stop());

  /** A launched one-step campaign of `leads` new clients. */
  async function launchedCampaign(workspaceId: string, tag: string, leads = leadCount): Promise<string> {
    for (let offset = 0; offset < leads; offset += 1000) {
      await h.clients.upsertClients({
        workspaceId,
        clients: Array.from({ length: Math.min(1000, leads - offset) }, (_, index) => ({
          email: `lead${offset + index}@example.com`,
          firstName: `Lead${offset + index}`,
          tags: [tag],
        })),
      });
    }
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

  /**
   * Waits for the scheduler to hand over two one-lead campaigns launched one after the other: the
   * second goes in a round begun after the whole round that took the first, which itself began after
   * the call. Whatever that round did (hand over, schedule waiting leads) is done and, the relay
   * publishing in outbox order, in h.commands: so "nothing more happened" means something. Each shard
   * has its own scheduler loop, so the markers go to every shard.
   */
  async function schedulerRoundPassed(): Promise<void> {
    for (const tag of ['marker-a', 'marker-b']) {
      await Promise.all(
        h.shards.shards.map(async (_, shard) => {
          const marker = await launchedCampaign(h.workspaceOn(shard), tag, 1);
          await waitFor(() => requestsOf(marker).length === 1, {
            timeoutMs: 30_000,
            what: `${tag} handed over on shard ${shard}`,
          });
        }),
      );
    }
  }

  it('hands over up to the window, then more only as outcomes come back, each task once', async () => {
    const workspaceId = h.workspaceOn(0);
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
    await schedulerRoundPassed();
    expect(requests()).toHaveLength(maxInFlight);
    expect(await statuses()).toEqual({ scheduled: maxInFlight, pending: leadCount - maxInFlight });

    // Room for fewer than a quarter of the window: the scheduler waits for more.
    await feed(maxInFlight / 4 - 1);
    await waitFor(async () => (await statuses()).sent === maxInFlight / 4 - 1, {
      what: 'the first outcomes',
    });
    await schedulerRoundPassed();
    expect(requests()).toHaveLength(maxInFlight);

    await feed(1);
    await waitFor(() => requests().length === maxInFlight + maxInFlight / 4, { what: 'the window refilled' });
    await schedulerRoundPassed();
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
    const workspaceId = h.workspaceOn(1);
    const campaignId = await launchedCampaign(workspaceId, 'held');
    await waitFor(() => requestsOf(campaignId).length >= maxInFlight, { what: 'the first window' });
    await schedulerRoundPassed();
    expect(requestsOf(campaignId)).toHaveLength(maxInFlight);

    // As if the Email service had held these back (a mailbox's cap) for two minutes.
    await h.sql(
      `UPDATE campaign_tasks SET handed_over_at = handed_over_at - interval '2 minutes'
       WHERE campaign_id = $1 AND status = 'scheduled'`,
      [campaignId],
    );
    await waitFor(() => requestsOf(campaignId).length >= 2 * maxInFlight, { what: 'a second window' });
    await schedulerRoundPassed();
    expect(requestsOf(campaignId)).toHaveLength(2 * maxInFlight);
    expect(new Set(requestsOf(campaignId).map((command) => command.taskId)).size).toBe(2 * maxInFlight);
  });

  it('creates first-step tasks of a large launch only a little ahead of the hand-over', async () => {
    const workspaceId = h.workspaceOn(1);
    const waitingBeyondLaunch = 100;
    const campaignId = await launchedCampaign(
      workspaceId,
      'ahead',
      leadsScheduledAtLaunch + waitingBeyondLaunch,
    );
    const counts = async () =>
      (
        await h.sqlIn<{ tasks: number; waiting: number }>(
          workspaceId,
          `SELECT (SELECT count(*)::int FROM campaign_tasks WHERE campaign_id = $1) AS tasks,
                  (SELECT count(*)::int FROM campaign_leads
                   WHERE campaign_id = $1 AND state = 'active' AND next_step_id IS NULL) AS waiting`,
          [campaignId],
        )
      )[0]!;
    await waitFor(() => requestsOf(campaignId).length >= maxInFlight, { what: 'the first window' });
    await schedulerRoundPassed();
    // Far more than pendingTasksAhead are pending (the launch's own), so the rest wait.
    expect(await counts()).toEqual({ tasks: leadsScheduledAtLaunch, waiting: waitingBeyondLaunch });

    await h.sql(
      `UPDATE campaign_tasks SET status = 'cancelled' WHERE id IN (
         SELECT id FROM campaign_tasks WHERE campaign_id = $1 AND status = 'pending' ORDER BY id OFFSET 50)`,
      [campaignId],
    );
    await waitFor(async () => (await counts()).waiting === 0, { what: 'the waiting leads scheduled' });
    expect((await counts()).tasks).toBe(leadsScheduledAtLaunch + waitingBeyondLaunch);
    // Their first step counts from the launch, not from when they were scheduled.
    const [launch] = await h.sql<{ launched_at: Date }>('SELECT launched_at FROM campaigns WHERE id = $1', [
      campaignId,
    ]);
    const late = await h.sql<{ not_before: Date }>(
      `SELECT DISTINCT t.not_before FROM campaign_tasks t
       WHERE t.campaign_id = $1 AND t.created_at > $2`,
      [campaignId, launch!.launched_at],
    );
    expect(late.map((row) => row.not_before.getTime())).toEqual([launch!.launched_at.getTime()]);
  });
});
