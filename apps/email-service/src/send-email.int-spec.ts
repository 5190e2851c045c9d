import { Code } from '@connectrpc/connect';
import { DeliveryStatus } from '@coldreach/contracts';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/email-service-harness';

jest.setTimeout(60_000);

const inAnHour = () => ({ seconds: BigInt(Math.floor(Date.now() / 1000) + 3600), nanos: 0 });

describe('EmailService.SendEmail and the delivery calls (PostgreSQL)', () => {
  let h: Harness;
  let workspaceId: string;
  let clientId: string;
  let mailboxId: string;

  beforeAll(async () => {
    // No workers here: deliveries stay as SendEmail left them.
    h = await startHarness({ roles: { api: true, workers: false } });
    workspaceId = newWorkspace();
    clientId = await h.createClient(workspaceId, 'Jane.Doe@Prospect.example', 'Jane');
    mailboxId = await h.createMailbox(workspaceId, 'sales@sender.example');
  });
  afterAll(() => h?.stop());

  const send = (overrides: Record<string, unknown> = {}) =>
    h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 'Hi {{first_name | "there"}}',
      textBody: 'Hello {{first_name}}',
      ...overrides,
    });

  it('writes a SCHEDULED delivery to the ledger and answers its id', async () => {
    const { deliveryId, status } = await send({ htmlBody: '<p>Hello {{ first_name }}</p>' });
    expect(status).toBe(DeliveryStatus.SCHEDULED);
    const { delivery } = await h.rpc.getDelivery({ workspaceId, id: deliveryId });
    expect(delivery).toMatchObject({
      id: deliveryId,
      workspaceId,
      campaignId: '',
      stepId: '',
      stepPosition: 0,
      clientId,
      mailboxId,
      toAddress: 'jane.doe@prospect.example',
      status: DeliveryStatus.SCHEDULED,
      attempts: 0,
      messageId: `<${deliveryId}@sender.example>`,
    });
    expect(delivery?.sentTime).toBeUndefined();
    const [row] = await h.sql<{
      subject_template: string;
      recipient: { firstName?: string };
      request_id: null;
    }>(workspaceId, 'SELECT subject_template, recipient, request_id FROM deliveries WHERE id = $1', [
      deliveryId,
    ]);
    expect(row).toMatchObject({
      subject_template: 'Hi {{first_name | "there"}}',
      recipient: { firstName: 'Jane' },
    });
  });

  it('names every bad field, unknown template variables included', async () => {
    const bad = await rejection(
      h.rpc.sendEmail({
        workspaceId: 'x',
        clientId: 'y',
        mailboxId: 'z',
        subject: '',
        textBody: ' ',
        htmlBody: '',
      }),
      Code.InvalidArgument,
    );
    expect(bad.fields).toEqual(['workspace_id', 'client_id', 'mailbox_id', 'subject', 'text_body']);
    const typo = await rejection(
      send({ subject: 'Hi {{frist_name}}', htmlBody: '<p>{{company</p>' }),
      Code.InvalidArgument,
    );
    expect(typo.fields).toEqual(['subject', 'html_body']);
    expect(typo.message).toContain('did you mean {{first_name}}');
    const far = await rejection(
      send({ scheduledTime: { seconds: BigInt(Math.floor(Date.now() / 1000) + 400 * 86_400), nanos: 0 } }),
      Code.InvalidArgument,
    );
    expect(far.fields).toEqual(['scheduled_time']);
  });

  it('refuses a client that does not exist or belongs to another workspace, naming it', async () => {
    const missing = newWorkspace();
    expect((await rejection(send({ clientId: missing }), Code.NotFound)).message).toContain(
      `client ${missing}`,
    );
    const elsewhere = newWorkspace();
    const foreignClient = await h.createClient(elsewhere, 'someone@prospect.example');
    expect((await rejection(send({ clientId: foreignClient }), Code.NotFound)).message).toContain(
      `client ${foreignClient}`,
    );
    const foreignMailbox = await h.createMailbox(elsewhere);
    expect((await rejection(send({ mailboxId: foreignMailbox }), Code.NotFound)).message).toContain(
      `mailbox ${foreignMailbox}`,
    );
    // On no shard at all.
    const counts = await h.sqlAll<{ n: number }>(
      'SELECT count(*)::int AS n FROM deliveries WHERE client_id = $1',
      [foreignClient],
    );
    expect(counts.map((count) => count.n)).toEqual([0, 0]);
  });

  it('answers a repeated request id with the first delivery, even when the repeats race', async () => {
    const requestId = `req-${Date.now()}`;
    const first = await send({ requestId });
    const again = await send({ requestId, subject: 'Something else' });
    expect(again.deliveryId).toBe(first.deliveryId);
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => send({ requestId: `${requestId}-race` })),
    );
    expect(new Set(racing.map((r) => r.deliveryId)).size).toBe(1);
    const rows = await h.sql<{ n: number }>(
      workspaceId,
      'SELECT count(*)::int AS n FROM deliveries WHERE workspace_id = $1 AND request_id LIKE $2',
      [workspaceId, `${requestId}%`],
    );
    expect(rows[0]!.n).toBe(2);
  });

  it('scopes GetDelivery and ListDeliveries to the workspace', async () => {
    const { deliveryId } = await send();
    await rejection(h.rpc.getDelivery({ workspaceId: newWorkspace(), id: deliveryId }), Code.NotFound);
    expect(
      (await rejection(h.rpc.getDelivery({ workspaceId, id: 'nope' }), Code.InvalidArgument)).fields,
    ).toEqual(['id']);
    const other = await h.rpc.listDeliveries({ workspaceId: newWorkspace() });
    expect(other.deliveries).toEqual([]);
  });

  it('lists with filters, newest first, and binds page tokens to the filter', async () => {
    const ws = newWorkspace();
    const lead = await h.createClient(ws, 'a@prospect.example');
    const otherLead = await h.createClient(ws, 'b@prospect.example');
    const box = await h.createMailbox(ws);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(
        (
          await h.rpc.sendEmail({
            workspaceId: ws,
            clientId: lead,
            mailboxId: box,
            subject: 's',
            textBody: 't',
          })
        ).deliveryId,
      );
    }
    await h.rpc.sendEmail({
      workspaceId: ws,
      clientId: otherLead,
      mailboxId: box,
      subject: 's',
      textBody: 't',
    });
    await h.sql(ws, "UPDATE deliveries SET status = 'sent', sent_at = now() WHERE id = $1", [ids[0]]);

    const filter = { clientId: lead, statuses: [DeliveryStatus.SCHEDULED] };
    const first = await h.rpc.listDeliveries({ workspaceId: ws, pageSize: 1, filter });
    const second = await h.rpc.listDeliveries({
      workspaceId: ws,
      pageSize: 1,
      filter,
      pageToken: first.nextPageToken,
    });
    expect([...first.deliveries, ...second.deliveries].map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(second.nextPageToken).toBe('');
    const sent = await h.rpc.listDeliveries({ workspaceId: ws, filter: { statuses: [DeliveryStatus.SENT] } });
    expect(sent.deliveries.map((d) => d.id)).toEqual([ids[0]]);
    expect(sent.deliveries[0]?.sentTime).toBeDefined();
    expect(
      (
        await rejection(
          h.rpc.listDeliveries({ workspaceId: ws, pageSize: 1, pageToken: first.nextPageToken }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['page_token']);
    expect(
      (
        await rejection(
          h.rpc.listDeliveries({
            workspaceId: ws,
            filter: { campaignId: 'x', statuses: [DeliveryStatus.UNSPECIFIED], mailboxId: 'y' },
          }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['filter.statuses[0]', 'filter.campaign_id', 'filter.mailbox_id']);
  });

  it('retries only an UNKNOWN delivery, keeping its Message-ID', async () => {
    const { deliveryId } = await send({ scheduledTime: inAnHour() });
    const refused = await rejection(
      h.rpc.retryDelivery({ workspaceId, id: deliveryId }),
      Code.FailedPrecondition,
    );
    expect(refused.message).toContain('SCHEDULED');
    await h.sql(
      workspaceId,
      "UPDATE deliveries SET status = 'unknown', attempts = 1, last_error = 'timeout after DATA' WHERE id = $1",
      [deliveryId],
    );
    await rejection(h.rpc.retryDelivery({ workspaceId: newWorkspace(), id: deliveryId }), Code.NotFound);
    const { delivery } = await h.rpc.retryDelivery({ workspaceId, id: deliveryId });
    expect(delivery).toMatchObject({
      status: DeliveryStatus.SCHEDULED,
      messageId: `<${deliveryId}@sender.example>`,
      attempts: 1,
    });
    expect(Number(delivery!.scheduledTime!.seconds)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });
});
