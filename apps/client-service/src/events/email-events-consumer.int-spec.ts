import { randomUUID } from 'node:crypto';
import { create, type DescMessage, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import {
  BounceType,
  EmailBouncedSchema,
  EmailFailedSchema,
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
// once per delivery however often (and in however many events) the Email service tells it.
jest.setTimeout(240_000);

const bouncedAt = new Date('2026-12-02T08:15:00.123Z');

function emailEvent<Desc extends DescMessage>(
  type: string,
  schema: Desc,
  workspaceId: string,
  key: string,
  message: MessageInitShape<Desc>,
): EnvelopedEvent {
  return createEnvelope({
    type,
    workspaceId,
    key,
    source: 'email-service',
    occurredAt: bouncedAt,
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
    // As the Email service tells a refusal at RCPT (email.failed then email.bounced), then redelivered,
    // then another lead's bounce on the same partition: once that is in, the others were handled.
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
        reasons: ['hard_bounce: 550 5.1.1 user unknown'],
        mxHost: '',
        fromCache: false,
      },
    });
    expect(timestampDate(lead!.verification!.checkedAt!)).toEqual(bouncedAt);
    const events = (await rig.clientEventsOf(workspaceId, 4)).filter((event) => event.key === id);
    expect(events.map((event) => event.type)).toEqual([eventTypes.clientCreated, eventTypes.clientVerified]);
  });

  it('takes the bounce report when it comes first, and a refused recipient at send time alone', async () => {
    const workspaceId = randomUUID();
    const [reported, refused, soft, other] = await Promise.all(
      ['ann', 'bob', 'cy', 'dee'].map((name) => newLead(workspaceId, `${name}@acme.example`)),
    );
    const key = randomUUID();
    await publish([
      emailEvent(eventTypes.emailBounced, EmailBouncedSchema, workspaceId, key, {
        delivery: deliveryTo(reported!),
        email: 'ann@acme.example',
        bounceType: BounceType.HARD,
        smtpCode: 550,
        diagnostic: ` 5.1.1 ${'no such user '.repeat(40)}`,
      }),
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
      emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, {
        delivery: deliveryTo(randomUUID()),
        smtpCode: 550,
      }),
      emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, {
        delivery: deliveryTo(refused!),
        smtpCode: 553,
        reason: '5.1.3 mailbox name not allowed',
      }),
    ]);
    const bob = await rig.waitForLead(workspaceId, 'bob@acme.example', isInvalid);
    expect(bob.verification?.reasons).toEqual(['hard_bounce: 553 5.1.3 mailbox name not allowed']);
    const ann = await rig.lead(workspaceId, 'ann@acme.example');
    expect(ann?.verificationStatus).toBe(VerificationStatus.INVALID);
    expect(ann?.verification?.reasons[0]).toBe(
      `hard_bounce: 550 ${`5.1.1 ${'no such user '.repeat(40)}`.trim().slice(0, 200)}`,
    );
    for (const email of ['cy@acme.example', 'dee@acme.example']) {
      const lead = await rig.lead(workspaceId, email);
      expect(lead?.verificationStatus).toBe(VerificationStatus.UNVERIFIED);
      expect(lead?.verification).toBeUndefined();
    }
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
      emailEvent(eventTypes.emailFailed, EmailFailedSchema, workspaceId, key, { smtpCode: 550 }),
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
});
