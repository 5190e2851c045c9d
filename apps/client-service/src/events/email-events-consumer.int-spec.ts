import { randomUUID } from 'node:crypto';
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  BounceType,
  EmailBouncedSchema,
  EmailFailedSchema,
  RecordOutcome,
  VerificationStatus,
  consumerGroups,
  eventTypes,
  topics,
  type DeliveryRef,
} from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { createEnvelope, type EnvelopedEvent } from '@coldreach/outbox';
import { rigCases, startRig, type Rig } from '../../test/client-consumers-rig';

// Issue 14 §3: a hard bounce is the strongest verification: the lead becomes invalid, with the reason,
// once per delivery however often the Email service tells it, and only a newer bounce replaces it.
// email.failed is no bounce: its 550 may refuse the message (a spam policy), not the address.
jest.setTimeout(240_000);

const bouncedAt = new Date('2026-12-02T08:15:00.123Z');

function emailEvent<Desc extends DescMessage>(
  type: string,
  schema: Desc,
  workspaceId: string,
  key: string,
  message: MessageInitShape<Desc>,
  occurredAt = bouncedAt,
): EnvelopedEvent {
  return createEnvelope({
    type,
    workspaceId,
    key,
    source: 'email-service',
    occurredAt,
    payload: { schema, message: create(schema, message) },
  });
}

const deliveryTo = (
  clientId: string,
  taskId = randomUUID(),
): MessageInitShape<typeof EmailBouncedSchema>['delivery'] =>
  ({ taskId, clientId, mailboxId: randomUUID() }) satisfies Partial<DeliveryRef>;

describe.each(rigCases)('hard bounces from email.events, on $name', (rigCase) => {
  let rig: Rig;
  beforeAll(async () => (rig = await startRig(rigCase)));
  afterAll(() => rig?.stop());

  async function newLead(workspaceId: string, email: string): Promise<string> {
    const { client } = await rig.rpc.createClient({ workspaceId, client: { email } });
    return client!.id;
  }
  const publish = (events: EnvelopedEvent[]) => rig.publish(events, topics.emailEvents);
  const isInvalid = (client: { verificationStatus: VerificationStatus }) =>
    client.verificationStatus === VerificationStatus.INVALID;

  it('marks the lead invalid with the reason, once however often the bounce is told', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'kim@acme.example');
    const marker = await newLead(workspaceId, 'marker@acme.example');
    const delivery = deliveryTo(id);
    const key = delivery!.taskId!;
    const bounced = emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
      delivery,
      email: 'Kim@Acme.example',
      bounceType: BounceType.HARD,
      smtpCode: 550,
      diagnostic:
        '5.1.1 <kim@acme.example>: Recipient address rejected:\r\n User unknown in virtual mailbox table',
    });
    const failed = emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, {
      delivery,
      smtpCode: 550,
      reason: '5.1.1 user unknown',
    });
    // As the Email service tells a refusal at RCPT (email.failed, skipped, then email.bounced), then
    // redelivered, then another lead's bounce on the same partition: once that is in, the others were
    // handled.
    await publish([failed, bounced, bounced, failed]);
    await publish([
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(marker),
        email: 'marker@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 551,
      }),
    ]);
    await rig.waitForLead(workspaceId, 'marker@acme.example', isInvalid);

    const lead = await rig.lead(workspaceId, 'kim@acme.example');
    expect(lead).toMatchObject({
      verificationStatus: VerificationStatus.INVALID,
      verification: {
        status: VerificationStatus.INVALID,
        verdict: 'invalid',
        // The bounce's diagnostic on one line, not the failure's reason.
        reasons: [
          'hard_bounce: 550 5.1.1 <kim@acme.example>: Recipient address rejected: User unknown in virtual mailbox table',
        ],
        mxHost: '',
        fromCache: false,
      },
    });
    expect(timestampDate(lead!.verification!.checkedAt!)).toEqual(bouncedAt);
    const events = (await rig.clientEventsOf(workspaceId, 4)).filter((event) => event.key === id);
    expect(events.map((event) => event.type)).toEqual([eventTypes.clientCreated, eventTypes.clientVerified]);
  });

  it('takes hard bounces only: soft ones, another address and failures of any code change nothing', async () => {
    const workspaceId = randomUUID();
    const [reported, soft, other] = await Promise.all(
      ['ann', 'cy', 'dee'].map((name) => newLead(workspaceId, `${name}@acme.example`)),
    );
    const key = randomUUID();
    await publish([
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(soft!),
        email: 'cy@acme.example',
        bounceType: BounceType.SOFT,
        smtpCode: 452,
        diagnostic: 'mailbox full',
      }),
      emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, {
        delivery: deliveryTo(other!),
        smtpCode: 554,
        reason: '5.7.1 message refused',
      }),
      // A bounce naming another address than the lead's is not the lead's.
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(other!),
        email: 'someone-else@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
      // The lead was deleted since: nothing to mark, nothing to give up on.
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(randomUUID()),
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(reported!),
        email: 'ann@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
        diagnostic: ` 5.1.1 ${'no such user '.repeat(40)}`,
      }),
    ]);
    const ann = await rig.waitForLead(workspaceId, 'ann@acme.example', isInvalid);
    expect(ann.verification?.reasons[0]).toBe(
      `hard_bounce: 550 ${`5.1.1 ${'no such user '.repeat(40)}`.trim().slice(0, 200)}`,
    );
    for (const email of ['cy@acme.example', 'dee@acme.example']) {
      const lead = await rig.lead(workspaceId, email);
      expect(lead?.verificationStatus).toBe(VerificationStatus.UNVERIFIED);
      expect(lead?.verification).toBeUndefined();
    }
  });

  it('changes nothing for an email.failed 550: the message may have been refused, not the address', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'bob@acme.example');
    const marker = await newLead(workspaceId, 'marker@acme.example');
    const key = randomUUID();
    await publish([
      emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, {
        delivery: deliveryTo(id),
        smtpCode: 550,
        reason: '5.7.1 message rejected as spam',
      }),
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(marker),
        email: 'marker@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
    ]);
    await rig.waitForLead(workspaceId, 'marker@acme.example', isInvalid);
    const lead = await rig.lead(workspaceId, 'bob@acme.example');
    expect(lead?.verificationStatus).toBe(VerificationStatus.UNVERIFIED);
    expect(lead?.verification).toBeUndefined();
    const events = await rig.clientEventsOf(workspaceId, 3);
    expect(events.filter((event) => event.key === id).map((event) => event.type)).toEqual([
      eventTypes.clientCreated,
    ]);
  });

  it('dead-letters a bounce without valid ids at once and goes on', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'eve@acme.example');
    const key = randomUUID();
    await publish([
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo('client-7'),
        email: 'eve@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(id),
        email: 'eve@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
      }),
    ]);
    await rig.waitForLead(workspaceId, 'eve@acme.example', isInvalid);
    const deadLetters = await queryRows<{ reason: string; attempts: number }>(
      rig.shards.shards[0]!.manager,
      `SELECT reason, attempts FROM dead_letters WHERE consumer_group = $1 AND key = $2 ORDER BY "offset"::bigint`,
      [consumerGroups.clientEmailEvents, key],
    );
    expect(deadLetters.map((letter) => letter.reason)).toEqual([
      expect.stringMatching(/delivery\.client_id must be a UUID$/),
      expect.stringMatching(/delivery is missing$/),
    ]);
    expect(deadLetters.map((letter) => Number(letter.attempts))).toEqual([1, 1]);
    expect(rig.logs.join('\n')).not.toContain('eve@acme.example');
  });

  it('keeps a hard bounce over any later check until a newer bounce, whatever comes first', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'lee@acme.example');
    const check = (day: number) => ({
      clientId: id,
      email: 'lee@acme.example',
      verification: {
        status: VerificationStatus.VALID,
        verdict: 'safe',
        reasons: ['smtp_accepted'],
        checkedAt: timestampFromDate(new Date(Date.UTC(2026, 11, day))),
      },
    });
    const record = async (day: number) =>
      (await rig.rpc.recordVerifications({ workspaceId, records: [check(day)] })).outcomes;
    const bounce = (occurredAt: Date, diagnostic: string) =>
      emailEvent(
        eventTypes.emailBounced,
        EmailBouncedSchema,
        workspaceId,
        randomUUID(),
        {
          delivery: deliveryTo(id),
          email: 'lee@acme.example',
          bounceType: BounceType.HARD,
          smtpCode: 550,
          diagnostic,
        },
        occurredAt,
      );
    const reasonIs = (reason: string) => (client: { verification?: { reasons: string[] } }) =>
      client.verification?.reasons[0] === reason;

    // The verifier's check is newer than the bounce, which arrives after it and still wins.
    expect(await record(3)).toEqual([RecordOutcome.RECORDED]);
    await publish([bounce(bouncedAt, '5.1.1 user unknown')]);
    await rig.waitForLead(workspaceId, 'lee@acme.example', reasonIs('hard_bounce: 550 5.1.1 user unknown'));

    // A later check does not undo it; a user still may, by hand, and the next check is still STALE.
    expect(await record(4)).toEqual([RecordOutcome.STALE]);
    expect((await rig.lead(workspaceId, 'lee@acme.example'))?.verificationStatus).toBe(
      VerificationStatus.INVALID,
    );
    await rig.rpc.updateClient({
      workspaceId,
      id,
      client: { verificationStatus: VerificationStatus.VALID },
      updateMask: { paths: ['verification_status'] },
    });
    expect(await record(5)).toEqual([RecordOutcome.STALE]);
    expect(await rig.lead(workspaceId, 'lee@acme.example')).toMatchObject({
      verificationStatus: VerificationStatus.VALID,
      verification: { verdict: 'invalid', reasons: ['hard_bounce: 550 5.1.1 user unknown'] },
    });

    // A newer bounce replaces the bounce.
    await publish([bounce(new Date(Date.UTC(2026, 11, 6)), '5.1.1 mailbox disabled')]);
    const lead = await rig.waitForLead(
      workspaceId,
      'lee@acme.example',
      reasonIs('hard_bounce: 550 5.1.1 mailbox disabled'),
    );
    expect(lead.verificationStatus).toBe(VerificationStatus.INVALID);
    const events = await rig.clientEventsOf(workspaceId, 5);
    expect(events.map((event) => event.type)).toEqual([
      eventTypes.clientCreated,
      eventTypes.clientVerified,
      eventTypes.clientVerified,
      eventTypes.clientUpdated,
      eventTypes.clientVerified,
    ]);
  });
});
