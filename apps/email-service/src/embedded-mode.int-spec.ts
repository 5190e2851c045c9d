import { Code } from '@connectrpc/connect';
import { DeliveryStatus, SuppressionReason, eventTypes } from '@coldreach/contracts';
import { waitFor } from '@coldreach/testing';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/email-service-harness';

jest.setTimeout(90_000);

// The service as `npm start` runs it: PGlite, the in-process address fence and bus, memory limits,
// and no SMTP server, so every email is caught.
describe('email service in embedded mode (PGlite, catcher)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ embedded: true });
  });
  afterAll(() => h?.stop());

  it('sends through the catcher, unsubscribes through the link, and suppresses the next email', async () => {
    const workspaceId = newWorkspace();
    const clientId = await h.createClient(workspaceId, 'ana@prospect.example', 'Ana');
    const mailboxId = await h.createMailbox(workspaceId, 'hello@sender.example');
    const { deliveryId } = await h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 'Hello {{first_name}}',
      textBody: 'Hi {{first_name}}, a quick question.',
    });
    const sent = await waitFor(
      async () => {
        const { delivery } = await h.rpc.getDelivery({ workspaceId, id: deliveryId });
        return delivery?.status === DeliveryStatus.SENT && delivery;
      },
      { timeoutMs: 20_000, what: 'the email to be caught' },
    );
    expect(sent.subject).toBe('Hello Ana');

    const { messages, nextPageToken } = await h.rpc.listCaughtMessages({
      workspaceId,
      filter: { toAddress: 'ANA@prospect.example', deliveryId },
    });
    expect(nextPageToken).toBe('');
    expect(messages).toHaveLength(1);
    const [caught] = messages;
    expect(caught).toMatchObject({ deliveryId, mailboxId, subject: 'Hello Ana', messageId: sent.messageId });
    expect(caught!.envelopeTo).toEqual(['ana@prospect.example']);
    expect(caught!.textBody).toContain('Hi Ana');
    const header = (name: string) => caught!.headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /<(http[^>]+)>/.exec(header('list-unsubscribe'))?.[1] ?? '';
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:8080\/unsubscribe\//);
    expect((await h.rpc.listCaughtMessages({ workspaceId: newWorkspace() })).messages).toEqual([]);
    expect(
      (
        await rejection(
          h.rpc.listCaughtMessages({ workspaceId, filter: { deliveryId: 'x' } }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['filter.delivery_id']);

    const token = decodeURIComponent(link.slice(link.lastIndexOf('/') + 1));
    expect(await h.rpc.unsubscribe({ token })).toMatchObject({
      maskedEmail: 'a***@prospect.example',
      alreadyUnsubscribed: false,
    });
    await waitFor(() =>
      h.emailEvents.some((e) => e.type === eventTypes.leadUnsubscribed && e.key === clientId),
    );

    const next = await h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 'Again',
      textBody: 'Hi',
    });
    await waitFor(
      async () =>
        (await h.rpc.getDelivery({ workspaceId, id: next.deliveryId })).delivery?.status ===
        DeliveryStatus.SUPPRESSED,
      { timeoutMs: 20_000, what: 'the second email to be suppressed' },
    );
    expect((await h.rpc.listCaughtMessages({ workspaceId })).messages).toHaveLength(1);
  });

  it('adds suppressions through the in-process fence while workers send', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    const leads = await Promise.all(
      Array.from({ length: 10 }, (_, i) => h.createClient(workspaceId, `lead${i}@prospect.example`)),
    );
    const sends = leads.map((clientId) =>
      h.rpc.sendEmail({ workspaceId, clientId, mailboxId, subject: 's', textBody: 't' }),
    );
    const adds = leads.map((_, i) =>
      h.rpc.addSuppression({
        workspaceId,
        email: `lead${i}@prospect.example`,
        reason: SuppressionReason.COMPLAINT,
      }),
    );
    const [sent] = await Promise.all([Promise.all(sends), Promise.all(adds)]);
    const finals = await waitFor(
      async () => {
        const statuses = await Promise.all(
          sent.map(
            async ({ deliveryId }) =>
              (await h.rpc.getDelivery({ workspaceId, id: deliveryId })).delivery!.status,
          ),
        );
        return (
          statuses.every((s) => s === DeliveryStatus.SENT || s === DeliveryStatus.SUPPRESSED) && statuses
        );
      },
      { timeoutMs: 20_000 },
    );
    // Every address ended suppressed; whatever was sent was caught before its suppression committed.
    const caught = (await h.rpc.listCaughtMessages({ workspaceId })).messages.length;
    expect(caught).toBe(finals.filter((s) => s === DeliveryStatus.SENT).length);
    expect(
      (
        await h.rpc.checkSuppression({
          workspaceId,
          emails: leads.map((_, i) => `lead${i}@prospect.example`),
        })
      ).suppressions,
    ).toHaveLength(10);
  });
});
