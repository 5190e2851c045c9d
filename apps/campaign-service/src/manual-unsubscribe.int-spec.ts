import { durationFromMs } from '@bufbuild/protobuf/wkt';
import { eventTypes, SequenceState, SuppressionReason, TaskStatus } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, startHarness, type Harness } from '../test/campaign-harness';

// Issue 11, item 5: an UNSUBSCRIBE suppression added by hand for an address no email went to made
// the Email service emit lead.unsubscribed with an empty client id; this consumer failed on
// `invalid input syntax for type uuid: ""`, retried for ~3 s (holding its partition for every
// tenant) and dead-lettered it, and a lead with that address went on being scheduled.
jest.setTimeout(120_000);

describe('an unsubscribe added by hand, through the real Email service (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ email: 'full', schedulerIntervalMs: 50 });
  });
  afterAll(() => h?.stop());

  const deadLetters = () => h.sql<{ reason: string }>('SELECT reason FROM dead_letters');
  const processed = (eventId: string) =>
    h.sql('SELECT 1 FROM processed_events WHERE event_id = $1::uuid', [eventId]);

  /** The lead.unsubscribed the Email service published for `email` in `workspaceId`. */
  const unsubscribedFor = (workspaceId: string) =>
    waitFor(
      () =>
        h.emailEvents.find(
          (event) => event.type === eventTypes.leadUnsubscribed && event.workspaceId === workspaceId,
        ),
      { what: 'lead.unsubscribed', timeoutMs: 60_000 },
    );

  it('stops the sequences of a lead no email went to yet, and withdraws its tasks', async () => {
    const workspaceId = newWorkspace();
    const ann = await h.createClient(workspaceId, 'ann@example.com');
    const mailboxId = await h.createMailbox(workspaceId);
    const { campaign } = await h.rpc.createCampaign({
      workspaceId,
      campaign: { name: 'Later', mailboxIds: [mailboxId] },
    });
    // The first email waits an hour: nothing has gone to Ann when she is suppressed.
    await h.rpc.createStep({
      workspaceId,
      campaignId: campaign!.id,
      step: { subjectTemplate: 'Hi', textBodyTemplate: 'Hello', delay: durationFromMs(3_600_000) },
    });
    await h.rpc.addLeads({ workspaceId, campaignId: campaign!.id, clientIds: [ann] });
    await h.rpc.launchCampaign({ workspaceId, id: campaign!.id });

    await h.email.addSuppression({
      workspaceId,
      email: 'Ann@Example.com',
      reason: SuppressionReason.UNSUBSCRIBE,
    });
    const event = await unsubscribedFor(workspaceId);
    expect(event.key).toBe(ann);

    await waitFor(
      async () => {
        const { leads } = await h.rpc.listCampaignLeads({ workspaceId, campaignId: campaign!.id });
        return leads[0]?.state === SequenceState.STOPPED_UNSUBSCRIBED;
      },
      { what: 'the lead stopped as unsubscribed', timeoutMs: 60_000 },
    );
    const { tasks } = await h.rpc.listTasks({ workspaceId, campaignId: campaign!.id });
    expect(tasks.map((task) => task.status)).not.toContain(TaskStatus.PENDING);
    expect(await deadLetters()).toEqual([]);
  });

  it('applies one for an address that is no lead, without a dead letter, and goes on', async () => {
    const workspaceId = newWorkspace();
    await h.email.addSuppression({
      workspaceId,
      email: 'nobody@example.com',
      reason: SuppressionReason.UNSUBSCRIBE,
    });
    const event = await unsubscribedFor(workspaceId);
    await waitFor(async () => (await processed(event.eventId)).length === 1, {
      what: 'the event processed',
      timeoutMs: 60_000,
    });

    // The next event of the same kind is handled too: nothing holds the partition.
    const other = newWorkspace();
    await h.email.addSuppression({
      workspaceId: other,
      email: 'nobody@example.com',
      reason: SuppressionReason.UNSUBSCRIBE,
    });
    const next = await unsubscribedFor(other);
    await waitFor(async () => (await processed(next.eventId)).length === 1, {
      what: 'the next event processed',
      timeoutMs: 60_000,
    });
    expect(await deadLetters()).toEqual([]);
  });
});
