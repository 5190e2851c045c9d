import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { VerificationJobStatus, VerificationStatus } from '@coldreach/contracts';
import { expectGrpcRejection, waitFor, type DnsReply } from '@coldreach/testing';
import { startVerificationRig, type RcptAnswer, type VerificationRig } from '../../test/verification-rig';

// Test domains: each resolves (MX → mx.<domain> → 127.0.0.1, the test mail server) or not as named.
const mx = (domain: string): DnsReply => ({ mx: [{ preference: 10, exchange: `mx.${domain}` }] });
const zone: Record<string, Record<string, DnsReply>> = {
  'acme.test': { MX: mx('acme.test') },
  'mx.acme.test': { A: { addresses: ['127.0.0.1'] } },
  'catchall.test': { MX: mx('catchall.test') },
  'mx.catchall.test': { A: { addresses: ['127.0.0.1'] } },
  'grey.test': { MX: mx('grey.test') },
  'mx.grey.test': { A: { addresses: ['127.0.0.1'] } },
  'nomail.test': { MX: { mx: [{ preference: 0, exchange: '.' }] } },
  // Its mail host is on a loopback address the verifier may not reach.
  'inside.test': { MX: mx('inside.test') },
  'mx.inside.test': { A: { addresses: ['127.0.0.9'] } },
};
const mailbox: Record<string, RcptAnswer> = {
  'ada@acme.test': 'accept',
  'grace@acme.test': 'accept',
};
function rcpt(address: string): RcptAnswer {
  const domain = address.slice(address.indexOf('@') + 1);
  if (domain === 'catchall.test') return 'accept';
  if (domain === 'grey.test') return 'greylist';
  return mailbox[address] ?? 'reject';
}

describe('email verification (real Client service, PostgreSQL, DNS and SMTP servers on loopback)', () => {
  let rig: VerificationRig;
  beforeAll(async () => {
    rig = await startVerificationRig({
      dns: (name, type) => {
        const records = zone[name];
        if (!records) return undefined;
        return records[type] ?? {};
      },
      rcpt,
    });
  }, 120_000);
  afterAll(() => rig?.stop());

  const addLead = async (workspaceId: string, email: string, tags: string[]) =>
    (await rig.clients.createClient({ workspaceId, client: { email, tags } })).client!;

  it('checks an address without storing it, with every reason', async () => {
    const workspaceId = randomUUID();
    const good = await rig.verification.verifyAddress({ workspaceId, email: ' Ada@ACME.test ' });
    expect(good.email).toBe('ada@acme.test');
    expect(good.verification?.verdict).toBe('safe');
    expect(good.verification?.status).toBe(VerificationStatus.VALID);
    expect(good.verification?.mxHost).toBe('mx.acme.test');
    expect(good.verification?.reasons).toContain('smtp_accepted');

    const nullMx = await rig.verification.verifyAddress({ workspaceId, email: 'jo@nomail.test' });
    expect(nullMx.verification?.verdict).toBe('invalid');
    expect(nullMx.verification?.reasons).toContain('null_mx');

    const before = rig.rcpts.length;
    const inside = await rig.verification.verifyAddress({ workspaceId, email: 'jo@inside.test' });
    expect(inside.verification?.verdict).toBe('invalid');
    expect(inside.verification?.reasons.some((reason) => reason.startsWith('mx_refused_address'))).toBe(true);
    expect(rig.rcpts.length).toBe(before);

    const tooLong = await expectGrpcRejection(
      rig.verification.verifyAddress({ workspaceId, email: 'x'.repeat(10_000) }),
      Code.InvalidArgument,
    );
    expect(tooLong.violations.map((violation) => violation.field)).toEqual(['email']);
  });

  it('verifies one lead and records the result on it', async () => {
    const workspaceId = randomUUID();
    const lead = await addLead(workspaceId, 'nobody@acme.test', []);
    const { client } = await rig.verification.verifyClient({ workspaceId, clientId: lead.id });
    expect(client?.verificationStatus).toBe(VerificationStatus.INVALID);
    expect(client?.verification?.verdict).toBe('invalid');
    expect(client?.verification?.reasons.some((reason) => reason.startsWith('smtp_rejected: 550'))).toBe(
      true,
    );
    await expectGrpcRejection(
      rig.verification.verifyClient({ workspaceId: randomUUID(), clientId: lead.id }),
      Code.NotFound,
    );
  });

  it('runs a bulk job over a filter to its end, each address once, with progress by result', async () => {
    const workspaceId = randomUUID();
    const emails = [
      'ada@acme.test',
      'grace@acme.test',
      'nobody@acme.test',
      'sales@catchall.test',
      'jo@nomail.test',
      'ann@nowhere.test',
    ];
    const leads = await Promise.all(emails.map((email) => addLead(workspaceId, email, ['bulk'])));
    await addLead(workspaceId, 'other@acme.test', ['not-this-job']);
    const probesBefore = rig.rcpts.length;

    const { job } = await rig.verification.createVerificationJob({ workspaceId, filter: { tag: 'bulk' } });
    const done = await waitFor(
      async () => {
        const current = (await rig.verification.getVerificationJob({ workspaceId, id: job!.id })).job!;
        return current.status === VerificationJobStatus.SUCCEEDED ? current : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100, what: 'the verification job to succeed' },
    );
    expect({ total: done.total, checked: done.checked }).toEqual({ total: 6, checked: 6 });
    expect({ safe: done.safe, risky: done.risky, invalid: done.invalid, unknown: done.unknown }).toEqual({
      safe: 2,
      risky: 1,
      invalid: 3,
      unknown: 0,
    });
    const statuses = await Promise.all(
      leads.map(async (lead) => {
        const { client } = await rig.clients.getClient({ workspaceId, id: lead.id });
        return [client!.email, client!.verification?.verdict] as const;
      }),
    );
    expect(Object.fromEntries(statuses)).toEqual({
      'ada@acme.test': 'safe',
      'grace@acme.test': 'safe',
      'nobody@acme.test': 'invalid',
      'sales@catchall.test': 'risky',
      'jo@nomail.test': 'invalid',
      'ann@nowhere.test': 'invalid',
    });
    // Each address asked once; the catch-all probe once per domain, never for the lead outside the filter.
    const asked = rig.rcpts.slice(probesBefore).map((seen) => seen.address);
    for (const email of ['ada@acme.test', 'grace@acme.test', 'nobody@acme.test', 'sales@catchall.test']) {
      expect(asked.filter((address) => address === email)).toHaveLength(1);
    }
    expect(asked).not.toContain('other@acme.test');
  });

  it('retries a greylisted address a bounded number of times, then calls it unknown with the reason', async () => {
    const workspaceId = randomUUID();
    const lead = await addLead(workspaceId, 'ann@grey.test', ['grey']);
    const { job } = await rig.verification.createVerificationJob({ workspaceId, filter: { tag: 'grey' } });
    const done = await waitFor(
      async () => {
        const current = (await rig.verification.getVerificationJob({ workspaceId, id: job!.id })).job!;
        return current.status === VerificationJobStatus.SUCCEEDED ? current : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 100, what: 'the greylisted job to end' },
    );
    expect(done.unknown).toBe(1);
    expect(rig.rcpts.filter((seen) => seen.address === 'ann@grey.test')).toHaveLength(2);
    const { client } = await rig.clients.getClient({ workspaceId, id: lead.id });
    expect(client?.verificationStatus).toBe(VerificationStatus.UNKNOWN);
    expect(client?.verification?.reasons.some((reason) => reason.startsWith('smtp_temporary: 451'))).toBe(
      true,
    );
  });

  it('cancels a job: nothing more is checked, and cancelling again answers it unchanged', async () => {
    const workspaceId = randomUUID();
    await addLead(workspaceId, 'bob@grey.test', ['cancel']);
    const { job } = await rig.verification.createVerificationJob({ workspaceId, filter: { tag: 'cancel' } });
    const { job: cancelled } = await rig.verification.cancelVerificationJob({ workspaceId, id: job!.id });
    expect(cancelled?.status).toBe(VerificationJobStatus.CANCELLED);
    const again = await rig.verification.cancelVerificationJob({ workspaceId, id: job!.id });
    expect(again.job?.status).toBe(VerificationJobStatus.CANCELLED);
    await expectGrpcRejection(
      rig.verification.getVerificationJob({ workspaceId: randomUUID(), id: job!.id }),
      Code.NotFound,
    );
  });

  it('verifies new leads automatically once the workspace turns it on', async () => {
    const workspaceId = randomUUID();
    const off = await addLead(workspaceId, 'grace@acme.test', []);
    const { settings } = await rig.verification.updateVerificationSettings({
      workspaceId,
      settings: { autoVerifyNewLeads: true },
    });
    expect(settings?.autoVerifyNewLeads).toBe(true);
    const on = await addLead(workspaceId, 'ada@acme.test', []);
    const verified = await waitFor(
      async () => {
        const { client } = await rig.clients.getClient({ workspaceId, id: on.id });
        return client?.verification ? client : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 100, what: 'the new lead to be verified' },
    );
    expect(verified.verificationStatus).toBe(VerificationStatus.VALID);
    const before = (await rig.clients.getClient({ workspaceId, id: off.id })).client;
    expect(before?.verification).toBeUndefined();
  });
});
