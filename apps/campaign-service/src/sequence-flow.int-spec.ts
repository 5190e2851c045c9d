import { type MessageInitShape } from '@bufbuild/protobuf';
import { durationFromMs, timestampDate } from '@bufbuild/protobuf/wkt';
import { Code } from '@connectrpc/connect';
import {
  CampaignCompletedSchema,
  type CampaignInputSchema,
  CampaignLaunchedSchema,
  CampaignStatus,
  EmailSendCancelRequestedSchema,
  eventTypes,
  SequenceState,
  TaskStatus,
} from '@coldreach/contracts';
import { createEnvelope, unpackPayload } from '@coldreach/outbox';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/campaign-harness';
import {
  feedCancelled,
  feedFailed,
  feedSent,
  feedUnsubscribed,
  messageIdOf,
  sendRequests,
  sentEvent,
  unsubscribedEvent,
} from '../test/email-events';

jest.setTimeout(90_000);

interface StepSpec {
  subject: string;
  text: string;
  delayMinutes?: number;
}

const twoSteps: StepSpec[] = [
  { subject: 'Hi {{first_name | "there"}}', text: 'Hello from {{company}}' },
  { subject: '', text: 'Following up, {{first_name}}' },
];

/** An email service event as the bus carries it, so a test knows its id before feeding it. */
const enveloped = (event: ReturnType<typeof sentEvent>) =>
  createEnvelope({
    type: event.type,
    workspaceId: event.workspaceId,
    key: event.key,
    source: 'email-service',
    payload: { schema: event.schema, message: event.message },
  });

describe('campaign sequences: hand-over and email outcomes (PostgreSQL, 2 shards)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'api', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  /** A campaign with its steps, mailboxes and leads (clients created here), launched. */
  async function launched(
    workspaceId: string,
    options: {
      leads: number | string[];
      steps?: StepSpec[];
      mailboxes?: number;
      campaign?: MessageInitShape<typeof CampaignInputSchema>;
    },
  ) {
    const mailboxIds: string[] = [];
    for (let index = 0; index < (options.mailboxes ?? 1); index++)
      mailboxIds.push(await h.createMailbox(workspaceId));
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Flow', ...options.campaign, mailboxIds },
    });
    const steps = [];
    for (const spec of options.steps ?? twoSteps) {
      const { step } = await h.rpc.createStep({
        workspaceId,
        campaignId: campaign!.id,
        step: {
          subjectTemplate: spec.subject,
          textBodyTemplate: spec.text,
          delay: durationFromMs((spec.delayMinutes ?? 0) * 60_000),
        },
      });
      steps.push(step!);
    }
    const clientIds =
      typeof options.leads === 'number'
        ? await Promise.all(
            Array.from({ length: options.leads }, (_, index) =>
              h.createClient(workspaceId, `lead${index}@example.com`, {
                firstName: `Lead${index}`,
                company: 'Acme',
              }),
            ),
          )
        : options.leads;
    await h.rpc.addLeads({ workspaceId, campaignId: campaign!.id, clientIds });
    const { campaign: active } = await h.rpc.launchCampaign({ workspaceId, id: campaign!.id });
    return { campaign: active!, steps, clientIds, mailboxIds };
  }

  const requestsOf = (campaignId: string, position?: number) =>
    sendRequests(h.commands, campaignId)
      .map(({ command }) => command)
      .filter((command) => position === undefined || command.stepPosition === position);

  async function waitForRequests(campaignId: string, count: number, position?: number) {
    await waitFor(() => requestsOf(campaignId, position).length >= count, {
      timeoutMs: 30_000,
      what: `${count} send requests`,
    });
    return requestsOf(campaignId, position);
  }

  /**
   * Resolves once the scheduler has run a whole round begun after the call, and what it handed over
   * is in h.commands: a one-lead campaign launched now is handed over by the first round that starts
   * after its launch, and a second one, launched once the first was handed over, by a round after
   * that whole round. The relay publishes in outbox order and the in-process bus hands the collector
   * what it publishes before the next poll, so "nothing more was handed over" means something.
   * Each shard has its own scheduler loop, so the markers go to every shard.
   */
  async function schedulerRoundPassed() {
    for (let marker = 0; marker < 2; marker++) {
      await Promise.all(
        h.shards.shards.map(async (_, shard) => {
          const markerSteps = { leads: 1, steps: [{ subject: 'M', text: 'M' }] };
          const { campaign } = await launched(h.workspaceOn(shard), markerSteps);
          await waitForRequests(campaign.id, 1);
        }),
      );
    }
  }

  /** Resolves once the email.events consumer has applied (or skipped as a repeat) this event. */
  const handled = (eventId: string) =>
    waitFor(
      async () => (await h.sql('SELECT 1 FROM processed_events WHERE event_id = $1', [eventId])).length > 0,
      { timeoutMs: 30_000, what: `event ${eventId} handled` },
    );

  async function leadsOf(workspaceId: string, campaignId: string) {
    const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId, pageSize: 500 });
    return new Map(leads.map((lead) => [lead.clientId, lead]));
  }

  it('launch hands every lead its first step: one send request each, with recipient, templates and mailbox', async () => {
    const workspaceId = newWorkspace();
    const { campaign, steps, clientIds, mailboxIds } = await launched(workspaceId, {
      leads: 4,
      mailboxes: 2,
    });
    expect(campaign.status).toBe(CampaignStatus.ACTIVE);
    expect(campaign.launchTime).toBeDefined();
    const requests = await waitForRequests(campaign.id, 4);
    await schedulerRoundPassed();
    expect(requestsOf(campaign.id)).toHaveLength(4);
    expect(new Set(requests.map((r) => r.clientId))).toEqual(new Set(clientIds));
    for (const request of requests) {
      const index = clientIds.indexOf(request.clientId);
      expect(request).toMatchObject({
        campaignId: campaign.id,
        stepId: steps[0]!.id,
        stepPosition: 1,
        subjectTemplate: 'Hi {{first_name | "there"}}',
        textBodyTemplate: 'Hello from {{company}}',
        timeZone: 'UTC',
        inReplyToMessageId: '',
      });
      expect(request.recipient).toMatchObject({
        id: request.clientId,
        email: `lead${index}@example.com`,
        firstName: `Lead${index}`,
        company: 'Acme',
      });
      expect(Math.abs(timestampDate(request.scheduledAt!).getTime() - Date.now())).toBeLessThan(30_000);
    }
    // Round-robin: the two mailboxes share the leads evenly.
    const perMailbox = mailboxIds.map((id) => requests.filter((r) => r.mailboxId === id).length);
    expect(perMailbox).toEqual([2, 2]);
    const envelopes = sendRequests(h.commands, campaign.id).map(({ envelope }) => envelope);
    for (const envelope of envelopes)
      expect(envelope).toMatchObject({ workspaceId, source: 'campaign-service' });
    expect(envelopes.map((e) => e.key).sort()).toEqual(requests.map((r) => r.taskId).sort());

    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId: campaign.id });
    expect(tasks.map((task) => task.status)).toEqual(Array(4).fill(TaskStatus.SCHEDULED));
    const leads = await leadsOf(workspaceId, campaign.id);
    for (const request of requests) {
      expect(leads.get(request.clientId)).toMatchObject({ nextPosition: 1, mailboxId: request.mailboxId });
    }
    const launchedEvent = h.campaignEvents.find(
      (e) => e.key === campaign.id && e.type === eventTypes.campaignLaunched,
    );
    expect(unpackPayload(launchedEvent!, CampaignLaunchedSchema)).toMatchObject({
      leadCount: 4,
      stepCount: 2,
    });
    // Launching again changes nothing; an active campaign cannot be deleted.
    expect((await h.rpc.launchCampaign({ workspaceId, id: campaign.id })).campaign?.status).toBe(
      CampaignStatus.ACTIVE,
    );
    await rejection(h.rpc.deleteCampaign({ workspaceId, id: campaign.id }), Code.FailedPrecondition);
  });

  it('email.sent advances each lead to its next step (threaded), and the last one completes the campaign', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await launched(workspaceId, { leads: 3 });
    const first = await waitForRequests(campaign.id, 3, 1);
    const sentEvents = [];
    for (const request of first) sentEvents.push(await feedSent(h, workspaceId, request));

    const second = await waitForRequests(campaign.id, 3, 2);
    for (const request of second) {
      const previous = first.find((r) => r.clientId === request.clientId)!;
      expect(request).toMatchObject({
        textBodyTemplate: 'Following up, {{first_name}}',
        mailboxId: previous.mailboxId,
      });
      expect(request.inReplyToMessageId).toBe(messageIdOf(previous));
    }
    const sentTask = (await h.rpc.getTask({ workspaceId, id: first[0]!.taskId })).task!;
    expect(sentTask).toMatchObject({
      status: TaskStatus.SENT,
      messageId: messageIdOf(first[0]!),
      attempts: 1,
    });
    expect(sentTask.sentTime).toBeDefined();
    const leads = await leadsOf(workspaceId, campaign.id);
    expect(leads.get(first[0]!.clientId)).toMatchObject({ lastSentPosition: 1, nextPosition: 2 });

    // A redelivered event (same id) and a repeated outcome (new id) change nothing.
    const before = await h.sql(
      'SELECT id, status, updated_at FROM campaign_tasks WHERE campaign_id = $1 ORDER BY id',
      [campaign.id],
    );
    await h.redeliver(sentEvents[0]!);
    // The repeat comes after the redelivery on the partition of its task: handled after it.
    await handled((await feedSent(h, workspaceId, first[0]!)).eventId);
    await schedulerRoundPassed();
    expect(requestsOf(campaign.id)).toHaveLength(6);
    expect(
      await h.sql('SELECT id, status, updated_at FROM campaign_tasks WHERE campaign_id = $1 ORDER BY id', [
        campaign.id,
      ]),
    ).toEqual(before);

    for (const request of second) await feedSent(h, workspaceId, request);
    await waitFor(
      () => h.campaignEvents.find((e) => e.key === campaign.id && e.type === eventTypes.campaignCompleted),
      { timeoutMs: 20_000, what: 'CampaignCompleted' },
    );
    const completed = h.campaignEvents.find(
      (e) => e.key === campaign.id && e.type === eventTypes.campaignCompleted,
    )!;
    expect(unpackPayload(completed, CampaignCompletedSchema)).toMatchObject({
      completedLeadCount: 3,
      stoppedLeadCount: 0,
    });
    const { campaign: done } = await h.rpc.getCampaign({ workspaceId, id: campaign.id });
    expect(done).toMatchObject({ status: CampaignStatus.COMPLETED });
    expect(done?.completeTime).toBeDefined();
    for (const lead of (await leadsOf(workspaceId, campaign.id)).values()) {
      expect(lead).toMatchObject({ state: SequenceState.COMPLETED, lastSentPosition: 2, nextPosition: 0 });
      expect(lead.endTime).toBeDefined();
    }
    await rejection(
      h.rpc.updateCampaign({
        workspaceId,
        id: campaign.id,
        campaign: { name: 'x' },
        updateMask: { paths: ['name'] },
      }),
      Code.FailedPrecondition,
    );
  });

  it('one batch of events is applied in order: repeats change nothing, a stop before a send holds', async () => {
    const workspaceId = newWorkspace();
    const { campaign, clientIds } = await launched(workspaceId, { leads: 3 });
    const [ann, bob, cid] = clientIds as [string, string, string];
    const first = await waitForRequests(campaign.id, 3, 1);
    const of = (clientId: string) => first.find((request) => request.clientId === clientId)!;
    const bobSent = await h.feed(sentEvent(workspaceId, of(bob)));
    await waitForRequests(campaign.id, 1, 2);

    // In one batch: Ann sent, Ann sent again (a new event id), Bob's event redelivered, Cid
    // unsubscribed and only then sent, Ann sent once more.
    const last = enveloped(sentEvent(workspaceId, of(ann)));
    await h.feedBatch(campaign.id, [
      sentEvent(workspaceId, of(ann)),
      sentEvent(workspaceId, of(ann)),
      bobSent,
      unsubscribedEvent(workspaceId, cid, 'lead2@example.com'),
      sentEvent(workspaceId, of(cid)),
      last,
    ]);
    await waitFor(
      async () =>
        (await leadsOf(workspaceId, campaign.id)).get(cid)?.state === SequenceState.STOPPED_UNSUBSCRIBED,
      { what: 'cid stopped' },
    );
    await waitForRequests(campaign.id, 2, 2);
    await handled(last.eventId);
    await schedulerRoundPassed();
    const second = requestsOf(campaign.id, 2);
    expect(second.map((request) => request.clientId).sort()).toEqual([ann, bob].sort());
    const leads = await leadsOf(workspaceId, campaign.id);
    expect(leads.get(ann)).toMatchObject({
      state: SequenceState.ACTIVE,
      lastSentPosition: 1,
      nextPosition: 2,
    });
    expect(leads.get(bob)).toMatchObject({
      state: SequenceState.ACTIVE,
      lastSentPosition: 1,
      nextPosition: 2,
    });
    // Cid's email did go out (the Email service says so) but his sequence stays stopped.
    expect(leads.get(cid)).toMatchObject({ state: SequenceState.STOPPED_UNSUBSCRIBED, lastSentPosition: 1 });
    for (const clientId of clientIds) {
      expect((await h.rpc.getTask({ workspaceId, id: of(clientId).taskId })).task).toMatchObject({
        status: TaskStatus.SENT,
        messageId: messageIdOf(of(clientId)),
      });
    }
  });

  it('a failed step stops that lead; an unsubscribe stops the client in every campaign and withdraws its tasks', async () => {
    const workspaceId = newWorkspace();
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    const bob = await h.createClient(workspaceId, 'bob@example.com');
    const steps = [
      { subject: 'One', text: 'One' },
      { subject: 'Two', text: 'Two', delayMinutes: 3 * 24 * 60 },
    ];
    const a = await launched(workspaceId, { leads: [ann, bob], steps });
    const b = await launched(workspaceId, { leads: [ann, bob], steps });
    const firstA = await waitForRequests(a.campaign.id, 2, 1);
    const firstB = await waitForRequests(b.campaign.id, 2, 1);
    const of = (requests: typeof firstA, clientId: string) => requests.find((r) => r.clientId === clientId)!;

    // Ann's first email of A fails for good: her sequence in A stops, B goes on.
    await feedFailed(h, workspaceId, of(firstA, ann));
    await waitFor(
      async () =>
        (await leadsOf(workspaceId, a.campaign.id)).get(ann)?.state === SequenceState.STOPPED_FAILED,
      {
        what: 'ann stopped in A',
      },
    );
    expect((await h.rpc.getTask({ workspaceId, id: of(firstA, ann).taskId })).task).toMatchObject({
      status: TaskStatus.FAILED,
      lastError: '550 5.1.1 mailbox unavailable',
    });
    expect((await leadsOf(workspaceId, b.campaign.id)).get(ann)?.state).toBe(SequenceState.ACTIVE);

    // Bob's first email of B was sent: his second step there waits three days (pending).
    await feedSent(h, workspaceId, of(firstB, bob));
    await waitFor(async () => (await leadsOf(workspaceId, b.campaign.id)).get(bob)?.nextPosition === 2, {
      what: 'bob step 2 pending',
    });
    const bobNext = (await leadsOf(workspaceId, b.campaign.id)).get(bob)!;
    expect(timestampDate(bobNext.nextSendTime!).getTime()).toBeGreaterThan(Date.now() + 2.9 * 86_400_000);

    // Bob unsubscribes: stopped in both campaigns; the pending task is cancelled here and the one
    // handed over (his first of A) is withdrawn with a cancel command.
    await feedUnsubscribed(h, workspaceId, bob, 'bob@example.com');
    await waitFor(
      async () =>
        (await leadsOf(workspaceId, a.campaign.id)).get(bob)?.state === SequenceState.STOPPED_UNSUBSCRIBED &&
        (await leadsOf(workspaceId, b.campaign.id)).get(bob)?.state === SequenceState.STOPPED_UNSUBSCRIBED,
      { what: 'bob stopped everywhere' },
    );
    const { tasks: bobTasksB } = await h.rpc.listTasks({
      workspaceId,
      campaignId: b.campaign.id,
      filter: { clientId: bob },
    });
    expect(bobTasksB.map((t) => [t.stepPosition, t.status])).toEqual(
      expect.arrayContaining([
        [1, TaskStatus.SENT],
        [2, TaskStatus.CANCELLED],
      ]),
    );
    await waitFor(
      () =>
        h.commands.some(
          (e) => e.type === eventTypes.emailSendCancelRequested && e.key === of(firstA, bob).taskId,
        ),
      { what: 'cancel command' },
    );
    const cancels = h.commands.filter(
      (e) => e.type === eventTypes.emailSendCancelRequested && e.workspaceId === workspaceId,
    );
    expect(cancels.map((e) => e.key)).toEqual([of(firstA, bob).taskId]);
    expect(unpackPayload(cancels[0]!, EmailSendCancelRequestedSchema)).toMatchObject({
      campaignId: a.campaign.id,
      reason: 'the lead unsubscribed',
    });
    await feedCancelled(h, workspaceId, of(firstA, bob));
    await waitFor(
      async () =>
        (await h.rpc.getTask({ workspaceId, id: of(firstA, bob).taskId })).task?.status ===
        TaskStatus.CANCELLED,
      { what: 'task cancelled' },
    );

    // Every lead of A has ended: A completes with two stopped leads.
    await waitFor(
      () => h.campaignEvents.find((e) => e.key === a.campaign.id && e.type === eventTypes.campaignCompleted),
      {
        what: 'A completed',
      },
    );
    const completed = h.campaignEvents.find(
      (e) => e.key === a.campaign.id && e.type === eventTypes.campaignCompleted,
    )!;
    expect(unpackPayload(completed, CampaignCompletedSchema)).toMatchObject({
      completedLeadCount: 0,
      stoppedLeadCount: 2,
    });
    expect((await h.rpc.getCampaign({ workspaceId, id: b.campaign.id })).campaign?.status).toBe(
      CampaignStatus.ACTIVE,
    );
  });

  it('pause stops hand-over at once; resume hands over what waited, and never anything twice', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await launched(workspaceId, { leads: 6 });
    const first = await waitForRequests(campaign.id, 6, 1);
    const { campaign: paused } = await h.rpc.pauseCampaign({ workspaceId, id: campaign.id });
    expect(paused?.status).toBe(CampaignStatus.PAUSED);
    expect((await h.rpc.pauseCampaign({ workspaceId, id: campaign.id })).campaign?.status).toBe(
      CampaignStatus.PAUSED,
    );
    await waitFor(
      () => h.campaignEvents.some((e) => e.key === campaign.id && e.type === eventTypes.campaignPaused),
      {
        what: 'CampaignPaused',
      },
    );

    // Outcomes still arrive while paused: the next steps are scheduled but not handed over.
    for (const request of first) await feedSent(h, workspaceId, request);
    await waitFor(
      async () =>
        (
          await h.rpc.listTasks({
            workspaceId,
            campaignId: campaign.id,
            filter: { statuses: [TaskStatus.PENDING] },
          })
        ).tasks.length === 6,
      { what: 'six pending second steps' },
    );
    await schedulerRoundPassed();
    expect(requestsOf(campaign.id)).toHaveLength(6);

    const { campaign: resumed } = await h.rpc.resumeCampaign({ workspaceId, id: campaign.id });
    expect(resumed?.status).toBe(CampaignStatus.ACTIVE);
    await waitForRequests(campaign.id, 6, 2);
    await schedulerRoundPassed();
    const all = requestsOf(campaign.id);
    expect(all).toHaveLength(12);
    expect(new Set(all.map((r) => r.taskId)).size).toBe(12);
    expect(h.campaignEvents.some((e) => e.key === campaign.id && e.type === eventTypes.campaignResumed)).toBe(
      true,
    );
  });

  it('a pause that returns has stopped every hand-over, even one under way', async () => {
    const workspaceId = newWorkspace();
    for (const offset of [0, 750]) {
      const { results } = await h.clients.upsertClients({
        workspaceId,
        clients: Array.from({ length: 750 }, (_, index) => ({
          email: `bulk${offset + index}@example.com`,
          tags: ['bulk'],
        })),
      });
      expect(results.every((result) => result.clientId !== '')).toBe(true);
    }
    const mailboxId = await h.createMailbox(workspaceId);
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Bulk', mailboxIds: [mailboxId], targetCriteria: { tags: ['bulk'] } },
    });
    await h.rpc.createStep({
      workspaceId,
      campaignId: campaign!.id,
      step: { subjectTemplate: 'Hi', textBodyTemplate: 'x' },
    });
    expect(
      await h.rpc.addLeads({ workspaceId, campaignId: campaign!.id, useTargetCriteria: true }),
    ).toMatchObject({
      addedCount: 1500,
    });
    await h.rpc.launchCampaign({ workspaceId, id: campaign!.id });
    const handedOver = async () =>
      (
        await h.sqlIn<{ n: number }>(
          workspaceId,
          `SELECT count(*)::int AS n FROM campaign_tasks WHERE campaign_id = $1 AND status = 'scheduled'`,
          [campaign!.id],
        )
      )[0]!.n;
    await waitFor(async () => (await handedOver()) > 0, { what: 'hand-over started' });
    await h.rpc.pauseCampaign({ workspaceId, id: campaign!.id });
    const atPause = await handedOver();
    // A hand-over under way when the pause returned belongs to a round that ends before this one.
    await schedulerRoundPassed();
    expect(await handedOver()).toBe(atPause);
    await h.rpc.resumeCampaign({ workspaceId, id: campaign!.id });
    await waitFor(async () => (await handedOver()) === 1500, { timeoutMs: 30_000, what: 'all handed over' });
    await waitForRequests(campaign!.id, 1500);
    expect(new Set(requestsOf(campaign!.id).map((r) => r.taskId)).size).toBe(1500);
  });

  it('hands over at most the daily cap a day', async () => {
    const workspaceId = newWorkspace();
    const { campaign } = await launched(workspaceId, { leads: 5, campaign: { dailyCap: 2 } });
    await waitForRequests(campaign.id, 2);
    await schedulerRoundPassed();
    expect(requestsOf(campaign.id)).toHaveLength(2);
    const [row] = await h.sql<{ handover_blocked_until: Date }>(
      'SELECT handover_blocked_until FROM campaigns WHERE id = $1',
      [campaign.id],
    );
    expect(row!.handover_blocked_until.getTime()).toBeGreaterThan(Date.now());
    // Raising the cap lets the rest go today.
    await h.rpc.updateCampaign({
      workspaceId,
      id: campaign.id,
      campaign: { dailyCap: 10 },
      updateMask: { paths: ['daily_cap'] },
    });
    await waitForRequests(campaign.id, 5);
  });

  it("reads the window in the recipient's zone when asked to", async () => {
    const workspaceId = newWorkspace();
    // Kiritimati (UTC+14) and Etc/GMT+12 (UTC-12) are always on different days: a schedule for
    // today in Kiritimati is open now there and closed in the campaign's own zone.
    const kiritimatiDay = new Intl.DateTimeFormat('en-US', {
      timeZone: 'Pacific/Kiritimati',
      weekday: 'short',
    }).format(new Date());
    const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(kiritimatiDay) + 1;
    const local = await h.createClient(workspaceId, 'local@example.com', {
      customFields: { time_zone: 'Pacific/Kiritimati' },
    });
    const unknown = await h.createClient(workspaceId, 'unknown@example.com', {
      customFields: { time_zone: 'Nowhere/Land' },
    });
    const { campaign } = await launched(workspaceId, {
      leads: [local, unknown],
      campaign: { schedule: { days: [day], timeZone: 'Etc/GMT+12', useRecipientTimeZone: true } },
    });
    const [request] = await waitForRequests(campaign.id, 1);
    expect(request).toMatchObject({ clientId: local, timeZone: 'Pacific/Kiritimati' });
    expect(request?.schedule).toMatchObject({
      days: [day],
      timeZone: 'Etc/GMT+12',
      useRecipientTimeZone: true,
    });
    await schedulerRoundPassed();
    expect(requestsOf(campaign.id)).toHaveLength(1);
    const waiting = (await leadsOf(workspaceId, campaign.id)).get(unknown)!;
    expect(timestampDate(waiting.nextSendTime!).getTime()).toBeGreaterThan(Date.now());
  });
});
