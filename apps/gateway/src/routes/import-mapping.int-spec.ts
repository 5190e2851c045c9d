import { randomUUID } from 'node:crypto';
import { waitFor } from '@coldreach/testing';
import type { Lead } from '../mapping/lead-mapping';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { importRequests, startImportUpload } from '../test/import-requests';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

async function leadByEmail(key: string, email: string): Promise<Lead | undefined> {
  const response = await h.call('GET', `/api/leads?q=${encodeURIComponent(email)}`, { key });
  return response.json<{ data: Lead[] }>().data.find((lead) => lead.email === email);
}

describe('an import with a column mapping', () => {
  it('fills the fields the mapping names, whatever the header says, and ignores the columns it drops', async () => {
    const t = await h.tenant();
    const csv = 'Contact,Who,Firm,Notes,Secret\nada@example.com,Ada,Analytical,likes engines,hunter2\n';
    const mapping = JSON.stringify(['email', 'firstName', 'company', 'custom:remarks', 'ignore']);
    const response = await importRequests(h).multipart(t, csv, { mapping });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ submitted: 1, accepted: 1, created: 1 });
    const lead = await leadByEmail(t.key, 'ada@example.com');
    expect(lead).toMatchObject({
      firstName: 'Ada',
      company: 'Analytical',
      customFields: { remarks: 'likes engines' },
    });
    expect(JSON.stringify(lead)).not.toContain('hunter2');
  });

  it('takes the mapping in the query string for a text/csv body', async () => {
    const t = await h.tenant();
    const mapping = encodeURIComponent(JSON.stringify(['lastName', 'email']));
    const response = await importRequests(h).csv(t, 'a,b\nLovelace,al@example.com\n', `?mapping=${mapping}`);
    expect(response.statusCode).toBe(200);
    expect(await leadByEmail(t.key, 'al@example.com')).toMatchObject({ lastName: 'Lovelace' });
  });

  it.each([
    ['not JSON', '[email', /JSON array/],
    ['an unknown field', JSON.stringify(['email', 'nickname']), /mapping\[1\] must be a lead field/],
    ['no email column', JSON.stringify(['firstName', 'lastName']), /one column to email/],
    ['a column count unlike the header', JSON.stringify(['email']), /names 1 columns but the header has 2/],
    ['two columns for one field', JSON.stringify(['email', 'email']), /both map to email/],
  ])('refuses %s with a 400 and imports nothing', async (_name, mapping, detail) => {
    const t = await h.tenant();
    const response = await importRequests(h).multipart(t, 'a,b\nx@example.com,y@example.com\n', { mapping });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ detail: string }>().detail).toMatch(detail);
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });
});

describe('POST /api/leads/import/columns', () => {
  it("answers the import's own guess, which imports the file as an upload without a mapping would", async () => {
    const t = await h.tenant();
    const header = ['E-mail', 'Given Name', 'Organisation', 'Lead Score', 'email'];
    const csv = `${header.join(';')}\ngrace@example.com;Grace;Navy;9;old@example.com\n`;
    const response = await h.call('POST', '/api/leads/import/columns', {
      key: t.key,
      body: { text: csv.slice(0, -10) },
    });
    expect(response.statusCode).toBe(200);
    const answer = response.json<{ header: string[]; sample: string[]; columns: { target: string }[] }>();
    // The row cut short is not shown; the semicolons are read as the import reads them.
    expect(answer).toMatchObject({ header, sample: [] });
    const complete = await h.call('POST', '/api/leads/import/columns', {
      key: t.key,
      body: { text: csv, complete: true },
    });
    expect(complete.json()).toMatchObject({
      sample: ['grace@example.com', 'Grace', 'Navy', '9', 'old@example.com'],
    });
    const { columns } = answer;
    expect(columns.map((c) => c.target)).toEqual([
      'email',
      'firstName',
      'company',
      'custom:lead_score',
      'custom:email',
    ]);
    const mapping = JSON.stringify(columns.map((c) => c.target));
    expect((await importRequests(h).multipart(t, csv, { mapping })).statusCode).toBe(200);
    expect(await leadByEmail(t.key, 'grace@example.com')).toMatchObject({
      firstName: 'Grace',
      company: 'Navy',
      customFields: { lead_score: '9', email: 'old@example.com' },
    });
  });

  it('refuses an empty text, and says why a text has no header', async () => {
    const t = await h.tenant();
    const columns = (body: unknown) => h.call('POST', '/api/leads/import/columns', { key: t.key, body });
    expect((await columns({ text: '' })).statusCode).toBe(400);
    const blank = await columns({ text: '\n\n', complete: true });
    expect(blank.statusCode).toBe(400);
    expect(blank.json<{ detail: string }>().detail).toMatch(/empty/);
  });
});

describe('import progress', () => {
  beforeAll(() => h.app.listen({ host: '127.0.0.1', port: 0 }));

  it('is reported while the upload streams, then as finished, to the same workspace only', async () => {
    const t = await h.tenant();
    const progressId = randomUUID();
    const progressOf = async (key: string) =>
      h.call('GET', `/api/leads/import-progress/${progressId}`, { key });
    const upload = startImportUpload(h.app, t.key, `?progressId=${progressId}`);
    await upload.write('email,first_name\n');
    await upload.write(Array.from({ length: 1200 }, (_, i) => `p${i}@example.com,P${i}\n`).join(''));
    // The request is still open: the server must already say how far it got.
    const running = await waitFor(
      async () => {
        const response = await progressOf(t.key);
        const body =
          response.statusCode === 200 ? response.json<{ state: string; rows: number }>() : undefined;
        return body && body.rows >= 1000 ? body : undefined;
      },
      { timeoutMs: 30_000, what: 'progress past the first batches' },
    );
    expect(running).toMatchObject({ state: 'running', totalBytes: null });
    expect(running.rows).toBeLessThanOrEqual(1200);
    await upload.write('bad-address,Nobody\n');
    const answer = await upload.end();
    expect(answer.status).toBe(200);
    const done = await progressOf(t.key);
    expect(done.json()).toMatchObject({
      state: 'finished',
      rows: 1201,
      accepted: 1200,
      rejected: 1,
      detail: null,
    });
    expect((await progressOf(h.a.key)).statusCode).toBe(404);
  });

  it('says why an import failed', async () => {
    const t = await h.tenant();
    const progressId = randomUUID();
    const response = await importRequests(h).csv(t, 'name\nAda\n', `?progressId=${progressId}`);
    expect(response.statusCode).toBe(400);
    const progress = await h.call('GET', `/api/leads/import-progress/${progressId}`, { key: t.key });
    expect(progress.json()).toMatchObject({ state: 'failed', detail: expect.stringMatching(/email column/) });
  });

  it('answers 404 for an id never used or not a UUID, and refuses a progress id that is not one', async () => {
    const t = await h.tenant();
    expect(
      (await h.call('GET', `/api/leads/import-progress/${randomUUID()}`, { key: t.key })).statusCode,
    ).toBe(404);
    expect((await h.call('GET', '/api/leads/import-progress/nope', { key: t.key })).statusCode).toBe(404);
    const refused = await importRequests(h).csv(t, 'email\na@example.com\n', '?progressId=nope');
    expect(refused.statusCode).toBe(400);
  });
});
