import { randomUUID } from 'node:crypto';
import type { Lead } from '../mapping/lead-mapping';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

async function create(t: Tenant, body: Record<string, unknown>): Promise<Lead> {
  const response = await h.call('POST', '/api/leads', { key: t.key, body });
  expect(response.statusCode).toBe(201);
  return response.json<Lead>();
}

async function list(t: Tenant, query: string): Promise<Lead[]> {
  const response = await h.call('GET', `/api/leads?limit=500${query}`, { key: t.key });
  expect(response.statusCode).toBe(200);
  return response.json<{ data: Lead[] }>().data;
}

describe('POST /api/leads/bulk', () => {
  it('adds and removes a tag on each lead, and reports the ids it could not act on', async () => {
    const t = await h.tenant();
    const a = await create(t, { email: 'a@example.com', tags: ['old'] });
    const b = await create(t, { email: 'b@example.com', tags: ['keep', 'hot'] });
    const other = await create(h.a, { email: `x${randomUUID()}@example.com` });
    const missing = randomUUID();
    const bulk = (body: unknown) => h.call('POST', '/api/leads/bulk', { key: t.key, body });

    const added = await bulk({ ids: [a.id, b.id, other.id, missing, 'nope'], action: 'addTag', tag: 'hot' });
    expect(added.statusCode).toBe(200);
    const result = added.json<{ succeeded: number; failed: { id: string; reason: string }[] }>();
    expect(result.succeeded).toBe(2);
    expect(result.failed.map((f) => f.id).sort()).toEqual([other.id, missing, 'nope'].sort());
    expect(result.failed.every((f) => f.reason === 'no such lead in this workspace')).toBe(true);
    expect((await list(t, '&tag=hot')).map((lead) => lead.email).sort()).toEqual([
      'a@example.com',
      'b@example.com',
    ]);
    expect((await list(t, '&tag=old'))[0]?.tags).toEqual(['old', 'hot']);

    const removed = await bulk({ ids: [a.id, b.id], action: 'removeTag', tag: 'hot' });
    expect(removed.json()).toMatchObject({ action: 'removeTag', succeeded: 2, failed: [] });
    expect(await list(t, '&tag=hot')).toEqual([]);
    expect((await list(t, '&tag=keep'))[0]?.tags).toEqual(['keep']);
  });

  it('deletes the leads, leaving other workspaces alone', async () => {
    const t = await h.tenant();
    const ids = await Promise.all(
      [1, 2, 3].map(async (i) => (await create(t, { email: `d${i}@example.com` })).id),
    );
    const other = await create(h.b, { email: `y${randomUUID()}@example.com` });
    const response = await h.call('POST', '/api/leads/bulk', {
      key: t.key,
      body: { ids: [...ids, other.id], action: 'delete' },
    });
    expect(response.json()).toMatchObject({ succeeded: 3, failed: [{ id: other.id }] });
    expect(await h.countLeads(t.workspaceId)).toBe(0);
    expect((await h.call('GET', `/api/leads/${other.id}`, { key: h.b.key })).statusCode).toBe(200);
  });

  it('refuses a tag action without a tag, more than 500 ids, and verify without a verifier', async () => {
    const t = await h.tenant();
    const call = (body: unknown) => h.call('POST', '/api/leads/bulk', { key: t.key, body });
    const noTag = await call({ ids: [randomUUID()], action: 'addTag' });
    expect(noTag.statusCode).toBe(400);
    expect(noTag.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body.tag');
    const ids = Array.from({ length: 501 }, () => randomUUID());
    expect((await call({ ids, action: 'delete' })).statusCode).toBe(400);
    expect((await call({ ids: [randomUUID()], action: 'verify' })).statusCode).toBe(503);
  });
});

describe('filters, sort and GET /api/leads/export', () => {
  let t: Tenant;
  beforeAll(async () => {
    t = await h.tenant();
    for (let i = 0; i < 12; i++) {
      await create(t, {
        email: `e${i}@example.com`,
        firstName: i === 3 ? '=HYPERLINK("http://evil")' : `First, "${i}"`,
        company: i % 2 === 0 ? 'Acme' : 'Globex',
        sourceUrl: i % 3 === 0 ? `https://Team.Acme.example/page${i}` : '',
        tags: ['x', 'y'],
        customFields: i === 0 ? { score: '10' } : {},
      });
    }
  }, 60_000);

  it('filters by source and lists oldest first', async () => {
    const newest = await list(t, '');
    expect((await list(t, '&sort=oldest')).map((l) => l.id)).toEqual(newest.map((l) => l.id).reverse());
    expect((await list(t, '&source=team.ACME')).map((l) => l.email).sort()).toEqual([
      'e0@example.com',
      'e3@example.com',
      'e6@example.com',
      'e9@example.com',
    ]);
  });

  it('exports every lead matching the filters as a CSV attachment, formulas neutralised', async () => {
    const response = await h.call('GET', '/api/leads/export?company=acme&sort=oldest', { key: t.key });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="leads-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const lines = response.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'email,first_name,last_name,company,title,phone,website,source_url,collected_at,verification_status,tags,custom_fields,created_at,id',
    );
    expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(
      [0, 2, 4, 6, 8, 10].map((i) => `e${i}@example.com`),
    );
    expect(lines[1]).toContain('"First, ""0""",,Acme');
    expect(lines[1]).toContain(',x;y,"{""score"":""10""}",');
    const odd = await h.call('GET', '/api/leads/export?company=globex', { key: t.key });
    expect(odd.body).toContain(`'=HYPERLINK(""http://evil"")`);
  });

  it('pages through more leads than one Client service page', async () => {
    const big = await h.tenant();
    const rows = Array.from({ length: 1203 }, (_, i) => `many${i}@example.com`).join('\n');
    const imported = await h.call('POST', '/api/leads/import', {
      key: big.key,
      body: `email\n${rows}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json()).toMatchObject({ accepted: 1203 });
    const response = await h.call('GET', '/api/leads/export', { key: big.key });
    const emails = response.body
      .trimEnd()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(new Set(emails).size).toBe(1203);
  });

  it('refuses an unknown sort', async () => {
    expect((await h.call('GET', '/api/leads/export?sort=name', { key: t.key })).statusCode).toBe(400);
  });
});
