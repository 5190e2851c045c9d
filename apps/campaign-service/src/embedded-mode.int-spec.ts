import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { CampaignStatus, SequenceState, TaskStatus, eventTypes } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { startHarness, type Harness } from '../test/campaign-harness';

jest.setTimeout(120_000);

// Embedded mode as `npm start` runs it: every service's tables in one PGlite (one connection for
// all), the in-process bus, and the email service's real workers "sending" to its catcher. The
// whole loop runs: launch → hand-over → delivery → email.sent → next step → completion.
describe('a campaign end to end in embedded mode (PGlite, 2 campaign shards, in-process bus, email catcher)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ embedded: true, email: 'full', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  it('sends every step to every lead once, threads the follow-up, and completes', async () => {
    const workspaceId = h.workspaceOn(1);
    const ann = await h.createClient(workspaceId, 'ann@example.com', { firstName: 'Ann', company: 'Acme' });
    const bob = await h.createClient(workspaceId, 'bob@example.com', { company: 'Globex' });
    const mailboxId = await h.createMailbox(workspaceId);
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Embedded', mailboxIds: [mailboxId] },
    });
    const campaignId = campaign!.id;
    await h.rpc.createStep({
      workspaceId,
      campaignId,
      step: { subjectTemplate: 'Hello {{first_name | "there"}}', textBodyTemplate: 'About {{company}}' },
    });
    await h.rpc.createStep({
      workspaceId,
      campaignId,
      step: { subjectTemplate: 'Re: hello', textBodyTemplate: 'Any thoughts?', delay: durationFromMs(0) },
    });
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds: [ann, bob] });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });

    await waitFor(
      async () =>
        (await h.rpc.getCampaign({ workspaceId, id: campaignId })).campaign?.status ===
        CampaignStatus.COMPLETED,
      { timeoutMs: 60_000, intervalMs: 200, what: 'the campaign to complete' },
    );
    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId });
    expect(tasks).toHaveLength(4);
    for (const task of tasks) {
      expect(task.status).toBe(TaskStatus.SENT);
      expect(task.messageId).toMatch(/^<.+@.+>$/);
    }
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId });
    for (const lead of leads)
      expect(lead).toMatchObject({ state: SequenceState.COMPLETED, lastSentPosition: 2 });

    const { messages } = await h.email.listCaughtMessages({ workspaceId, pageSize: 50 });
    expect(messages).toHaveLength(4);
    expect(messages.map((m) => m.subject).sort()).toEqual([
      'Hello Ann',
      'Hello there',
      'Re: hello',
      'Re: hello',
    ]);
    const firstToAnn = tasks.find((t) => t.clientId === ann && t.stepPosition === 1)!;
    const followUpToAnn = messages.find(
      (m) => m.deliveryId === tasks.find((t) => t.clientId === ann && t.stepPosition === 2)!.id,
    )!;
    const inReplyTo = followUpToAnn.headers.find((header) => header.name.toLowerCase() === 'in-reply-to');
    expect(inReplyTo?.value).toBe(firstToAnn.messageId);
    expect(h.campaignEvents.filter((e) => e.key === campaignId).map((e) => e.type)).toEqual([
      eventTypes.campaignCreated,
      eventTypes.campaignLaunched,
      eventTypes.campaignCompleted,
    ]);
  });
});
