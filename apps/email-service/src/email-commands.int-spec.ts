import { randomUUID } from 'node:crypto';
import { create, type DescMessage, type MessageShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  CampaignDeletedSchema,
  CampaignPausedSchema,
  CampaignResumedSchema,
  ClientSchema,
  EmailCancelledSchema,
  EmailFailedSchema,
  EmailSendCancelRequestedSchema,
  EmailSendRequestedSchema,
  SendingScheduleSchema,
  Weekday,
  eventTypes,
  topics,
} from '@coldreach/contracts';
import { partitionForKey } from '@coldreach/events';
import { createEnvelope, type EnvelopedEvent } from '@coldreach/outbox';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, payloadOf, startHarness, type Harness } from '../test/email-service-harness';
import { emailTopics } from './start-email-service';

jest.setTimeout(60_000);

const inAnHour = () => new Date(Date.now() + 3_600_000);

function envelope<Desc extends DescMessage>(
  type: string,
  workspaceId: string,
  key: string,
  schema: Desc,
  message: MessageShape<Desc>,
): EnvelopedEvent {
  return createEnvelope({ type, workspaceId, key, source: 'campaign-service', payload: { schema, message } });
}

/** A fresh UUID that `topic` puts on the same partition as `key`: FIFO there makes it a witness. */
function keyOnPartitionOf(topic: string, key: string): string {
  const partitions = emailTopics.find((spec) => spec.name === topic)!.partitions;
  for (;;) {
    const candidate = randomUUID();
    if (partitionForKey(candidate, partitions) === partitionForKey(key, partitions)) return candidate;
  }
}

describe('email-service consumers: email.commands and campaigns.events (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h?.stop());

  function sendRequested(
    workspaceId: string,
    mailboxId: string,
    input: { taskId?: string; campaignId?: string; email?: string } = {},
  ) {
    const taskId = input.taskId ?? randomUUID();
    return envelope(
      eventTypes.emailSendRequested,
      workspaceId,
      taskId,
      EmailSendRequestedSchema,
      create(EmailSendRequestedSchema, {
        taskId,
        campaignId: input.campaignId ?? randomUUID(),
        clientId: randomUUID(),
        stepId: randomUUID(),
        stepPosition: 2,
        mailboxId,
        recipient: create(ClientSchema, { email: input.email ?? 'lead@prospect.example', firstName: 'Lea' }),
        subjectTemplate: 'Re: {{company}}',
        textBodyTemplate: 'Hi {{first_name}}',
        scheduledAt: timestampFromDate(inAnHour()),
        schedule: create(SendingScheduleSchema, { days: [Weekday.MONDAY] }),
        timeZone: 'Europe/Paris',
        inReplyToMessageId: '<previous@sender.example>',
      }),
    );
  }

  const publish = (topic: string, events: EnvelopedEvent[]) =>
    h.bus.publish(
      topic,
      events.map(({ key, value, headers }) => ({ key, value, headers })),
    );
  // By id, over the shards: the ids may be of several workspaces.
  const rowsOf = async (ids: string[]) =>
    (
      await h.sqlAll<{
        id: string;
        status: string;
        message_id: string;
        schedule: unknown;
        time_zone: string;
        in_reply_to: string;
        step_position: number;
      }>('SELECT * FROM deliveries WHERE id = ANY($1::uuid[])', [ids])
    ).sort((a, b) => (a.id < b.id ? -1 : 1));
  const eventsAbout = (type: string, key: string) =>
    h.emailEvents.filter((e) => e.type === type && e.key === key);

  /**
   * Resolves once the email.commands consumer has handled everything published so far on the
   * partition of `key`: a command published now for a delivery of another workspace, keyed to land
   * on that partition, has become a delivery, and the partition is handled in order.
   */
  async function commandsHandledUpTo(key: string): Promise<void> {
    const marker = sendRequested(newWorkspace(), randomUUID(), {
      taskId: keyOnPartitionOf(topics.emailCommands, key),
    });
    await publish(topics.emailCommands, [marker]);
    await waitFor(async () => (await rowsOf([marker.key])).length === 1, {
      timeoutMs: 30_000,
      what: 'a later command on the same partition to be handled',
    });
  }

  it('inserts each requested delivery exactly once, however often the command comes', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId, 'team@sender.example');
    const command = sendRequested(workspaceId, mailboxId);
    const taskId = command.key;
    // The same message redelivered, and the same command sent again as a new event.
    await publish(topics.emailCommands, [command, command]);
    await publish(topics.emailCommands, [sendRequested(workspaceId, mailboxId, { taskId })]);
    const many = Array.from({ length: 150 }, () => sendRequested(workspaceId, mailboxId));
    await publish(topics.emailCommands, [...many, command]);

    const ids = [taskId, ...many.map((e) => e.key)];
    const rows = await waitFor(async () => {
      const found = await rowsOf(ids);
      return found.length === ids.length && found;
    });
    const [row] = await rowsOf([taskId]);
    expect(row).toMatchObject({
      status: 'scheduled',
      message_id: `<${taskId}@sender.example>`,
      time_zone: 'Europe/Paris',
      in_reply_to: '<previous@sender.example>',
      step_position: 2,
      schedule: { days: ['WEEKDAY_MONDAY'] },
    });
    expect(rows.every((r) => r.status === 'scheduled')).toBe(true);
    // Every copy of the command was published on the partition of its task id.
    await commandsHandledUpTo(taskId);
    const [count] = await h.sql<{ n: number }>(
      workspaceId,
      'SELECT count(*)::int AS n FROM deliveries WHERE workspace_id = $1',
      [workspaceId],
    );
    expect(count!.n).toBe(151);
  });

  it('stores a command for a missing mailbox as FAILED with email.failed, and dead-letters an unusable one', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    const orphan = sendRequested(workspaceId, randomUUID());
    const good = sendRequested(workspaceId, mailboxId);
    const broken = sendRequested(workspaceId, mailboxId, { taskId: 'not-a-uuid' });
    await publish(topics.emailCommands, [orphan, broken, good]);

    await waitFor(async () => (await rowsOf([orphan.key, good.key])).length === 2, { timeoutMs: 20_000 });
    const [failed] = await h.sql<{ status: string; last_error: string }>(
      workspaceId,
      'SELECT * FROM deliveries WHERE id = $1',
      [orphan.key],
    );
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed!.last_error).toContain('does not exist');
    const [event] = await waitFor(
      () =>
        eventsAbout(eventTypes.emailFailed, orphan.key).length > 0 &&
        eventsAbout(eventTypes.emailFailed, orphan.key),
    );
    expect(payloadOf(event, EmailFailedSchema)?.delivery?.taskId).toBe(orphan.key);
    const dead = await waitFor(
      async () => {
        const rows = await h.sqlAll<{ reason: string }>(
          'SELECT reason FROM dead_letters WHERE consumer_group = $1',
          ['email-service.workers'],
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 20_000 },
    );
    expect(dead[0]!.reason).toContain('task_id must be a UUID');
  });

  it('cancels a delivery no worker has claimed, once, and leaves a claimed one alone', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    const waiting = sendRequested(workspaceId, mailboxId);
    const claimed = sendRequested(workspaceId, mailboxId);
    await publish(topics.emailCommands, [waiting, claimed]);
    await waitFor(async () => (await rowsOf([waiting.key, claimed.key])).length === 2);
    await h.sql(
      workspaceId,
      "UPDATE deliveries SET status = 'claimed', lease_until = now() + interval '1 hour' WHERE id = $1",
      [claimed.key],
    );

    const cancel = (taskId: string) =>
      envelope(
        eventTypes.emailSendCancelRequested,
        workspaceId,
        taskId,
        EmailSendCancelRequestedSchema,
        create(EmailSendCancelRequestedSchema, { taskId, reason: 'lead removed' }),
      );
    const cancelWaiting = cancel(waiting.key);
    await publish(topics.emailCommands, [cancelWaiting, cancel(claimed.key), cancelWaiting]);
    await waitFor(async () => (await rowsOf([waiting.key]))[0]?.status === 'cancelled');
    await publish(topics.emailCommands, [cancel(waiting.key)]);
    await waitFor(() => eventsAbout(eventTypes.emailCancelled, waiting.key).length > 0);
    // The last cancel has been handled, and any event it wrote has been published.
    await commandsHandledUpTo(waiting.key);
    await commandsHandledUpTo(claimed.key);
    await h.outboxPublished();
    expect(eventsAbout(eventTypes.emailCancelled, waiting.key)).toHaveLength(1);
    expect(
      payloadOf(eventsAbout(eventTypes.emailCancelled, waiting.key)[0], EmailCancelledSchema)?.delivery
        ?.mailboxId,
    ).toBe(mailboxId);
    expect((await rowsOf([claimed.key]))[0]?.status).toBe('claimed');
    expect(eventsAbout(eventTypes.emailCancelled, claimed.key)).toHaveLength(0);
  });

  it("holds a paused campaign, releases it on resume, and cancels a deleted one's waiting deliveries", async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    const campaignId = randomUUID();
    const otherCampaign = randomUUID();
    const campaignEvent = <Desc extends DescMessage>(
      type: string,
      schema: Desc,
      message: MessageShape<Desc>,
    ) => envelope(type, workspaceId, campaignId, schema, message);
    const paused = () =>
      h.sql(workspaceId, 'SELECT * FROM paused_campaigns WHERE campaign_id = $1', [campaignId]);

    const pause = campaignEvent(
      eventTypes.campaignPaused,
      CampaignPausedSchema,
      create(CampaignPausedSchema, { campaignId }),
    );
    await publish(topics.campaignsEvents, [pause, pause]);
    await waitFor(async () => (await paused()).length === 1);
    await publish(topics.campaignsEvents, [
      campaignEvent(
        eventTypes.campaignResumed,
        CampaignResumedSchema,
        create(CampaignResumedSchema, { campaignId }),
      ),
    ]);
    await waitFor(async () => (await paused()).length === 0);
    // The old pause event again: processed_events keeps it from pausing the campaign a second time.
    await publish(topics.campaignsEvents, [pause]);
    // A pause of another campaign, published after it on the same partition, is handled after it.
    const later = keyOnPartitionOf(topics.campaignsEvents, campaignId);
    await publish(topics.campaignsEvents, [
      envelope(
        eventTypes.campaignPaused,
        workspaceId,
        later,
        CampaignPausedSchema,
        create(CampaignPausedSchema, { campaignId: later }),
      ),
    ]);
    await waitFor(
      async () =>
        (await h.sql(workspaceId, 'SELECT 1 FROM paused_campaigns WHERE campaign_id = $1', [later]))
          .length === 1,
      { timeoutMs: 30_000, what: 'a later campaign event on the same partition to be handled' },
    );
    expect(await paused()).toHaveLength(0);

    const ours = [
      sendRequested(workspaceId, mailboxId, { campaignId }),
      sendRequested(workspaceId, mailboxId, { campaignId }),
    ];
    const theirs = sendRequested(workspaceId, mailboxId, { campaignId: otherCampaign });
    await publish(topics.emailCommands, [...ours, theirs]);
    await waitFor(async () => (await rowsOf([...ours, theirs].map((e) => e.key))).length === 3);
    await publish(topics.campaignsEvents, [
      campaignEvent(
        eventTypes.campaignDeleted,
        CampaignDeletedSchema,
        create(CampaignDeletedSchema, { campaignId }),
      ),
    ]);
    await waitFor(async () => (await rowsOf(ours.map((e) => e.key))).every((r) => r.status === 'cancelled'));
    expect((await rowsOf([theirs.key]))[0]?.status).toBe('scheduled');
    await waitFor(() => ours.every((e) => eventsAbout(eventTypes.emailCancelled, e.key).length === 1));
  });
});
