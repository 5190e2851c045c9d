import { Code } from '@connectrpc/connect';
import { createSmtpUrlCipher } from './persistence/smtp-url-cipher';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/email-service-harness';

jest.setTimeout(60_000);

const password = 'hunter2-Sup3rSecret';
const smtpUrl = `smtps://alice%40corp.example:${password}@smtp.corp.example:465`;

describe('EmailService mailboxes (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ roles: { api: true, workers: false } });
  });
  afterAll(() => h?.stop());

  it('creates a mailbox with its URL sealed, and never hands the URL back', async () => {
    const workspaceId = newWorkspace();
    const { mailbox } = await h.rpc.createMailbox({
      workspaceId,
      mailbox: { name: ' Sales – Alice ', smtpUrl, fromName: 'Alice', fromAddress: 'Alice@Corp.example' },
    });
    expect(mailbox).toMatchObject({
      workspaceId,
      name: 'Sales – Alice',
      fromAddress: 'alice@corp.example',
      smtpHost: 'smtp.corp.example',
      smtpPort: 465,
      hasCredentials: true,
      dailyCap: 200,
      domainHourlyCap: 0,
    });
    const [row] = await h.sql<{ smtp_url_sealed: string }>(
      workspaceId,
      'SELECT smtp_url_sealed FROM mailboxes WHERE id = $1',
      [mailbox!.id],
    );
    expect(row!.smtp_url_sealed).not.toContain(password);
    expect(row!.smtp_url_sealed).not.toContain('smtp.corp.example');
    expect(createSmtpUrlCipher(h.credentialsKey).open(row!.smtp_url_sealed)).toBe(smtpUrl);

    const got = await h.rpc.getMailbox({ workspaceId, id: mailbox!.id });
    const listed = await h.rpc.listMailboxes({ workspaceId });
    const updated = await h.rpc.updateMailbox({
      workspaceId,
      id: mailbox!.id,
      mailbox: { name: 'Renamed' },
      updateMask: { paths: ['name'] },
    });
    for (const response of [got, listed, updated]) {
      expect(
        JSON.stringify(response, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
      ).not.toContain(password);
    }
    expect(updated.mailbox).toMatchObject({
      name: 'Renamed',
      smtpHost: 'smtp.corp.example',
      hasCredentials: true,
    });
    expect(h.logLines.join('\n')).not.toContain(password);
    expect(h.logLines.join('\n')).not.toContain(row!.smtp_url_sealed);
  });

  it('names every bad field, without quoting the SMTP URL', async () => {
    const bad = await rejection(
      h.rpc.createMailbox({
        workspaceId: newWorkspace(),
        mailbox: {
          name: '',
          smtpUrl: `http://bob:${password}@smtp.example.com`,
          fromAddress: 'not-an-address',
          dailyCap: 100_001,
          domainHourlyCap: -1,
        },
      }),
      Code.InvalidArgument,
    );
    expect(bad.fields).toEqual([
      'mailbox.name',
      'mailbox.smtp_url',
      'mailbox.from_address',
      'mailbox.daily_cap',
      'mailbox.domain_hourly_cap',
    ]);
    expect(bad.message).not.toContain(password);
    expect(
      (await rejection(h.rpc.createMailbox({ workspaceId: 'nope', mailbox: {} }), Code.InvalidArgument))
        .fields,
    ).toEqual(expect.arrayContaining(['workspace_id']));
    expect(
      (await rejection(h.rpc.getMailbox({ workspaceId: newWorkspace(), id: 'x' }), Code.InvalidArgument))
        .fields,
    ).toEqual(['id']);
    expect(
      (
        await rejection(
          h.rpc.updateMailbox({
            workspaceId: newWorkspace(),
            id: newWorkspace(),
            mailbox: {},
            updateMask: { paths: [] },
          }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['update_mask']);
    expect(
      (
        await rejection(
          h.rpc.updateMailbox({
            workspaceId: newWorkspace(),
            id: newWorkspace(),
            mailbox: {},
            updateMask: { paths: ['fromAddress'] },
          }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['update_mask.paths[0]']);
    expect(
      (
        await rejection(
          h.rpc.listMailboxes({ workspaceId: newWorkspace(), pageSize: -1 }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['page_size']);
    expect(h.logLines.join('\n')).not.toContain(password);
  });

  it('changes only the masked fields; smtp_url is replaced or cleared only when named', async () => {
    const workspaceId = newWorkspace();
    const { mailbox } = await h.rpc.createMailbox({
      workspaceId,
      mailbox: { name: 'A', smtpUrl, fromAddress: 'a@corp.example', dailyCap: 50 },
    });
    const id = mailbox!.id;
    const kept = await h.rpc.updateMailbox({
      workspaceId,
      id,
      mailbox: { name: 'B', smtpUrl: '', dailyCap: 75, domainHourlyCap: 10 },
      updateMask: { paths: ['daily_cap', 'domain_hourly_cap'] },
    });
    expect(kept.mailbox).toMatchObject({
      name: 'A',
      dailyCap: 75,
      domainHourlyCap: 10,
      hasCredentials: true,
    });
    const replaced = await h.rpc.updateMailbox({
      workspaceId,
      id,
      mailbox: { smtpUrl: 'smtp://relay.corp.example' },
      updateMask: { paths: ['smtp_url'] },
    });
    expect(replaced.mailbox).toMatchObject({
      smtpHost: 'relay.corp.example',
      smtpPort: 587,
      hasCredentials: false,
    });
    const cleared = await h.rpc.updateMailbox({
      workspaceId,
      id,
      mailbox: {},
      updateMask: { paths: ['smtp_url'] },
    });
    expect(cleared.mailbox).toMatchObject({ smtpHost: '', smtpPort: 0, hasCredentials: false });
    const [row] = await h.sql<{ smtp_url_sealed: string | null }>(
      workspaceId,
      'SELECT smtp_url_sealed FROM mailboxes WHERE id = $1',
      [id],
    );
    expect(row!.smtp_url_sealed).toBeNull();
    expect(
      (
        await rejection(
          h.rpc.updateMailbox({
            workspaceId,
            id,
            mailbox: { dailyCap: 0 },
            updateMask: { paths: ['daily_cap'] },
          }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['mailbox.daily_cap']);
  });

  it("answers NOT_FOUND for another workspace's mailbox on every call", async () => {
    const owner = newWorkspace();
    const other = newWorkspace();
    const id = await h.createMailbox(owner);
    await rejection(h.rpc.getMailbox({ workspaceId: other, id }), Code.NotFound);
    await rejection(
      h.rpc.updateMailbox({
        workspaceId: other,
        id,
        mailbox: { name: 'x' },
        updateMask: { paths: ['name'] },
      }),
      Code.NotFound,
    );
    await rejection(h.rpc.deleteMailbox({ workspaceId: other, id }), Code.NotFound);
    await rejection(h.rpc.testMailbox({ workspaceId: other, id }), Code.NotFound);
    expect((await h.rpc.listMailboxes({ workspaceId: other })).mailboxes).toEqual([]);
    expect((await h.rpc.getMailbox({ workspaceId: owner, id })).mailbox?.id).toBe(id);
  });

  it('lists newest first with page tokens bound to the workspace', async () => {
    const workspaceId = newWorkspace();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await h.createMailbox(workspaceId, `m${i}@corp.example`));
    const first = await h.rpc.listMailboxes({ workspaceId, pageSize: 2 });
    const second = await h.rpc.listMailboxes({ workspaceId, pageSize: 2, pageToken: first.nextPageToken });
    const third = await h.rpc.listMailboxes({ workspaceId, pageSize: 2, pageToken: second.nextPageToken });
    expect([...first.mailboxes, ...second.mailboxes, ...third.mailboxes].map((m) => m.id)).toEqual(
      [...ids].reverse(),
    );
    expect(third.nextPageToken).toBe('');
    expect(
      (
        await rejection(
          h.rpc.listMailboxes({ workspaceId: newWorkspace(), pageToken: first.nextPageToken }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['page_token']);
  });

  it('refuses to delete a mailbox with open deliveries, naming their count', async () => {
    const workspaceId = newWorkspace();
    const id = await h.createMailbox(workspaceId);
    const clientId = await h.createClient(workspaceId, 'lead@prospect.example');
    const inAnHour = { seconds: BigInt(Math.floor(Date.now() / 1000) + 3600), nanos: 0 };
    for (const requestId of ['a', 'b']) {
      await h.rpc.sendEmail({
        workspaceId,
        clientId,
        mailboxId: id,
        subject: 'Hi',
        textBody: 'Hello',
        requestId,
        scheduledTime: inAnHour,
      });
    }
    const refused = await rejection(h.rpc.deleteMailbox({ workspaceId, id }), Code.FailedPrecondition);
    expect(refused.message).toContain('2 deliveries');
    await h.sql(workspaceId, "UPDATE deliveries SET status = 'cancelled' WHERE mailbox_id = $1", [id]);
    await h.rpc.deleteMailbox({ workspaceId, id });
    await rejection(h.rpc.getMailbox({ workspaceId, id }), Code.NotFound);
  });
});
