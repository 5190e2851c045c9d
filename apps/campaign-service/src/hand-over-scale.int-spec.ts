import { eventTypes } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { startHarness, type Harness } from '../test/campaign-harness';
import { sendRequests } from '../test/email-events';

jest.setTimeout(180_000);

const leadCount = 6000;
const shardCount = 2;
const perShard = leadCount / shardCount;

describe('hand-over with several campaign-service processes on 2 shards (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    // Three worker sets stand for three processes: each runs a scheduler loop and a relay per shard,
    // and a consumer. Nothing is sent here, so every task stays in flight: the window must hold them all.
    h = await startHarness({
      email: 'api',
      workers: 3,
      campaignShards: shardCount,
      schedulerIntervalMs: 50,
      handOverMaxInFlight: leadCount,
    });
  });
  afterAll(() => h?.stop());

  /** A campaign of `perShard` leads in a workspace of `shard`, with its leads added; not launched. */
  async function campaignOnShard(shard: number) {
    const workspaceId = h.workspaceOn(shard);
    for (let offset = 0; offset < perShard; offset += 1000) {
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
    expect(added.addedCount).toBe(perShard);
    return { workspaceId, campaignId, mailboxIds };
  }

  it(`hands each of ${leadCount} leads over exactly once, and reports the rate`, async () => {
    const campaigns: Awaited<ReturnType<typeof campaignOnShard>>[] = [];
    for (let shard = 0; shard < shardCount; shard++) campaigns.push(await campaignOnShard(shard));

    const launchStart = Date.now();
    for (const { workspaceId, campaignId } of campaigns) {
      await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    }
    const launchMs = Date.now() - launchStart;
    const handedOver = async ({ workspaceId, campaignId }: (typeof campaigns)[number]) =>
      (
        await h.sqlIn<{ n: number }>(
          workspaceId,
          `SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND status = 'scheduled'`,
          [campaignId],
        )
      )[0]!.n;
    await waitFor(async () => (await Promise.all(campaigns.map(handedOver))).every((n) => n === perShard), {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: 'every task handed over',
    });
    const handOverMs = Date.now() - launchStart - launchMs;
    await waitFor(
      () => campaigns.every(({ campaignId }) => sendRequests(h.commands, campaignId).length >= perShard),
      { timeoutMs: 60_000, what: 'every command published' },
    );
    // No task is left to hand over, and once every shard's outbox is empty every command written is
    // published (a relay deletes what it published), so a duplicate would be in h.commands by now.
    await waitFor(
      async () =>
        (await h.sql<{ n: number }>('SELECT count(*)::int AS n FROM outbox_events')).every(
          ({ n }) => n === 0,
        ),
      { timeoutMs: 60_000, what: 'the outboxes to be empty' },
    );

    for (const [shard, { workspaceId, campaignId, mailboxIds }] of campaigns.entries()) {
      // Each campaign's tasks are on its workspace's shard only.
      const perShardCounts = await h.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1',
        [campaignId],
      );
      expect(perShardCounts.map(({ n }) => n)).toEqual(
        Array.from({ length: shardCount }, (_, index) => (index === shard ? perShard : 0)),
      );

      const requests = sendRequests(h.commands, campaignId);
      expect(requests).toHaveLength(perShard);
      expect(new Set(requests.map(({ command }) => command.taskId)).size).toBe(perShard);
      expect(new Set(requests.map(({ command }) => command.clientId)).size).toBe(perShard);
      expect(requests.every(({ envelope }) => envelope.workspaceId === workspaceId)).toBe(true);
      for (const { command } of requests.slice(0, 50)) {
        expect(command.subjectTemplate).toBe('Hi {{first_name}}');
        expect(command.recipient?.firstName).toMatch(/^Lead\d+$/);
      }
      const perMailbox = mailboxIds.map(
        (id) => requests.filter(({ command }) => command.mailboxId === id).length,
      );
      expect(perMailbox).toEqual([perShard / 2, perShard / 2]);
    }
    expect(h.commands.filter((e) => e.type === eventTypes.emailSendCancelRequested)).toEqual([]);
    process.stdout.write(
      `launch of ${leadCount} leads on ${shardCount} shards: ${launchMs} ms; hand-over: ${handOverMs} ms ` +
        `(${Math.round((leadCount / handOverMs) * 1000)} tasks/s with 3 processes)\n`,
    );
  });
});
