import { randomUUID } from 'node:crypto';
import { anyUnpack, timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import {
  ClientVerifiedSchema,
  RecordOutcome,
  VerificationStatus,
  eventTypes,
  type VerificationSchema,
} from '@coldreach/contracts';
import { rejection } from '../test/client-service-harness';
import { rigCases, startRig, type Rig } from '../test/client-consumers-rig';

// Issue 14 §2: RecordVerifications sets a lead's verification and status, once per newer result for
// the address that was checked, each with its client.verified (and no client.updated); §3: a hard
// bounce recorded is replaced by a newer hard bounce only.
jest.setTimeout(240_000);

const at = (iso: string) => timestampFromDate(new Date(iso));
const t1 = '2026-12-01T10:00:00.000Z';
const t2 = '2026-12-02T10:00:00.000Z';
const t3 = '2026-12-03T10:00:00.000Z';

function verification(
  checkedAt: string,
  fields: MessageInitShape<typeof VerificationSchema> = {},
): MessageInitShape<typeof VerificationSchema> {
  return {
    status: VerificationStatus.VALID,
    verdict: 'safe',
    reasons: ['mx_found', 'smtp_accepted'],
    mxHost: 'mx1.acme.example',
    checkedAt: at(checkedAt),
    ...fields,
  };
}

describe.each(rigCases)('RecordVerifications on $name', (rigCase) => {
  let rig: Rig;
  beforeAll(async () => (rig = await startRig(rigCase)));
  afterAll(() => rig?.stop());

  async function newLead(workspaceId: string, email: string): Promise<string> {
    const { client } = await rig.rpc.createClient({ workspaceId, client: { email } });
    return client!.id;
  }
  const eventsOf = async (workspaceId: string, count: number, key: string) =>
    (await rig.clientEventsOf(workspaceId, count)).filter((event) => event.key === key);

  it('records a result: the lead shows its verification and status, and client.verified says what it was', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'jane@acme.example');
    expect((await rig.rpc.getClient({ workspaceId, id })).client?.verification).toBeUndefined();

    const { outcomes } = await rig.rpc.recordVerifications({
      workspaceId,
      records: [
        { clientId: id, email: ' Jane@Acme.example ', verification: verification(t1, { fromCache: true }) },
      ],
    });
    expect(outcomes).toEqual([RecordOutcome.RECORDED]);
    const { client } = await rig.rpc.getClient({ workspaceId, id });
    expect(client).toMatchObject({
      verificationStatus: VerificationStatus.VALID,
      verification: {
        status: VerificationStatus.VALID,
        verdict: 'safe',
        reasons: ['mx_found', 'smtp_accepted'],
        mxHost: 'mx1.acme.example',
        fromCache: true,
      },
    });
    expect(timestampDate(client!.verification!.checkedAt!)).toEqual(new Date(t1));
    const listed = await rig.rpc.listClients({
      workspaceId,
      filter: { verificationStatuses: [VerificationStatus.VALID] },
    });
    expect(listed.clients.map((each) => each.verification?.verdict)).toEqual(['safe']);

    const events = await eventsOf(workspaceId, 2, id);
    expect(events.map((event) => event.type)).toEqual([eventTypes.clientCreated, eventTypes.clientVerified]);
    const verified = anyUnpack(events[1]!.payload!, ClientVerifiedSchema)!;
    expect(verified).toMatchObject({
      workspaceId,
      clientId: id,
      email: 'jane@acme.example',
      previousStatus: VerificationStatus.UNVERIFIED,
      verification: { status: VerificationStatus.VALID, verdict: 'safe', fromCache: true },
    });
  });

  it('answers STALE for a repeated or older result and for another address, changing nothing', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'sam@acme.example');
    const risky = verification(t2, {
      status: VerificationStatus.RISKY,
      verdict: 'risky',
      reasons: ['catch_all'],
    });
    const first = await rig.rpc.recordVerifications({
      workspaceId,
      records: [{ clientId: id, email: 'sam@acme.example', verification: risky }],
    });
    expect(first.outcomes).toEqual([RecordOutcome.RECORDED]);

    const again = await rig.rpc.recordVerifications({
      workspaceId,
      records: [
        { clientId: id, email: 'sam@acme.example', verification: risky },
        {
          clientId: id,
          email: 'sam@acme.example',
          verification: verification(t1, { status: VerificationStatus.INVALID }),
        },
        { clientId: id, email: 'other@acme.example', verification: verification(t3) },
      ],
    });
    expect(again.outcomes).toEqual([RecordOutcome.STALE, RecordOutcome.STALE, RecordOutcome.STALE]);
    const { client } = await rig.rpc.getClient({ workspaceId, id });
    expect(client).toMatchObject({
      verificationStatus: VerificationStatus.RISKY,
      verification: { verdict: 'risky', reasons: ['catch_all'] },
    });

    // A newer result goes through; the client.verified events before it are the first one only.
    const newer = verification(t3, {
      status: VerificationStatus.UNKNOWN,
      verdict: 'unknown',
      reasons: ['smtp_timeout'],
    });
    const last = await rig.rpc.recordVerifications({
      workspaceId,
      records: [{ clientId: id, email: 'sam@acme.example', verification: newer }],
    });
    expect(last.outcomes).toEqual([RecordOutcome.RECORDED]);
    const events = await eventsOf(workspaceId, 3, id);
    expect(events.map((event) => event.type)).toEqual([
      eventTypes.clientCreated,
      eventTypes.clientVerified,
      eventTypes.clientVerified,
    ]);
    const verified = anyUnpack(events[2]!.payload!, ClientVerifiedSchema)!;
    expect(verified.previousStatus).toBe(VerificationStatus.RISKY);
    expect(verified.verification?.reasons).toEqual(['smtp_timeout']);
  });

  it('keeps a recorded hard bounce over any later check: STALE, and only a newer bounce is RECORDED', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'lee@acme.example');
    const bounce = (checkedAt: string, reason: string) =>
      verification(checkedAt, {
        status: VerificationStatus.INVALID,
        verdict: 'invalid',
        reasons: [reason],
        mxHost: '',
      });
    const record = async (...results: MessageInitShape<typeof VerificationSchema>[]) =>
      (
        await rig.rpc.recordVerifications({
          workspaceId,
          records: results.map((result) => ({
            clientId: id,
            email: 'lee@acme.example',
            verification: result,
          })),
        })
      ).outcomes;

    expect(await record(bounce(t1, 'hard_bounce: 550 5.1.1 user unknown'))).toEqual([RecordOutcome.RECORDED]);
    expect(await record(verification(t3))).toEqual([RecordOutcome.STALE]);
    expect((await rig.rpc.getClient({ workspaceId, id })).client).toMatchObject({
      verificationStatus: VerificationStatus.INVALID,
      verification: { verdict: 'invalid', reasons: ['hard_bounce: 550 5.1.1 user unknown'] },
    });

    expect(
      await record(bounce(t2, 'hard_bounce: 551 5.1.6 moved'), bounce(t1, 'hard_bounce: 553 old news')),
    ).toEqual([RecordOutcome.RECORDED, RecordOutcome.STALE]);
    const { client } = await rig.rpc.getClient({ workspaceId, id });
    expect(client?.verification?.reasons).toEqual(['hard_bounce: 551 5.1.6 moved']);
    expect(timestampDate(client!.verification!.checkedAt!)).toEqual(new Date(t2));
  });

  it('answers in request order over every shard: NOT_FOUND for an unknown or foreign client, results in order', async () => {
    const workspaceId = randomUUID();
    const other = randomUUID();
    const emails = Array.from({ length: 12 }, (_, i) => `lead${i}@spread.example`);
    const ids = await Promise.all(emails.map((email) => newLead(workspaceId, email)));
    const foreign = await newLead(other, 'lead0@spread.example');
    const { outcomes } = await rig.rpc.recordVerifications({
      workspaceId,
      records: [
        ...ids.map((clientId, i) => ({ clientId, email: emails[i]!, verification: verification(t1) })),
        { clientId: randomUUID(), email: 'nobody@spread.example', verification: verification(t1) },
        { clientId: foreign, email: 'lead0@spread.example', verification: verification(t2) },
        // Two results for one lead in one call: each applies after the one before.
        {
          clientId: ids[0]!,
          email: emails[0]!,
          verification: verification(t2, { status: VerificationStatus.INVALID, verdict: 'invalid' }),
        },
      ],
    });
    expect(outcomes).toEqual([
      ...ids.map(() => RecordOutcome.RECORDED),
      RecordOutcome.NOT_FOUND,
      RecordOutcome.NOT_FOUND,
      RecordOutcome.RECORDED,
    ]);
    expect((await rig.rpc.getClient({ workspaceId, id: ids[0]! })).client).toMatchObject({
      verificationStatus: VerificationStatus.INVALID,
      verification: { verdict: 'invalid' },
    });
    expect(
      (await rig.rpc.getClient({ workspaceId: other, id: foreign })).client?.verification,
    ).toBeUndefined();
  });

  it('refuses more than 1000 records, or any bad record naming its field, and writes nothing', async () => {
    const workspaceId = randomUUID();
    const id = await newLead(workspaceId, 'kim@acme.example');
    const good = { clientId: id, email: 'kim@acme.example', verification: verification(t1) };
    expect(
      await rejection(
        rig.rpc.recordVerifications({ workspaceId, records: Array.from({ length: 1001 }, () => good) }),
        Code.InvalidArgument,
      ),
    ).toEqual(['records']);
    expect(
      await rejection(
        rig.rpc.recordVerifications({
          workspaceId,
          records: [
            good,
            { clientId: 'not-a-uuid', email: 'kim@acme.example', verification: verification(t1) },
            { clientId: id, email: 'kim@@acme.example', verification: verification(t1) },
            { ...good, verification: verification(t1, { status: VerificationStatus.UNSPECIFIED }) },
            { ...good, verification: { ...verification(t1), checkedAt: undefined } },
            { clientId: id, email: 'kim@acme.example' },
            { ...good, verification: verification(t1, { reasons: ['x'.repeat(501)] }) },
          ],
        }),
        Code.InvalidArgument,
      ),
    ).toEqual([
      'records[1].client_id',
      'records[2].email',
      'records[3].verification.status',
      'records[4].verification.checked_at',
      'records[5].verification',
      'records[6].verification.reasons[0]',
    ]);
    const { client } = await rig.rpc.getClient({ workspaceId, id });
    expect(client?.verificationStatus).toBe(VerificationStatus.UNVERIFIED);
    expect(client?.verification).toBeUndefined();
  });
});
