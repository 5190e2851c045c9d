import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { durationFromMs } from '@bufbuild/protobuf/wkt';
import {
  DeliveryRefSchema,
  EmailClickedSchema,
  EmailOpenedSchema,
  SequenceState,
  TaskStatus,
  eventTypes,
  type EmailSendRequested,
} from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, startHarness, type Harness } from '../test/campaign-harness';
import { sendRequests, sentEvent } from '../test/email-events';

// Issue 16: a campaign's tracking settings travel with each send request, and the opens and clicks
// the Email service then reports on email.events are skipped here: they never stop a sequence (stop
// on reply reacts to replies only), never fail, and never go to the dead letters.
jest.setTimeout(120_000);

describe('open and click tracking in the Campaign service (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  /** A launched campaign of `steps` steps, one after the other, for one new client. */
  async function launched(
    workspaceId: string,
    campaign: { stopOnReply: boolean; trackOpens?: boolean; trackClicks?: boolean },
    steps = 1,
  ) {
    const mailboxId = await h.createMailbox(workspaceId);
    const created = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Tracking', mailboxIds: [mailboxId], ...campaign },
    });
    const campaignId = created.campaign!.id;
    for (let step = 0; step < steps; step++) {
      await h.rpc.createStep({
        workspaceId,
        campaignId,
        step: { subjectTemplate: 'Hi', htmlBodyTemplate: '<p>Hello</p>', delay: durationFromMs(0) },
      });
    }
    const clientId = await h.createClient(workspaceId, `ann-${randomUUID()}@example.com`);
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds: [clientId] });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    return { campaignId, clientId, created: created.campaign! };
  }

  const request = (campaignId: string, position: number) =>
    waitFor(
      () =>
        sendRequests(h.commands, campaignId)
          .map(({ command }) => command)
          .find((command) => command.stepPosition === position),
      { timeoutMs: 30_000, what: `the send request of step ${position}` },
    );

  const ref = (command: EmailSendRequested) =>
    create(DeliveryRefSchema, {
      taskId: command.taskId,
      campaignId: command.campaignId,
      clientId: command.clientId,
      stepId: command.stepId,
      stepPosition: command.stepPosition,
      mailboxId: command.mailboxId,
    });
  const opened = (workspaceId: string, command: EmailSendRequested, automatedReason: string) => ({
    type: eventTypes.emailOpened,
    workspaceId,
    key: command.taskId,
    schema: EmailOpenedSchema,
    message: create(EmailOpenedSchema, {
      delivery: ref(command),
      automated: automatedReason !== '',
      automatedReason,
    }),
  });
  const clicked = (workspaceId: string, command: EmailSendRequested) => ({
    type: eventTypes.emailClicked,
    workspaceId,
    key: command.taskId,
    schema: EmailClickedSchema,
    message: create(EmailClickedSchema, {
      delivery: ref(command),
      linkIndex: 0,
      url: 'https://shop.example/',
    }),
  });

  it('hands the tracking settings over with each email, off unless the campaign asks', async () => {
    const workspaceId = newWorkspace();
    const tracked = await launched(workspaceId, { stopOnReply: true, trackOpens: true, trackClicks: true });
    expect(tracked.created).toMatchObject({ trackOpens: true, trackClicks: true });
    expect(await request(tracked.campaignId, 1)).toMatchObject({ trackOpens: true, trackClicks: true });
    const untracked = await launched(workspaceId, { stopOnReply: true });
    expect(untracked.created).toMatchObject({ trackOpens: false, trackClicks: false });
    expect(await request(untracked.campaignId, 1)).toMatchObject({ trackOpens: false, trackClicks: false });

    const changed = await h.rpc.updateCampaign({
      workspaceId,
      id: (await h.rpc.createCampaign({ workspaceId, campaign: { name: 'Draft' } })).campaign!.id,
      campaign: { trackOpens: true },
      updateMask: { paths: ['track_opens'] },
    });
    expect(changed.campaign).toMatchObject({ trackOpens: true, trackClicks: false });
  });

  it('skips opens and clicks: a stop-on-reply sequence goes on, nothing fails or is dead-lettered', async () => {
    const workspaceId = newWorkspace();
    const { campaignId, clientId } = await launched(
      workspaceId,
      { stopOnReply: true, trackOpens: true, trackClicks: true },
      2,
    );
    const first = await request(campaignId, 1);

    // Sent, opened by a person and by a proxy, clicked; then another email.sent on the same partition,
    // so once that one is handled the opens and the click before it were too.
    await h.feedBatch(first.taskId, [
      sentEvent(workspaceId, first),
      opened(workspaceId, first, ''),
      opened(workspaceId, first, 'apple-mail-privacy'),
      clicked(workspaceId, first),
    ]);
    const marker = await h.feed(sentEvent(workspaceId, first));
    await waitFor(
      async () =>
        (await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [marker.eventId])).length > 0,
      { timeoutMs: 30_000, what: 'the events to be handled' },
    );

    expect(await request(campaignId, 2)).toMatchObject({ clientId });
    expect((await h.rpc.getTask({ workspaceId, id: first.taskId })).task).toMatchObject({
      status: TaskStatus.SENT,
    });
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId });
    expect(leads.map((lead) => lead.state)).toEqual([SequenceState.ACTIVE]);
    expect(await h.sql('SELECT reason FROM dead_letters')).toEqual([]);
  });
});
