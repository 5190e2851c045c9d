import { randomBytes } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { LeadUnsubscribedSchema, SuppressionReason, eventTypes } from '@coldreach/contracts';
import { deriveClientId } from '@coldreach/client-service';
import { createUnsubscribeToken } from '@coldreach/outreach';
import { waitFor } from '@coldreach/testing';
import {
  newWorkspace,
  payloadOf,
  rejection,
  startHarness,
  type Harness,
} from '../test/email-service-harness';

jest.setTimeout(60_000);

describe('EmailService suppressions and unsubscribes (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ roles: { api: true, workers: false } });
  });
  afterAll(() => h?.stop());

  /** A workspace with one lead and one email sent (well, scheduled) to it. */
  async function leadWithDelivery(email = 'jane@prospect.example') {
    const workspaceId = newWorkspace();
    const clientId = await h.createClient(workspaceId, email);
    const mailboxId = await h.createMailbox(workspaceId);
    const { deliveryId } = await h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 's',
      textBody: 't',
    });
    const token = createUnsubscribeToken(
      { workspaceId, clientId, deliveryId, issuedAt: new Date() },
      h.unsubscribeSecret,
    );
    return { workspaceId, clientId, mailboxId, deliveryId, token };
  }

  const unsubscribedEvents = (workspaceId: string) =>
    h.emailEvents.filter((e) => e.type === eventTypes.leadUnsubscribed && e.workspaceId === workspaceId);

  it('adds a normalised MANUAL entry by default and returns an existing one unchanged', async () => {
    const workspaceId = newWorkspace();
    const { suppression } = await h.rpc.addSuppression({
      workspaceId,
      email: '  Bob@Example.COM ',
      note: 'asked by phone',
    });
    expect(suppression).toMatchObject({
      workspaceId,
      email: 'bob@example.com',
      reason: SuppressionReason.MANUAL,
      note: 'asked by phone',
      deliveryId: '',
    });
    const again = await h.rpc.addSuppression({
      workspaceId,
      email: 'bob@example.com',
      reason: SuppressionReason.HARD_BOUNCE,
      note: 'other',
    });
    expect(again.suppression).toEqual(suppression);
    expect(unsubscribedEvents(workspaceId)).toEqual([]);
    const bad = await rejection(
      h.rpc.addSuppression({ workspaceId: 'w', email: 'nope', reason: 99 as SuppressionReason }),
      Code.InvalidArgument,
    );
    expect(bad.fields).toEqual(['workspace_id', 'email', 'reason']);
  });

  it('refuses a NUL in any text it would store or query, naming the field, and stores nothing', async () => {
    const workspaceId = newWorkspace();
    const nul = (call: Promise<unknown>) => rejection(call, Code.InvalidArgument).then((r) => r.fields);
    expect(
      await nul(h.rpc.addSuppression({ workspaceId, email: 'a@example.com', note: 'a\u0000b' })),
    ).toEqual(['suppression.note']);
    expect(await nul(h.rpc.addSuppression({ workspaceId, email: 'a\u0000@example.com' }))).toEqual([
      'suppression.email',
    ]);
    expect(await nul(h.rpc.removeSuppression({ workspaceId, email: 'a\u0000b' }))).toEqual(['email']);
    expect(
      await nul(h.rpc.listSuppressions({ workspaceId, filter: { query: '\u0000', reasons: [] } })),
    ).toEqual(['filter.query']);
    expect(await nul(h.rpc.checkSuppression({ workspaceId, emails: ['ok@example.com', '\u0000'] }))).toEqual([
      'emails[1]',
    ]);
    expect((await h.rpc.listSuppressions({ workspaceId })).suppressions).toEqual([]);
  });

  it('emits LeadUnsubscribed for an UNSUBSCRIBE entry added by hand, naming the client of its address', async () => {
    const { workspaceId, clientId } = await leadWithDelivery('carol@prospect.example');
    await h.rpc.addSuppression({
      workspaceId,
      email: 'Carol@prospect.example',
      reason: SuppressionReason.UNSUBSCRIBE,
    });
    const [event] = await waitFor(
      () => unsubscribedEvents(workspaceId).length > 0 && unsubscribedEvents(workspaceId),
    );
    expect(event!.key).toBe(clientId);
    expect(payloadOf(event, LeadUnsubscribedSchema)).toMatchObject({
      clientId,
      email: 'carol@prospect.example',
      taskId: '',
      campaignId: '',
    });
    const unknownAddress = newWorkspace();
    await h.rpc.addSuppression({
      workspaceId: unknownAddress,
      email: 'x@y.example',
      reason: SuppressionReason.UNSUBSCRIBE,
    });
    const [anonymous] = await waitFor(
      () => unsubscribedEvents(unknownAddress).length > 0 && unsubscribedEvents(unknownAddress),
    );
    // No email went to it: the event names the client the address would be (never an empty id,
    // which the Campaign service's consumer once choked on).
    const derived = deriveClientId(unknownAddress, 'x@y.example');
    expect(anonymous!.key).toBe(derived);
    expect(payloadOf(anonymous, LeadUnsubscribedSchema)).toMatchObject({
      clientId: derived,
      email: 'x@y.example',
    });
  });

  it('removes entries, but an UNSUBSCRIBE or COMPLAINT one only with force', async () => {
    const workspaceId = newWorkspace();
    await h.rpc.addSuppression({ workspaceId, email: 'm@example.com' });
    await h.rpc.addSuppression({ workspaceId, email: 'c@example.com', reason: SuppressionReason.COMPLAINT });
    await h.rpc.removeSuppression({ workspaceId, email: 'M@example.com' });
    await rejection(h.rpc.removeSuppression({ workspaceId, email: 'm@example.com' }), Code.NotFound);
    const refused = await rejection(
      h.rpc.removeSuppression({ workspaceId, email: 'c@example.com' }),
      Code.FailedPrecondition,
    );
    expect(refused.message).toContain('force');
    await rejection(
      h.rpc.removeSuppression({ workspaceId: newWorkspace(), email: 'c@example.com', force: true }),
      Code.NotFound,
    );
    await h.rpc.removeSuppression({ workspaceId, email: 'c@example.com', force: true });
    expect((await h.rpc.listSuppressions({ workspaceId })).suppressions).toEqual([]);
  });

  it('lists newest first with reason and substring filters, and checks addresses in request order', async () => {
    const workspaceId = newWorkspace();
    const emails = ['a1@alpha.example', 'b2@beta.example', 'a3@alpha.example', 'x_%@alpha.example'];
    for (const email of emails) await h.rpc.addSuppression({ workspaceId, email });
    await h.rpc.addSuppression({
      workspaceId,
      email: 'h@alpha.example',
      reason: SuppressionReason.HARD_BOUNCE,
    });

    const first = await h.rpc.listSuppressions({
      workspaceId,
      pageSize: 2,
      filter: { query: 'ALPHA', reasons: [SuppressionReason.MANUAL] },
    });
    const second = await h.rpc.listSuppressions({
      workspaceId,
      pageSize: 2,
      pageToken: first.nextPageToken,
      filter: { query: 'alpha', reasons: [SuppressionReason.MANUAL] },
    });
    expect([...first.suppressions, ...second.suppressions].map((s) => s.email)).toEqual([
      'x_%@alpha.example',
      'a3@alpha.example',
      'a1@alpha.example',
    ]);
    expect(
      (await h.rpc.listSuppressions({ workspaceId, filter: { query: '_%' } })).suppressions.map(
        (s) => s.email,
      ),
    ).toEqual(['x_%@alpha.example']);
    await rejection(
      h.rpc.listSuppressions({
        workspaceId,
        pageSize: 2,
        pageToken: first.nextPageToken,
        filter: { query: 'beta' },
      }),
      Code.InvalidArgument,
    );
    const checked = await h.rpc.checkSuppression({
      workspaceId,
      emails: ['nobody@example.com', 'B2@beta.example', 'a1@alpha.example', 'b2@beta.example'],
    });
    expect(checked.suppressions.map((s) => s.email)).toEqual(['b2@beta.example', 'a1@alpha.example']);
    expect(
      (await rejection(h.rpc.checkSuppression({ workspaceId, emails: [] }), Code.InvalidArgument)).fields,
    ).toEqual(['emails']);
    expect(
      (await h.rpc.checkSuppression({ workspaceId: newWorkspace(), emails: ['a1@alpha.example'] }))
        .suppressions,
    ).toEqual([]);
  });

  it('unsubscribes with a signed token, once, and shows only a masked address', async () => {
    const { workspaceId, clientId, deliveryId, token } = await leadWithDelivery('jane@prospect.example');
    const preview = await h.rpc.unsubscribe({ token, validateOnly: true });
    expect(preview).toMatchObject({ maskedEmail: 'j***@prospect.example', alreadyUnsubscribed: false });
    expect(
      (await h.rpc.checkSuppression({ workspaceId, emails: ['jane@prospect.example'] })).suppressions,
    ).toEqual([]);

    const done = await h.rpc.unsubscribe({ token });
    expect(done).toMatchObject({ maskedEmail: 'j***@prospect.example', alreadyUnsubscribed: false });
    const again = await h.rpc.unsubscribe({ token });
    expect(again.alreadyUnsubscribed).toBe(true);
    expect((await h.rpc.unsubscribe({ token, validateOnly: true })).alreadyUnsubscribed).toBe(true);

    const [entry] = (await h.rpc.checkSuppression({ workspaceId, emails: ['jane@prospect.example'] }))
      .suppressions;
    expect(entry).toMatchObject({ reason: SuppressionReason.UNSUBSCRIBE, deliveryId });
    await waitFor(() => unsubscribedEvents(workspaceId).length > 0);
    // Whatever the calls above wrote was committed with them: published by now, and delivered.
    await h.outboxPublished();
    const events = unsubscribedEvents(workspaceId);
    expect(events).toHaveLength(1);
    expect(events[0]!.key).toBe(clientId);
    expect(payloadOf(events[0], LeadUnsubscribedSchema)).toMatchObject({
      clientId,
      email: 'jane@prospect.example',
      taskId: deliveryId,
      campaignId: '',
    });
  });

  it('turns a MANUAL entry into UNSUBSCRIBE when the recipient uses the link', async () => {
    const { workspaceId, token } = await leadWithDelivery('kim@prospect.example');
    await h.rpc.addSuppression({ workspaceId, email: 'kim@prospect.example' });
    expect((await h.rpc.unsubscribe({ token })).alreadyUnsubscribed).toBe(false);
    const [entry] = (await h.rpc.checkSuppression({ workspaceId, emails: ['kim@prospect.example'] }))
      .suppressions;
    expect(entry?.reason).toBe(SuppressionReason.UNSUBSCRIBE);
    await waitFor(() => unsubscribedEvents(workspaceId).length === 1);
  });

  it('refuses tampered, foreign-signed and expired tokens with INVALID_ARGUMENT on token', async () => {
    const { workspaceId, clientId, deliveryId, token } = await leadWithDelivery('lee@prospect.example');
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), d: newWorkspace() }),
    ).toString('base64url');
    const tampered = [
      `${forged}.${mac}`,
      `${body}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`,
      createUnsubscribeToken({ workspaceId, clientId, deliveryId, issuedAt: new Date() }, randomBytes(32)),
      createUnsubscribeToken(
        { workspaceId, clientId, deliveryId, issuedAt: new Date(Date.now() - 90 * 86_400_000) },
        h.unsubscribeSecret,
      ),
      'garbage',
      '',
    ];
    for (const bad of tampered) {
      expect((await rejection(h.rpc.unsubscribe({ token: bad }), Code.InvalidArgument)).fields).toEqual([
        'token',
      ]);
    }
    expect(
      (await h.rpc.checkSuppression({ workspaceId, emails: ['lee@prospect.example'] })).suppressions,
    ).toEqual([]);
    const orphan = createUnsubscribeToken(
      { workspaceId, clientId, deliveryId: newWorkspace(), issuedAt: new Date() },
      h.unsubscribeSecret,
    );
    await rejection(h.rpc.unsubscribe({ token: orphan }), Code.NotFound);
  });
});
