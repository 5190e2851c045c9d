// Email verification through the gateway, with the real Scraper service's VerificationService and
// the real Client service behind it and a DNS server on loopback: one lead, a bulk job from 202 to
// its result counts, cancel, an address alone, the settings, and another workspace's job.
import { randomUUID } from 'node:crypto';
import { waitFor } from '@coldreach/testing';
import { startVerificationGateway, type VerificationGateway } from '../test/verification-gateway';

jest.setTimeout(180_000);

interface Job {
  id: string;
  kind: string;
  status: string;
  total: number;
  checked: number;
  byResult: Record<string, number>;
  filter: Record<string, unknown>;
  endedAt: string | null;
}

let v: VerificationGateway;
beforeAll(async () => {
  // With the Email and Campaign services, so that /api/status can say "nowhere" (404).
  v = await startVerificationGateway({ outreach: true });
}, 120_000);
afterAll(() => v?.close());

/** Polls GET /api/status/:id until the job has this status. */
const jobWhen = (id: string, status: string) =>
  waitFor(
    async () => {
      const job = (await v.call('GET', `/api/status/${id}`)).json<Job>();
      return job.status === status ? job : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: `verification job ${id} to be ${status}` },
  );

describe('one lead', () => {
  it('is checked now, and the lead shows the verdict, its reasons, the mail host and when', async () => {
    const id = await v.lead('ada@acme.test');
    expect((await v.call('GET', `/api/leads/${id}`)).json()).toMatchObject({
      verificationStatus: 'unverified',
      verification: null,
    });

    const verified = await v.call('POST', `/api/leads/${id}/verify`);
    expect(verified.statusCode).toBe(200);
    const lead = verified.json();
    expect(lead).toMatchObject({
      id,
      email: 'ada@acme.test',
      verificationStatus: 'valid',
      verification: {
        verdict: 'safe',
        reasons: expect.arrayContaining(['mx_found', 'smtp_probe_off']),
        mxHost: 'mx.acme.test',
        fromCache: false,
      },
    });
    expect(Date.parse(lead.verification.checkedAt)).not.toBeNaN();
    // Recorded on the lead, not only answered.
    expect((await v.call('GET', `/api/leads/${id}`)).json()).toEqual(lead);
  });

  it('answers 404 for a lead that does not exist, is not a UUID, or is another workspace’s', async () => {
    const theirs = await v.lead('grace@acme.test', [], v.h.b);
    for (const id of [randomUUID(), 'not-a-uuid', theirs]) {
      const response = await v.call('POST', `/api/leads/${id}/verify`);
      expect({ id, status: response.statusCode }).toEqual({ id, status: 404 });
    }
    expect((await v.call('GET', `/api/leads/${theirs}`, undefined, v.h.b)).json()).toMatchObject({
      verification: null,
    });
  });
});

describe('a bulk job', () => {
  let job: Job;

  it('answers 202 with Location, and /api/status follows it until every lead is checked', async () => {
    const emails = ['lin@acme.test', 'info@acme.test', 'x@gone.test', 'y@refused.test', 'z@broken.test'];
    const ids = await Promise.all(emails.map((email) => v.lead(email, ['bulk'])));
    await v.lead('outside@acme.test', ['other']);

    const created = await v.call('POST', '/api/leads/verify', {
      filter: { tag: 'bulk', verificationStatus: 'unverified' },
    });
    expect(created.statusCode).toBe(202);
    const queued = created.json<Job>();
    expect(created.headers.location).toBe(`/api/status/${queued.id}`);
    expect(queued).toMatchObject({
      kind: 'verification',
      filter: { tag: 'bulk', verificationStatus: ['unverified'], company: null, query: null },
    });

    job = await jobWhen(queued.id, 'succeeded');
    expect(job).toMatchObject({
      kind: 'verification',
      total: 5,
      checked: 5,
      byResult: { safe: 1, risky: 1, invalid: 2, unknown: 1 },
    });
    expect(job.endedAt).not.toBeNull();
    expect((await v.call('GET', `/api/leads/verify/${job.id}`)).json()).toEqual(job);

    const leads = await Promise.all(ids.map(async (id) => (await v.call('GET', `/api/leads/${id}`)).json()));
    expect(leads.map((lead) => [lead.email, lead.verificationStatus, lead.verification.verdict])).toEqual([
      ['lin@acme.test', 'valid', 'safe'],
      ['info@acme.test', 'risky', 'risky'],
      ['x@gone.test', 'invalid', 'invalid'],
      ['y@refused.test', 'invalid', 'invalid'],
      ['z@broken.test', 'unknown', 'unknown'],
    ]);
    expect(leads[1].verification.reasons).toContain('role_account');
    expect(leads[2].verification.reasons).toContain('domain_not_found');
    expect(leads[3].verification.reasons).toEqual(
      expect.arrayContaining([expect.stringMatching(/^mx_refused_address/)]),
    );
    const outside = await v.call('GET', '/api/leads?tag=other');
    expect(outside.json().data[0]).toMatchObject({ verificationStatus: 'unverified', verification: null });
  });

  it('is another workspace’s 404, on every route', async () => {
    for (const [method, url] of [
      ['GET', `/api/status/${job.id}`],
      ['GET', `/api/leads/verify/${job.id}`],
      ['POST', `/api/leads/verify/${job.id}/cancel`],
    ] as const) {
      const response = await v.call(method, url, undefined, v.h.b);
      expect({ url, status: response.statusCode }).toEqual({ url, status: 404 });
    }
    expect((await v.call('GET', `/api/status/${job.id}`)).json()).toEqual(job);
  });

  it('cannot be cancelled once it has succeeded', async () => {
    const response = await v.call('POST', `/api/leads/verify/${job.id}/cancel`);
    expect(response.statusCode).toBe(409);
  });

  it('with the same Idempotency-Key, answers the job the first request created', async () => {
    const send = (key: string) =>
      v.app.inject({
        method: 'POST',
        url: '/api/leads/verify',
        headers: { authorization: `Bearer ${v.h.a.key}`, 'idempotency-key': key },
        payload: { filter: { tag: 'nobody-has-this-tag' } },
      });
    const key = `verify-${randomUUID()}`;
    const first = await send(key);
    expect(first.statusCode).toBe(202);
    const again = await send(key);
    expect(again.statusCode).toBe(202);
    expect(again.json().id).toBe(first.json().id);
    expect((await send(`verify-${randomUUID()}`)).json().id).not.toBe(first.json().id);
    // A filter that matches nothing is a job with nothing to check.
    expect(await jobWhen(first.json().id, 'succeeded')).toMatchObject({ total: 0, checked: 0 });
  });
});

describe('cancelling a job before it ends', () => {
  it('stops it, keeps it cancelled, and /api/status says so', async () => {
    // Their DNS never answers: each check waits out the verifier's lookup timeout.
    await Promise.all(Array.from({ length: 20 }, (_, i) => v.lead(`someone@slow${i}.test`, ['slow'])));
    const created = await v.call('POST', '/api/leads/verify', { filter: { tag: 'slow' } });
    expect(created.statusCode).toBe(202);
    const { id } = created.json<Job>();

    const cancelled = await v.call('POST', `/api/leads/verify/${id}/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ id, status: 'cancelled', endedAt: expect.any(String) });
    expect((await v.call('POST', `/api/leads/verify/${id}/cancel`)).json()).toEqual(cancelled.json());
    expect((await v.call('GET', `/api/status/${id}`)).json()).toMatchObject({
      id,
      kind: 'verification',
      status: 'cancelled',
    });
  });
});

describe('an address alone', () => {
  it('is checked and answered, normalised, with the lead status its verdict means', async () => {
    const response = await v.call('POST', '/api/verify', { email: '  Sales@ACME.test ' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      email: 'sales@acme.test',
      verdict: 'risky',
      status: 'risky',
      reasons: expect.arrayContaining(['mx_found', 'role_account']),
      mxHost: 'mx.acme.test',
      checkedAt: expect.any(String),
    });
    const gone = (await v.call('POST', '/api/verify', { email: 'a@vanished.test' })).json();
    expect(gone).toMatchObject({ verdict: 'invalid', status: 'invalid', mxHost: null });
    // Nothing is stored: no lead was created for either.
    for (const q of ['sales@acme.test', 'vanished.test']) {
      expect((await v.call('GET', `/api/leads?q=${q}`)).json().data).toEqual([]);
    }
  });
});

describe('settings', () => {
  it('are off by default, round-trip, and belong to one workspace', async () => {
    expect((await v.call('GET', '/api/settings/verification')).json()).toEqual({ autoVerifyNewLeads: false });
    const put = await v.call('PUT', '/api/settings/verification', { autoVerifyNewLeads: true });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ autoVerifyNewLeads: true });
    expect((await v.call('GET', '/api/settings/verification')).json()).toEqual({ autoVerifyNewLeads: true });
    expect((await v.call('GET', '/api/settings/verification', undefined, v.h.b)).json()).toEqual({
      autoVerifyNewLeads: false,
    });
    await v.call('PUT', '/api/settings/verification', { autoVerifyNewLeads: false });
    expect((await v.call('GET', '/api/settings/verification')).json()).toEqual({ autoVerifyNewLeads: false });
  });
});
