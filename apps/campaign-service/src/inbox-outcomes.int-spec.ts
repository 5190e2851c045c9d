import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { SequenceState, TaskStatus } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, startHarness, type Harness } from '../test/campaign-harness';
import {
  bouncedEvent,
  feedFailed,
  messageIdOf,
  repliedEvent,
  sendRequests,
  sentEvent,
} from '../test/email-events';

// Issue 15: what the mailbox's inbox says of a sent email reaches the campaign on email.events —
// a reply (email.replied) or a later bounce (email.bounced) — and shows on the task that sent it.
jest.setTimeout(120_000);

describe('replies and later bounces of sent emails (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  /**
   * A launched two-step campaign for two new clients, Ann and Bob. The second step waits `followUpMinutes`
   * after the first is sent: an hour keeps it pending while a test looks at the first.
   */
  async function launched(workspaceId: string, options: { stopOnReply: boolean; followUpMinutes: number }) {
    const mailboxId = await h.createMailbox(workspaceId);
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Inbox', mailboxIds: [mailboxId], stopOnReply: options.stopOnReply },
    });
    const campaignId = campaign!.id;
    for (const delayMinutes of [0, options.followUpMinutes]) {
      await h.rpc.createStep({
        workspaceId,
        campaignId,
        step: {
          subjectTemplate: 'Hi',
          textBodyTemplate: 'Hello',
          delay: durationFromMs(delayMinutes * 60_000),
        },
      });
    }
    const clientIds = [
      await h.createClient(workspaceId, 'ann@example.com'),
      await h.createClient(workspaceId, 'bob@example.com'),
    ];
    await h.rpc.addLeads({ workspaceId, campaignId, clientIds });
    await h.rpc.launchCampaign({ workspaceId, id: campaignId });
    return { campaignId, clientIds };
  }

  /** The send requests of `position` once there are `count` of them. */
  async function requests(campaignId: string, position: number, count: number) {
    const of = () =>
      sendRequests(h.commands, campaignId)
        .map(({ command }) => command)
        .filter((command) => command.stepPosition === position);
    await waitFor(() => of().length >= count, { timeoutMs: 30_000, what: `${count} send requests` });
    return of();
  }

  /** Resolves once the email.events consumer has applied (or skipped as a repeat) this event. */
  const handled = (eventId: string) =>
    waitFor(
      async () => (await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length > 0,
      { timeoutMs: 30_000, what: `event ${eventId} handled` },
    );

  async function feedAndWait(event: Parameters<Harness['feed']>[0]) {
    const enveloped = await h.feed(event);
    await handled(enveloped.eventId);
    return enveloped;
  }

  const taskOf = async (workspaceId: string, id: string) => (await h.rpc.getTask({ workspaceId, id })).task!;

  async function leadStates(workspaceId: string, campaignId: string) {
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId });
    return new Map(leads.map((lead) => [lead.clientId, lead.state]));
  }

  async function followUpStatuses(workspaceId: string, campaignId: string) {
    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId, pageSize: 100 });
    return new Map(
      tasks.filter((task) => task.stepPosition === 2).map((task) => [task.clientId, task.status]),
    );
  }

  it('a reply marks the sent task replied, once, stops the lead (stop on reply), and a late email.sent changes nothing', async () => {
    const workspaceId = newWorkspace();
    const { campaignId, clientIds } = await launched(workspaceId, { stopOnReply: true, followUpMinutes: 60 });
    const [ann, bob] = clientIds as [string, string];
    const first = await requests(campaignId, 1, 2);
    for (const request of first) await feedAndWait(sentEvent(workspaceId, request));
    const annFirst = first.find((request) => request.clientId === ann)!;

    const reply = await feedAndWait(repliedEvent(workspaceId, annFirst));
    expect(await taskOf(workspaceId, annFirst.taskId)).toMatchObject({
      status: TaskStatus.REPLIED,
      messageId: messageIdOf(annFirst),
    });
    expect(await leadStates(workspaceId, campaignId)).toEqual(
      new Map([
        [ann, SequenceState.STOPPED_REPLIED],
        [bob, SequenceState.ACTIVE],
      ]),
    );
    expect((await followUpStatuses(workspaceId, campaignId)).get(ann)).toBe(TaskStatus.CANCELLED);

    // The reply redelivered (same event) and reported again (a new event), then a late email.sent
    // for the same task: none of them touches the task again.
    const before = await h.sql('SELECT status, last_error, updated_at FROM campaign_tasks WHERE id = $1', [
      annFirst.taskId,
    ]);
    await h.redeliver(reply);
    await feedAndWait(repliedEvent(workspaceId, annFirst));
    await feedAndWait(sentEvent(workspaceId, annFirst));
    expect(
      await h.sql('SELECT status, last_error, updated_at FROM campaign_tasks WHERE id = $1', [
        annFirst.taskId,
      ]),
    ).toEqual(before);
    expect((await leadStates(workspaceId, campaignId)).get(ann)).toBe(SequenceState.STOPPED_REPLIED);
  });

  it('without stop on reply the task is replied and the sequence goes on, following up the replied email', async () => {
    const workspaceId = newWorkspace();
    const { campaignId, clientIds } = await launched(workspaceId, { stopOnReply: false, followUpMinutes: 0 });
    const [ann] = clientIds as [string, string];
    const annFirst = (await requests(campaignId, 1, 2)).find((request) => request.clientId === ann)!;

    // Sent and replied in one batch (one transaction): the follow-up is handed over after the reply.
    await h.feedBatch(annFirst.taskId, [
      sentEvent(workspaceId, annFirst),
      repliedEvent(workspaceId, annFirst),
    ]);
    const [followUp] = await requests(campaignId, 2, 1);
    expect(followUp).toMatchObject({ clientId: ann, inReplyToMessageId: messageIdOf(annFirst) });
    expect(await taskOf(workspaceId, annFirst.taskId)).toMatchObject({ status: TaskStatus.REPLIED });
    expect((await leadStates(workspaceId, campaignId)).get(ann)).toBe(SequenceState.ACTIVE);
  });

  it('a bounce after sending marks the task bounced with the diagnostic and stops the client; one at RCPT time leaves it failed', async () => {
    const workspaceId = newWorkspace();
    const { campaignId, clientIds } = await launched(workspaceId, {
      stopOnReply: false,
      followUpMinutes: 60,
    });
    const [ann, bob] = clientIds as [string, string];
    const first = await requests(campaignId, 1, 2);
    const of = (clientId: string) => first.find((request) => request.clientId === clientId)!;

    await feedAndWait(sentEvent(workspaceId, of(ann)));
    await feedAndWait(bouncedEvent(workspaceId, of(ann)));
    expect(await taskOf(workspaceId, of(ann).taskId)).toMatchObject({
      status: TaskStatus.BOUNCED,
      lastError: '550 5.1.1 user unknown',
      messageId: messageIdOf(of(ann)),
    });
    // Refused at RCPT TO: the Email service reports the failure, then the bounce.
    await feedFailed(h, workspaceId, of(bob));
    await feedAndWait(bouncedEvent(workspaceId, of(bob)));
    expect(await taskOf(workspaceId, of(bob).taskId)).toMatchObject({
      status: TaskStatus.FAILED,
      lastError: '550 5.1.1 mailbox unavailable',
    });

    expect(await leadStates(workspaceId, campaignId)).toEqual(
      new Map([
        [ann, SequenceState.STOPPED_BOUNCED],
        [bob, SequenceState.STOPPED_BOUNCED],
      ]),
    );
    expect(await followUpStatuses(workspaceId, campaignId)).toEqual(new Map([[ann, TaskStatus.CANCELLED]]));
    // A late email.sent leaves the bounce in place.
    await feedAndWait(sentEvent(workspaceId, of(ann)));
    expect(await taskOf(workspaceId, of(ann).taskId)).toMatchObject({ status: TaskStatus.BOUNCED });
  });
});
