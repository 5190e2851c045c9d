import { eventTypes } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, startHarness, type Harness } from '../test/campaign-harness';
import { sendRequests } from '../test/email-events';

jest.setTimeout(180_000);

const leadCount = 6000;

describe('hand-over with several campaign-service processes on one database (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Three worker sets stand for three processes: each runs its own scheduler, consumer and relay.
    // Nothing is sent here, so every task stays in flight: the window must hold them all.
    h = await startHarness({
      email: 'api',
      workers: 3,
      schedulerIntervalMs: 50,
      handOverMaxInFlight: leadCount,
    });
  });
  afterAll(() => h?.stop());

  it(`hands each of ${leadCount} leads over exactly once, and reports the rate`, async () => {
    const workspaceId = newWorkspace();
    for (let offset = 0; offset < leadCount; offset += 1000) {
      await h.clients.upsertClients({
        workspaceId,
        clients: Array.from({ length: 1000 }, (_, index) => ({
          email: `lead${offset + index}@example.com`,
          firstName: `Lead${offset + index}`,
          tags: ['scale'],
        })),
      });
    }
    const mailboxIds = [await h.createMailbox(workspaceId), await h.createMailbox(workspaceId)];
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Scale', mailboxIds, targetCriteria: { tags: ['scale'] } },
    });
    const campaignId = campaign!.id;
    await h.rpc.createStep({
      workspaceId,
      campaignId,
      step: { subjectTemplate: 'Hi {{first_name}}', textBodyTemplate: 'Hello' },
    });
    const added = await h.rpc.addLeads({ workspaceId, campaignId, useTargetCriteria: true });
    expect(added.addedCount).toBe(leadCount);

    const launchStart = Date.now();
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    const launchMs = Date.now() - launchStart;
    const handedOver = async () =>
      (
        await h.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND status = 'scheduled'`,
          [campaignId],
        )
      )[0]!.n;
    await waitFor(async () => (await handedOver()) === leadCount, {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: 'every task handed over',
    });
    const handOverMs = Date.now() - launchStart - launchMs;
    await waitFor(() => sendRequests(h.commands, campaignId).length >= leadCount, {
      timeoutMs: 60_000,
      what: 'every command published',
    });
    // No task is left to hand over, and once the outbox is empty every command written is published
    // (a relay deletes what it published), so a duplicate would be in h.commands by now.
    await waitFor(
      async () => (await h.sql<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events'))[0]!.n === 0,
      { timeoutMs: 60_000, what: 'the outbox to be empty' },
    );

    const requests = sendRequests(h.commands, campaignId);
    expect(requests).toHaveLength(leadCount);
    expect(new Set(requests.map(({ command }) => command.taskId)).size).toBe(leadCount);
    expect(new Set(requests.map(({ command }) => command.clientId)).size).toBe(leadCount);
    for (const { command } of requests.slice(0, 50)) {
      expect(command.subjectTemplate).toBe('Hi {{first_name}}');
      expect(command.recipient?.firstName).toMatch(/^Lead\d+$/);
    }
    const perMailbox = mailboxIds.map(
      (id) => requests.filter(({ command }) => command.mailboxId === id).length,
    );
    expect(perMailbox).toEqual([leadCount / 2, leadCount / 2]);
    expect(h.commands.filter((e) => e.type === eventTypes.emailSendCancelRequested)).toEqual([]);
    process.stdout.write(
      `launch of ${leadCount} leads: ${launchMs} ms; hand-over: ${handOverMs} ms ` +
        `(${Math.round((leadCount / handOverMs) * 1000)} tasks/s with 3 processes)\n`,
    );
  });
});
